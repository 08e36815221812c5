package ok_ignore_line

// First is known to leak and the owner accepts it.
func First(xs []int) int {
	out := make(chan int) //leakfix:ignore the senders are cheap
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}
