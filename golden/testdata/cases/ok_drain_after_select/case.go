package ok_drain_after_select

import "time"

// Fetch stops waiting on a timeout but takes every value before it returns.
func Fetch(xs []int, d time.Duration) int {
	c := make(chan int)
	for _, x := range xs {
		go func() { c <- x }()
	}
	got := 0
	select {
	case v := <-c:
		got = v
	case <-time.After(d):
	}
	for i := 0; i < len(xs)-1; i++ {
		<-c
	}
	return got
}
