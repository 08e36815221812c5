package buffer_goto_spawn

// First starts three senders through a goto loop: one go statement, three
// goroutines, so a buffer of one would keep two leaks.
func First() int {
	out := make(chan int)
	i := 0
again:
	v := i
	go func() { out <- v * 0 }()
	i++
	if i < 3 {
		goto again
	}
	return <-out
}

func Case() any { return First() }
