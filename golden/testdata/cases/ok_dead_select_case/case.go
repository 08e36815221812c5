package ok_dead_select_case

// Three receives in a select whose other case nobody feeds.
func Three() {
	c := make(chan bool, 1)
	never := make(chan bool, 1)
	go func() {
		for i := 0; i < 3; i++ {
			c <- true
		}
	}()
	for i := 0; i < 3; i++ {
		select {
		case <-c:
		case <-never:
		}
	}
}
