package ok_const_false

const debug = false

// First never takes the debug branch: the condition is a constant.
func First() int {
	c := make(chan int)
	go func() { c <- 1 }()
	if debug {
		return 0
	}
	return <-c
}
