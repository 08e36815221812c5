package ok_escapes_call

func consume(c chan int, n int) {
	for i := 0; i < n; i++ {
		<-c
	}
}

// First hands the rest of the channel to consume.
func First(xs []int) {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x }()
	}
	consume(out, len(xs))
}
