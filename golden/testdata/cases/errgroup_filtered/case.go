package errgroup_filtered

import "errors"

// ErrSkip marks an item that is left out, not a failure.
var ErrSkip = errors.New("skip")

func check(s string) error {
	if s == "" {
		return ErrSkip
	}
	return errors.New("bad " + s)
}

// CheckAll returns the first error that is not ErrSkip: g.Wait() would
// return the first error of any kind, so errgroup must not be offered.
func CheckAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		if err := <-errc; err != nil && !errors.Is(err, ErrSkip) {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"x", "x", "x"}).Error() }
