package ok_slice_of_chans_conditional_make

// Pairs makes a channel every other pass and keeps it for two passes, so
// two senders share one channel: the family's count of one sender per
// channel would be wrong, and a buffer of one too small.
func Pairs(xs []int) int {
	var chs []chan int
	var ch chan int
	for i, x := range xs {
		if i%2 == 0 {
			ch = make(chan int)
		}
		chs = append(chs, ch)
		go func(c chan int) { c <- x }(ch)
	}
	return <-chs[0]
}
