package buffer_negative

import "time"

// gate holds the answers back until the caller has given up.
var gate = make(chan struct{})

// Any starts n workers, or none when n < 0, and waits a millisecond for
// one. A buffer of n would panic for n < 0.
func Any(n int) int {
	res := make(chan int)
	for i := 0; i < n; i++ {
		go func() {
			<-gate
			res <- 1
		}()
	}
	select {
	case v := <-res:
		return v
	case <-time.After(time.Millisecond):
		return -1
	}
}

func Case() any {
	defer close(gate)
	return [2]int{Any(-1), Any(2)}
}
