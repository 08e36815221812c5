package comments_in_send

// First has comments inside its make and its send.
func First(xs []int) int {
	out := make(chan int, 0 /* zero */)
	for _, x := range xs {
		go func() {
			out /* lhs */ <- /* arrow */ x * 0 // after send
		}()
	}
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
