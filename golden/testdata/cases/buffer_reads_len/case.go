package buffer_reads_len

// First reports how many values wait in the channel, which a buffer
// would change.
func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x }()
	}
	<-out
	return len(out)
}

func Case() any { return First([]int{1, 2, 3}) }
