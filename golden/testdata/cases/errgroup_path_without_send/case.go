package errgroup_path_without_send

import "errors"

// CheckAll sends an error only for bad names: errgroup cannot take it as
// it is, since a goroutine may end without sending.
func CheckAll(names []string) error {
	errc := make(chan error)
	for _, n := range names {
		go func() {
			if n != "" {
				errc <- errors.New(n)
				return
			}
		}()
	}
	for range names {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"a", "a", "a"}).Error() }
