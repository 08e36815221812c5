package errgroup_quorum

import "errors"

func write(replica int) error { return errors.New("down") }

// Quorum waits for two of three replicas: g.Wait() would wait for all.
func Quorum() error {
	errc := make(chan error)
	for i := range 3 {
		go func() {
			errc <- write(i)
		}()
	}
	for range 2 {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return Quorum().Error() }
