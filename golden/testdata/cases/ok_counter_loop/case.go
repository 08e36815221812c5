package ok_counter_loop

// Gather stops when it has one result per input.
func Gather(xs []int) []int {
	c := make(chan int)
	for _, x := range xs {
		go func() { c <- x }()
	}
	var got []int
	for len(got) < len(xs) {
		got = append(got, <-c)
	}
	return got
}
