package errgroup_name_other_file

import "errors"

func check(s string) error { return errors.New(s) }

// CheckAll is an error fan-out, but another file of the package declares
// errgroup.
func CheckAll(items []string) error {
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

func Case() any { return CheckAll([]string{"x", "x", "x"}).Error() + errgroup }
