package var_then_assign

// Late declares the channel before it makes it.
func Late(xs []int) int {
	var c chan int
	c = make(chan int)
	for _, x := range xs {
		go func() { c <- x * 0 }()
	}
	return <-c
}

func Case() any { return Late([]int{1, 2, 3}) }
