package ok_drain_for_i

// Sum receives n times from n senders.
func Sum(n int) int {
	c := make(chan int)
	for i := 0; i < n; i++ {
		go func() { c <- i }()
	}
	s := 0
	for i := 0; i < n; i++ {
		s += <-c
	}
	return s
}
