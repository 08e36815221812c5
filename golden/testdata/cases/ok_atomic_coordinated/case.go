package ok_atomic_coordinated

import "sync/atomic"

// Last lets only the last goroutine to arrive send.
func Last(n int) bool {
	done := make(chan bool)
	var x atomic.Int32
	for i := 0; i < n; i++ {
		go func() {
			if x.Add(1) == int32(n) {
				done <- true
			}
		}()
	}
	return <-done
}
