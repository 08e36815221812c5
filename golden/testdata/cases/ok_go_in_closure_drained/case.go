package ok_go_in_closure_drained

// Sum starts a sender with each call of start, and receives both answers.
func Sum(x int) int {
	c := make(chan int)
	start := func() {
		go func() { c <- x }()
	}
	start()
	start()
	return <-c + <-c
}
