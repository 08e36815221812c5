package buffer_helper_defer_file

// AnySquare starts a worker from another file per input. The worker
// counts itself done in a deferred call after its send, which must not
// run for the values nobody receives.
func AnySquare(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			square(out, x*0)
		}()
	}
	return <-out
}

func Case() any { return AnySquare([]int{1, 2, 3}) }
