package small_buffer

// Five starts five workers into a buffer of two and takes one result.
func Five() int {
	out := make(chan int, 2)
	for i := 0; i < 5; i++ {
		go func() { out <- 9 }()
	}
	return <-out
}

func Case() any { return Five() }
