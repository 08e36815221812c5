package ok_defer_drain

import "time"

// Fetch drains the channel on the way out.
func Fetch(d time.Duration) int {
	c := make(chan int)
	go func() { c <- 1 }()
	defer func() { <-c }()
	select {
	case v := <-c:
		return v
	case <-time.After(d):
		return 0
	}
}
