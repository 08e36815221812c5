package timeout_after

import "time"

// gate holds the slow work back until the caller has given up.
var gate = make(chan struct{})

func slow() string {
	<-gate
	return "slow"
}

// Fetch gives up after d.
func Fetch(d time.Duration) string {
	ch := make(chan string)
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return "timeout"
	}
}

func Case() any {
	defer close(gate)
	return Fetch(time.Millisecond)
}
