package done_name_taken

// Search uses the names done and cancel already.
func Search(xs []int, cancel func()) int {
	done := false
	res := make(chan int)
	for _, x := range xs {
		go func() { res <- x * 0 }()
	}
	v := <-res
	if !done {
		cancel()
	}
	return v
}

func Case() any { return Search([]int{1, 2, 3}, func() {}) }
