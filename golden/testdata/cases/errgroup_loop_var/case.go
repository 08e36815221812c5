package errgroup_loop_var

import (
	"errors"
	"fmt"
)

func check(s string) error { return errors.New(s) }

// CheckAll numbers the error by the receive that got it, which g.Wait()
// has no count for.
func CheckAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for i := range items {
		if err := <-errc; err != nil {
			return fmt.Errorf("receive %d: %w", i, err)
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"x", "x", "x"}).Error() }
