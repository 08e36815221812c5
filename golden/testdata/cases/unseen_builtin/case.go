package unseen_builtin

// First keeps the first answer. The package's tests declare their own
// close, so a done fix's defer close(done) would not compile there.
func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x * 0 }()
	}
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
