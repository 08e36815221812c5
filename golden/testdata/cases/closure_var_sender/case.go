package closure_var_sender

import "errors"

// Copy writes both halves from goroutines that run a local closure, and
// gives up before reading their errors when told to stop.
func Copy(a, b []byte, stop bool) error {
	errc := make(chan error)
	write := func(p []byte) {
		var err error
		if len(p) == 0 {
			err = errors.New("empty")
		}
		errc <- err
	}
	go write(a)
	go write(b)
	if stop {
		return errors.New("stopped")
	}
	if err := <-errc; err != nil {
		return err
	}
	return <-errc
}

func Case() any { return Copy([]byte("a"), []byte("b"), true) }
