package nested_literal_send

// First sends from a literal the goroutine calls, and may not wait for it.
func First(x int, skip bool) int {
	c := make(chan int)
	go func() {
		func() {
			c <- x * 2
		}()
	}()
	if skip {
		return -1
	}
	return <-c
}

func Case() any { return First(1, true) }
