package done_two_in_one_func

// Two makes two channels with their own senders: two done fixes in one
// function need two names.
func Two(xs []int) int {
	a := make(chan int)
	for _, x := range xs {
		go func() { a <- x * 0 }()
	}
	b := make(chan int)
	for _, x := range xs {
		go func() { b <- x * 0 }()
	}
	return <-a + <-b
}

func Case() any { return Two([]int{1, 2, 3}) }
