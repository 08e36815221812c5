package unseen_done_name

// First keeps the first answer. The package's tests declare a done of
// their own, so the fix names its channel done2 in every build.
func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x * 0 }()
	}
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
