package errgroup_param_name_taken

import "errors"

func check(s string) error { return errors.New(s[:0] + "bad") }

// CheckAll names its goroutine parameter like a variable of the loop body.
func CheckAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		s := it + "x"
		go func(s string) {
			errc <- check(s)
		}(it)
		_ = s
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"a", "b", "c"}).Error() }
