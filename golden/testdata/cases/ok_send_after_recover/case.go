package ok_send_after_recover

import "fmt"

// Safe reports a panic through the channel from a deferred function.
func Safe(f func()) error {
	errc := make(chan error)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r)
			}
		}()
		f()
	}()
	return <-errc
}
