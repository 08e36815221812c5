package two_makes_one_line

// Both makes two channels in one statement; each has two senders and one
// receive.
func Both() int {
	a, b := make(chan int), make(chan int)
	go func() { a <- 1 }()
	go func() { a <- 1 }()
	go func() { b <- 2 }()
	go func() { b <- 2 }()
	return <-a + <-b
}

func Case() any { return Both() }
