package errgroup_two_fanouts

import "errors"

func check(s string) error { return errors.New(s) }

// A and B are two error fan-outs in one file: their errgroup fixes add
// the same import once.
func A(items []string) error {
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

func B(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it + "!")
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return A([]string{"x", "x"}).Error() + B([]string{"y", "y"}).Error() }
