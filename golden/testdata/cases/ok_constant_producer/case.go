package ok_constant_producer

// Ten reads exactly what the producer sends.
func Ten() int {
	const n = 10
	c := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			c <- i
		}
	}()
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-c
	}
	return sum
}
