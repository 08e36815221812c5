package timeout_default

import "time"

// Poll takes the answer only if it is ready.
func Poll() (int, bool) {
	c := make(chan int)
	go func() {
		time.Sleep(10 * time.Millisecond)
		c <- 5
	}()
	select {
	case v := <-c:
		return v, true
	default:
		return 0, false
	}
}

func Case() any { v, ok := Poll(); return [2]any{v, ok} }
