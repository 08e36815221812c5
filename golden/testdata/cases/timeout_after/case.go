package timeout_after

import "time"

func slow() string {
	time.Sleep(50 * time.Millisecond)
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

func Case() any { return Fetch(time.Millisecond) }
