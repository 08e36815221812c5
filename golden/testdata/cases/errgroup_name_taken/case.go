package errgroup_name_taken

import "errors"

func check(s string) error { return errors.New(s) }

// CheckAll has a parameter named errgroup: the errgroup import would be
// shadowed where it is used.
func CheckAll(items []string, errgroup int) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"x", "x", "x"}, 0).Error() }
