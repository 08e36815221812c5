package buffer_break_then_work

var scans int

// Find looks for want in xs in the background, and gives up when asked
// to. After the loop its sender counts the scan: with a buffer, a sender
// nobody receives from would count it too, where it blocked before, so
// only done is offered.
func Find(xs []int, want int, giveUp bool) int {
	found := make(chan int)
	go func() {
	scan:
		for _, x := range xs {
			switch {
			case x == want:
				found <- x
				break scan
			}
		}
		scans++
	}()
	if giveUp {
		return -1
	}
	return <-found
}

func Case() any { return Find([]int{4, 5, 6}, 5, true) }
