package early_panic

// MustSum panics on bad input after starting the workers.
func MustSum(xs []int) (sum int) {
	parts := make(chan int)
	for _, x := range xs {
		go func() { parts <- x }()
	}
	if len(xs) > 2 {
		panic("too many")
	}
	for range xs {
		sum += <-parts
	}
	return sum
}

func Case() (v any) {
	defer func() { v = recover() }()
	return MustSum([]int{1, 2, 3})
}
