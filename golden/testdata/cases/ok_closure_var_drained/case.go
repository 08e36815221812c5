package ok_closure_var_drained

import "errors"

// Copy reads the error of both goroutines before it decides.
func Copy(a, b []byte) error {
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
	err1, err2 := <-errc, <-errc
	return errors.Join(err1, err2)
}
