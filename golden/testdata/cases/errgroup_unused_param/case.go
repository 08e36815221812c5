package errgroup_unused_param

import "errors"

func check(s string) error { return errors.New(s[:0] + "bad") }

// CheckAll passes a parameter its goroutine never reads.
func CheckAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func(unused string) {
			errc <- check(it)
		}(it)
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"a", "b", "c"}).Error() }
