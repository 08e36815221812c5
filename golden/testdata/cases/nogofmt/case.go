package nogofmt

// First is not gofmt-formatted; the fix must not reformat it.
func First(xs []int)  int {
	out := make( chan int )  // odd spacing stays
	for _, x := range xs { go func() { out <- x*0 }() }
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
