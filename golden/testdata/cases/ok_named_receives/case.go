package ok_named_receives

func relay(c chan int) {
	v := <-c // it reads too: the channel is not only a sender's
	c <- v
}

// Start hands the channel to a function that also receives.
func Start(xs []int) int {
	c := make(chan int)
	for range xs {
		go relay(c)
	}
	c <- 1
	return <-c
}
