package ok_escapes_return

// Start returns the channel: its reader is elsewhere.
func Start(xs []int) <-chan int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x }()
	}
	return out
}
