package early_goexit

import "runtime"

// Stop leaves the goroutine before reading the answer.
func Stop(stop bool) int {
	c := make(chan int)
	go func() { c <- 1 }()
	if stop {
		runtime.Goexit()
	}
	return <-c
}
