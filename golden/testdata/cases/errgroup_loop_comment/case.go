package errgroup_loop_comment

import "errors"

func check(s string) error { return errors.New(s) }

// CheckAll has a comment in its receive loop, outside the if statement:
// the errgroup fix would have nowhere to keep it, so it is not offered.
func CheckAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		// one receive per item
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"x", "x", "x"}).Error() }
