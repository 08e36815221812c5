package go_in_closure_twice

// First starts a sender with each call of start, and keeps one answer.
func First(x int) int {
	c := make(chan int)
	start := func() {
		go func() { c <- x }()
	}
	start()
	start()
	return <-c
}

func Case() any { return First(1) }
