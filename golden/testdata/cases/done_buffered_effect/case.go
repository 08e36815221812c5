package done_buffered_effect

import (
	"sync"
	"time"
)

var cache sync.Map

// Get asks both replicas and returns the first answer within timeout. A
// late answer still warms the cache for the next call.
func Get(k string, primary, secondary func(string) int, timeout time.Duration) (int, bool) {
	ch := make(chan int, 1)
	for _, f := range []func(string) int{primary, secondary} {
		go func(f func(string) int) {
			v := f(k)
			ch <- v
			cache.Store(k, v)
		}(f)
	}
	select {
	case v := <-ch:
		return v, true
	case <-time.After(timeout):
		return 0, false
	}
}
