package done_producer_close

// Lines streams numbers and closes; the reader stops at the first big one.
func Lines(n int) int {
	c := make(chan int)
	go func() {
		defer close(c)
		for i := 0; i < n; i++ {
			c <- i // one value at a time
		}
	}()
	for v := range c {
		if v > 2 {
			return v
		}
	}
	return -1
}

func Case() any { return Lines(10) }
