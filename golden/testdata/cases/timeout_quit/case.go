package timeout_quit

import "time"

// Wait returns early when quit is closed.
func Wait(quit <-chan struct{}) bool {
	done := make(chan bool)
	go func() {
		time.Sleep(50 * time.Millisecond)
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
	quit := make(chan struct{})
	close(quit)
	return Wait(quit)
}
