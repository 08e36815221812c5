package a

import "time"

func first(xs []int) int {
	out := make(chan int) // want `out: len\(xs\)-1 of len\(xs\) senders started at line 8 can block forever on the send at line 9: first returns after the first receive at line 12`
	for _, x := range xs {
		go func() {
			out <- x
		}()
	}
	return <-out
}

func timeout(d time.Duration) int {
	c := make(chan int) // want `c: the sender started at line 17 can block forever on the send at line 17: timeout returns at line 22 without receiving`
	go func() { c <- 1 }()
	select {
	case v := <-c:
		return v
	case <-time.After(d):
		return 0
	}
}

func drained(xs []int) (sum int) {
	c := make(chan int)
	for _, x := range xs {
		go func() { c <- x }()
	}
	for range xs {
		sum += <-c
	}
	return sum
}
