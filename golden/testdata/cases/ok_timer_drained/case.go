package ok_timer_drained

import "time"

// Both waits for the answers of both timers before it returns.
func Both() int {
	ch := make(chan int)
	time.AfterFunc(time.Millisecond, func() { ch <- 1 })
	time.AfterFunc(2*time.Millisecond, func() { ch <- 2 })
	return <-ch + <-ch
}

func Case() any { return Both() }
