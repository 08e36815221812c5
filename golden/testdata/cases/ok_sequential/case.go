package ok_sequential

// Each starts one sender at a time and waits for it.
func Each(xs []int) int {
	c := make(chan int)
	sum := 0
	for _, x := range xs {
		go func() { c <- x }()
		if v := <-c; v < 0 {
			return v
		}
		sum += x
	}
	return sum
}
