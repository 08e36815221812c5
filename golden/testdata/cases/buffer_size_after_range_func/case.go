package buffer_size_after_range_func

var n = 1 << 62

func seq(yield func(int) bool) {
	n = 3
	yield(0)
}

// F's range over a function calls it, and it sets n.
func F() int {
	out := make(chan int)
	for range seq {
	}
	for i := 0; i < n; i++ {
		go func() { out <- i * 0 }()
	}
	return <-out
}

func Case() any { return F() }
