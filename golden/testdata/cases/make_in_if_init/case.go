package make_in_if_init

import "time"

// gate holds the answer back until the caller has given up.
var gate = make(chan struct{})

// Get makes its channel in an if statement's init.
func Get(d time.Duration) int {
	if res := make(chan int); d > 0 {
		go func() {
			<-gate
			res <- 1
		}()
		select {
		case v := <-res:
			return v
		case <-time.After(d):
			return 0
		}
	}
	return -1
}

func Case() any {
	defer close(gate)
	return Get(time.Millisecond)
}
