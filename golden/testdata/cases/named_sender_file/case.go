package named_sender_file

// AnyCube starts a worker from another file per input.
func AnyCube(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go cube(out, x*0)
	}
	return <-out
}

func Case() any { return AnyCube([]int{1, 2, 3}) }
