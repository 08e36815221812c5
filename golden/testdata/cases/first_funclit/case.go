package first_funclit

// Pick is a function value that leaks inside a literal.
var Pick = func(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x * 0 }()
	}
	return <-out
}

func Case() any { return Pick([]int{1, 2, 3}) }
