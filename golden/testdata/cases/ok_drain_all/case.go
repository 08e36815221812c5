package ok_drain_all

// Sum receives once per sender.
func Sum(xs []int) int {
	parts := make(chan int)
	for _, x := range xs {
		go func() { parts <- x * x }()
	}
	sum := 0
	for range xs {
		sum += <-parts
	}
	return sum
}
