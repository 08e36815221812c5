package ok_os_exit

import "os"

// All ends the process on the first failure: nothing is left to leak.
func All(n int) {
	errs := make(chan error)
	for i := 0; i < n; i++ {
		go func() { errs <- nil }()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			os.Exit(1)
		}
	}
}
