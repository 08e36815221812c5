package ok_close_on_every_path

// First closes stop on each way out, by hand.
func First(xs []int, fail bool) int {
	out := make(chan int)
	stop := make(chan struct{})
	for _, x := range xs {
		go func() {
			select {
			case out <- x:
			case <-stop:
			}
		}()
	}
	if fail {
		close(stop)
		return -1
	}
	v := <-out
	close(stop)
	return v
}
