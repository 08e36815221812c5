package timer_after_func_helper

import "time"

// deliver sends the answer, then notes that it did.
func deliver(ch chan int, v int) {
	ch <- v
	delivered++
}

var delivered int

// Late gives up on the timer's answer when told to.
func Late(quit bool) int {
	ch := make(chan int)
	time.AfterFunc(time.Millisecond, func() {
		deliver(ch, 42)
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
