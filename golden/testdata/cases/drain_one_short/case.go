package drain_one_short

import "time"

var gate = make(chan struct{})

// Fetch drains len(xs)-1 values after the select, which is one too few
// when the select timed out.
func Fetch(xs []int, d time.Duration) int {
	c := make(chan int)
	for _, x := range xs {
		go func() {
			<-gate
			c <- x * 0
		}()
	}
	got := 0
	select {
	case v := <-c:
		got = v
	case <-time.After(d):
	}
	close(gate)
	for i := 0; i < len(xs)-1; i++ {
		<-c
	}
	return got
}

func Case() any { return Fetch([]int{1, 2, 3}, time.Millisecond) }
