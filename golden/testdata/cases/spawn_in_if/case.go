package spawn_in_if

// Maybe starts a second sender only when asked.
func Maybe(twice bool) int {
	c := make(chan int)
	go func() { c <- 3 }()
	if twice {
		go func() { c <- 3 }()
	}
	return <-c
}

func Case() any { return Maybe(true) }
