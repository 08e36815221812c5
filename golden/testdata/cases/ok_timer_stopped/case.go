package ok_timer_stopped

import "time"

// Late keeps its timer and stops it as it leaves: a timer that has not
// fired never runs its function. (One that fired first still waits to
// send; leakfix does not follow a timer held in a variable, and stays
// silent.)
func Late(quit bool) int {
	ch := make(chan int)
	t := time.AfterFunc(time.Hour, func() {
		ch <- 42
	})
	defer t.Stop()
	if quit {
		return 0
	}
	return <-ch
}
