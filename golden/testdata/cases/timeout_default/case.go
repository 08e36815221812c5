package timeout_default

// gate holds the answer back until the caller has moved on.
var gate = make(chan struct{})

// Poll takes the answer only if it is ready.
func Poll() (int, bool) {
	c := make(chan int)
	go func() {
		<-gate
		c <- 5
	}()
	select {
	case v := <-c:
		return v, true
	default:
		return 0, false
	}
}

func Case() any {
	defer close(gate)
	v, ok := Poll()
	return [2]any{v, ok}
}
