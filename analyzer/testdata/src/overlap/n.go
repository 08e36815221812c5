package overlap

import "time"

// X returns the first computed value.
func X(xs []int) int {
	out := make(chan int) // want `out: len\(xs\)-1 of len\(xs\) senders`
	for _, x := range xs {
		go func() { out <- func() int { c := make(chan int, 1); produce(c, 1); return x + <-c }() }()
	}
	return <-out
}

// Y returns the first produced value or -1.
func Y(n int, d time.Duration) int {
	c := make(chan int) // want `c: the producer`
	go produce(c, n)
	select {
	case v := <-c:
		return v
	case <-time.After(d):
		return -1
	}
}

func produce(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}
