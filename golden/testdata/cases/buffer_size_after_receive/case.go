package buffer_size_after_receive

var n = 1 << 62

func worker(out chan<- int, i int) { out <- i * 0 }

// F reads n at the make, but another goroutine sets it before the receive
// that the go statements wait for.
func F() int {
	ready := make(chan struct{})
	go func() {
		n = 3 // load the configuration
		close(ready)
	}()
	out := make(chan int)
	<-ready
	for i := 0; i < n; i++ {
		go worker(out, i)
	}
	return <-out
}

func Case() any { return F() }
