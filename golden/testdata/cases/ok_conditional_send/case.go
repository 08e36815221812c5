package ok_conditional_send

// One sender sends only if it finds something; the caller receives once.
func Find(xs []int) int {
	c := make(chan int, 1)
	go func() {
		for _, x := range xs {
			if x > 0 {
				c <- x
				return
			}
		}
		close(c)
	}()
	return <-c
}
