package first_generic

// First runs every function and returns the first result.
func First[T any](fs []func() T) T {
	out := make(chan T)
	for _, f := range fs {
		go func() {
			out <- f()
		}()
	}
	return <-out
}

func Case() any {
	one := func() int { return 1 }
	return First([]func() int{one, one, one})
}
