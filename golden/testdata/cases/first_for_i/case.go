package first_for_i

// Any starts n workers and returns what the first one computes.
func Any(n int) int {
	res := make(chan int)
	for i := 0; i < n; i++ {
		go func() { res <- 42 }()
	}
	return <-res
}

func Case() any { return Any(4) }
