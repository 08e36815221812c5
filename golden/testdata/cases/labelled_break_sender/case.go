package labelled_break_sender

// Find reports the first common element, or gives up when asked to.
func Find(xs, ys []int, giveUp bool) int {
	found := make(chan int)
	go func() {
	search:
		for _, x := range xs {
			for _, y := range ys {
				if x == y {
					found <- x
					break search // one send at most
				}
			}
		}
	}()
	if giveUp {
		return -1
	}
	return <-found
}

func Case() any { return Find([]int{1, 2, 3}, []int{3, 2}, true) }
