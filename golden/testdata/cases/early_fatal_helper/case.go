package early_fatal_helper

import "runtime"

var failures []string

// fail records the failure and stops the goroutine, as t.Fatal does.
func fail(msg string) {
	failures = append(failures, msg)
	runtime.Goexit()
}

// failf stops on every path too: through fail, or by a panic.
func failf(msg string, code int) {
	if code < 0 {
		panic(msg)
	}
	fail(msg)
}

// Check stops on a bad input before it reads the answer.
func Check(bad bool) int {
	c := make(chan int)
	go func() { c <- 1 }()
	if bad {
		failf("bad input", 1)
	}
	return <-c
}

func Case() any {
	ran := make(chan bool, 1)
	go func() {
		defer func() { ran <- true }()
		Check(true)
	}()
	return <-ran
}
