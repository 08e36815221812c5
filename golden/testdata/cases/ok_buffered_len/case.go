package ok_buffered_len

// First has a buffer for every sender.
func First(xs []int) int {
	out := make(chan int, len(xs))
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}
