package ok_log_fatal

import "log"

// All exits the process on the first error: nothing is left to leak.
func All(n int) {
	errs := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errs <- nil }()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			log.Fatal(err)
		}
	}
}
