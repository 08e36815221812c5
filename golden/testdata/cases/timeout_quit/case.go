package timeout_quit

// gate holds the work back until the caller has given up.
var gate = make(chan struct{})

// Wait returns early when quit is closed.
func Wait(quit <-chan struct{}) bool {
	done := make(chan bool)
	go func() {
		<-gate
		done <- true
	}()
	select {
	case ok := <-done:
		return ok
	case <-quit:
		return false
	}
}

func Case() any {
	defer close(gate)
	quit := make(chan struct{})
	close(quit)
	return Wait(quit)
}
