package ok_drain_after_select

import "time"

// Fetch stops waiting on a timeout but takes every value before it returns.
func Fetch(xs []int, d time.Duration) int {
	c := make(chan int)
	for _, x := range xs {
		go func() { c <- x }()
	}
	got, n := 0, 0
	select {
	case v := <-c:
		got, n = v, 1
	case <-time.After(d):
	}
	for i := n; i < len(xs); i++ {
		<-c
	}
	return got
}
