package errgroup_comments

import (
	"errors"
	"fmt"
)

func check(s string) error { return errors.New(s) }

// CheckAll has comments everywhere the errgroup fix moves code, and a raw
// string in the error's handling, whose lines must not move.
func CheckAll(items []string) error {
	errc := make(chan error) // one per item
	for _, it := range items {
		// one goroutine per item
		go func() {
			// check it
			errc <- check(it) /* the result */
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			// the first failure wins
			return fmt.Errorf(`check:
	%w`, err) // wrapped
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"x", "x", "x"}).Error() }
