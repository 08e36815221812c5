package unseen_method_without_receiver

// Index finds want in xs in the background, and gives up when asked to.
// The sender breaks out of its loop right after its send: that is its
// last word, so a buffer of one lets it finish.
func Index(xs []int, want int, giveUp bool) int {
	found := make(chan int)
	go func() {
		for i, x := range xs {
			if x == want {
				found <- i
				break
			}
		}
	}()
	if giveUp {
		return -1
	}
	return <-found
}

func Case() any { return Index([]int{4, 5, 6}, 5, true) }
