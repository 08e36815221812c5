package mutex_no_flag

import "sync"

// First sends under a lock, but with no flag every goroutine sends in turn.
func First(xs []int) int {
	c := make(chan int)
	var mu sync.Mutex
	for _, x := range xs {
		go func() {
			mu.Lock()
			defer mu.Unlock()
			c <- x
		}()
	}
	return <-c
}

func Case() any { return First([]int{1, 1, 1}) }
