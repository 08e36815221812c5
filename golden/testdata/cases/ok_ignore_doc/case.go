package ok_ignore_doc

// First is known to leak.
//
//leakfix:ignore
func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}
