package ok_slice_of_chans_drained

// Sum receives from every channel of the slice before it returns.
func Sum(xs []int) int {
	chs := make([]chan int, len(xs))
	for i, x := range xs {
		ch := make(chan int)
		chs[i] = ch
		go func() { ch <- x * 2 }()
	}
	sum := 0
	for _, ch := range chs {
		sum += <-ch
	}
	return sum
}
