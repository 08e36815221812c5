package first_chan_param

// Fastest runs the jobs and returns the first that finishes.
func Fastest(jobs []int) int {
	done := make(chan int)
	for _, j := range jobs {
		go func(ch chan<- int, j int) {
			ch <- j * 0
		}(done, j)
	}
	return <-done
}

func Case() any { return Fastest([]int{1, 2, 3}) }
