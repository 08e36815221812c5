package errgroup_break

import "errors"

func check(s string) error { return errors.New(s) }

// CheckAll keeps the first error and stops receiving.
func CheckAll(items []string) error {
	var first error
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			first = err
			break
		}
	}
	return first
}

func Case() any { return CheckAll([]string{"x", "x", "x"}).Error() }
