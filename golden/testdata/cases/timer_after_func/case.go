package timer_after_func

import "time"

// Late asks for an answer that a timer delivers, and gives up when told
// to: the timer still fires, and its goroutine waits to send forever.
func Late(quit bool) int {
	ch := make(chan int)
	time.AfterFunc(time.Millisecond, func() {
		ch <- 42 // the answer
	})
	if quit {
		return 0
	}
	return <-ch
}

// Case lets the timer fire before goleak looks.
func Case() any {
	v := Late(true)
	time.Sleep(50 * time.Millisecond)
	return v
}
