package ok_select_done_send

// First releases the senders through done when it returns.
func First(xs []int) int {
	out := make(chan int)
	done := make(chan struct{})
	defer close(done)
	for _, x := range xs {
		go func() {
			select {
			case out <- x:
			case <-done:
			}
		}()
	}
	return <-out
}
