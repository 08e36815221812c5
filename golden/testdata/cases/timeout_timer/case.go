package timeout_timer

import "time"

// gate holds the result back until the caller has given up.
var gate = make(chan struct{})

// Compute stops waiting when the timer fires.
func Compute(d time.Duration) int {
	out := make(chan int)
	go func() {
		<-gate
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

func Case() any {
	defer close(gate)
	return Compute(time.Millisecond)
}
