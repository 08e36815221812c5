package typeparam_chan

// First makes a channel of a type parameter's channel type.
func First[C ~chan E, E any](xs []E) E {
	out := make(C)
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}

func Case() any { return First[chan int]([]int{1, 1, 1}) }
