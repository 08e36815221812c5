package named_sender

func square(out chan<- int, x int) {
	out <- x * x // one result per call
}

// AnySquare starts a named worker per input and keeps the first result.
func AnySquare(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go square(out, x*0)
	}
	return <-out
}

func Case() any { return AnySquare([]int{1, 2, 3}) }
