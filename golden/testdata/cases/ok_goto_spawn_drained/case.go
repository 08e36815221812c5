package ok_goto_spawn_drained

// Sum starts a sender per input in a goto loop and receives from each.
func Sum(xs []int) int {
	out := make(chan int)
	i := 0
again:
	if i < len(xs) {
		x := xs[i]
		go func() { out <- x }()
		i++
		goto again
	}
	sum := 0
	for range xs {
		sum += <-out
	}
	return sum
}
