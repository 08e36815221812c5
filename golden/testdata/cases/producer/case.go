package producer

// FirstEven reads numbers from a producer until it finds an even one.
func FirstEven(xs []int) int {
	nums := make(chan int)
	go func() {
		for _, x := range xs {
			nums <- x
		}
		close(nums)
	}()
	for n := range nums {
		if n%2 == 0 {
			return n
		}
	}
	return -1
}

func Case() any { return FirstEven([]int{1, 2, 3, 4}) }
