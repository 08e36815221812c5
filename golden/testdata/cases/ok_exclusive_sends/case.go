package ok_exclusive_sends

// Results drains one value from each goroutine, which sends on one path
// or the other, never both.
func Results(xs []int) []int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			if x < 0 {
				out <- 0
				return
			}
			out <- x
		}()
	}
	var got []int
	for range xs {
		got = append(got, <-out)
	}
	return got
}
