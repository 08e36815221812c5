package ok_mutex_flag

import "sync"

// First lets only the first goroutine to take the lock send.
func First(xs []int) int {
	c := make(chan int)
	var mu sync.Mutex
	sent := false
	for _, x := range xs {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			if !sent {
				sent = true
				c <- x
			}
		}()
	}
	return <-c
}
