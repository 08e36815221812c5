package early_error_fatal

import (
	"errors"
	"testing"
)

func work(i int) error {
	return errors.New("boom")
}

// RunAll fails the test at the first error.
func RunAll(t testing.TB, n int) {
	errs := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errs <- work(i) }()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
