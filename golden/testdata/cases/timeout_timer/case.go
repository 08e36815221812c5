package timeout_timer

import "time"

// Compute stops waiting when the timer fires.
func Compute(d time.Duration) int {
	out := make(chan int)
	go func() {
		time.Sleep(50 * time.Millisecond)
		out <- 1
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case v := <-out:
		return v
	case <-t.C:
		return -1
	}
}

func Case() any { return Compute(time.Millisecond) }
