package buffer_through_pointer

func grow(p *[]int) { *p = append(*p, 3) }

// First's slice grows through a pointer after the make.
func First() int {
	xs := []int{1, 2}
	out := make(chan int)
	grow(&xs)
	for range xs {
		go func() { out <- 1 }()
	}
	return <-out
}

func Case() any { return First() }
