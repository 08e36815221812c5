package ok_buffered_const

// Three has room for all three sends.
func Three() int {
	c := make(chan int, 3)
	go func() { c <- 1 }()
	go func() { c <- 2 }()
	go func() { c <- 3 }()
	return <-c
}
