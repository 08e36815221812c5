package done_goto_loop

// Serve takes the first answer of each round until stop says so: the
// goto makes the channel again each round, so a deferred close would keep
// every round's loser until Serve returns.
func Serve(xs []int, stop func(total int) bool) int {
	total := 0
again:
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x
		}()
	}
	total += <-out
	if !stop(total) {
		goto again
	}
	return total
}

func Case() any { return Serve([]int{1, 1}, func(total int) bool { return total >= 3 }) }
