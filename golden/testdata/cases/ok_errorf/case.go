package ok_errorf

import "testing"

// Check reports every error; t.Errorf does not stop the test.
func Check(t *testing.T, n int) {
	errs := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errs <- nil }()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Errorf("worker: %v", err)
		}
	}
}
