package producer_k

// FirstK reads k values from an endless producer.
func FirstK(k int) []int {
	c := make(chan int)
	go func() {
		for i := 0; ; i++ {
			c <- i
		}
	}()
	var got []int
	for i := 0; i < k; i++ {
		got = append(got, <-c)
	}
	return got
}

func Case() any { return FirstK(3) }
