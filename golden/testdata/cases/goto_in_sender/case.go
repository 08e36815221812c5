package goto_in_sender

// First reads the first value of a producer that loops with goto, unless
// it is told to skip.
func First(n int, skip bool) int {
	out := make(chan int)
	go func() {
		i := 0
	next:
		out <- i
		i++
		if i < n {
			goto next
		}
	}()
	if skip {
		return -1
	}
	return <-out
}

func Case() any { return First(3, true) }
