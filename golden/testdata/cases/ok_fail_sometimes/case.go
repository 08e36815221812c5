package ok_fail_sometimes

import "runtime"

// check stops the goroutine only when err is not nil.
func check(err error) {
	if err != nil {
		runtime.Goexit()
	}
}

// Check may go on past check, and then reads the answer.
func Check(err error) int {
	c := make(chan int)
	go func() { c <- 1 }()
	check(err)
	return <-c
}
