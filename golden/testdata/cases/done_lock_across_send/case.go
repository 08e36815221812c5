package done_lock_across_send

import "sync"

// First returns the first result. Each sender holds the lock across its
// send: one that gave up there would hold it for ever.
func First(xs []int) int {
	var mu sync.Mutex
	out := make(chan int)
	for _, x := range xs {
		go func() {
			mu.Lock()
			out <- x * 2
			mu.Unlock()
		}()
	}
	return <-out
}
