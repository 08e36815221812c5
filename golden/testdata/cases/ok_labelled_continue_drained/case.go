package ok_labelled_continue_drained

// Common streams the common elements; the caller reads them all.
func Common(xs, ys []int) []int {
	found := make(chan int)
	go func() {
		defer close(found)
	next:
		for _, x := range xs {
			for _, y := range ys {
				if x == y {
					found <- x
					continue next
				}
			}
		}
	}()
	var common []int
	for x := range found {
		common = append(common, x)
	}
	return common
}
