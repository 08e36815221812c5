package recover_closed_channel

import (
	"sync"
	"sync/atomic"
)

var dropped atomic.Int64

// Fastest returns the first answer. The losers find the channel closed:
// their send panics, and they count themselves as dropped.
func Fastest(backends []func() int) int {
	ch := make(chan int)
	var wg sync.WaitGroup
	wg.Add(len(backends))
	for _, b := range backends {
		go func(b func() int) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					dropped.Add(1)
				}
			}()
			ch <- b()
		}(b)
	}
	v := <-ch
	close(ch)
	wg.Wait()
	return v
}
