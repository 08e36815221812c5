package ok_slice_of_chans_copied

// Last receives through a copy of an element and a second slice that
// shares the first one's array: the receives cannot be counted, so
// nothing is reported.
func Last(xs []int) int {
	chs := make([]chan int, 0, len(xs))
	for _, x := range xs {
		ch := make(chan int)
		chs = append(chs, ch)
		go func() { ch <- x }()
	}
	all := chs
	n := 0
	for _, c := range all {
		n = <-c
	}
	return n
}

// Each receives into a variable declared outside the range.
func Each(xs []int) int {
	var chs []chan int
	for _, x := range xs {
		ch := make(chan int)
		chs = append(chs, ch)
		go func() { ch <- x }()
	}
	var c chan int
	n := 0
	for _, c = range chs {
		n += <-c
	}
	return n
}
