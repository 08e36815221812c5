package early_debug_var

var debug = true

// First leaves before the receive when the debug variable is set.
func First() int {
	c := make(chan int)
	go func() { c <- 1 }()
	if debug {
		return 0
	}
	return <-c
}

func Case() any { return First() }
