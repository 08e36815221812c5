package ok_slice_of_chans_escapes

// Start hands the slice of channels to its caller, who receives from
// them: nothing to report.
func Start(xs []int) []chan int {
	var chs []chan int
	for _, x := range xs {
		ch := make(chan int)
		chs = append(chs, ch)
		go func() { ch <- x }()
	}
	return chs
}

// Wait passes the slice to a function that receives from each channel.
func Wait(xs []int) int {
	var chs []chan int
	for _, x := range xs {
		ch := make(chan int)
		chs = append(chs, ch)
		go func() { ch <- x }()
	}
	return drain(chs[:1]) + drain(chs[1:])
}

func drain(chs []chan int) int {
	n := 0
	for _, ch := range chs {
		n += <-ch
	}
	return n
}
