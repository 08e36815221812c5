package deferred_sender

var closed int

// Close reports the close from a goroutine started as it returns, on a
// channel that nothing can receive from any more.
func Close() int {
	done := make(chan int)
	defer func() {
		go func() { done <- closed }()
	}()
	closed++
	return closed
}

func Case() any { return Close() }
