package producer_helper_close

// gen sends 0 to n-1 and closes out.
func gen(out chan<- int, n int) {
	defer close(out)
	for i := range n {
		out <- i
	}
}

// Find returns want if gen sends it.
func Find(n, want int) int {
	out := make(chan int)
	go gen(out, n)
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

// Find2 runs gen from a literal.
func Find2(n, want int) int {
	out := make(chan int)
	go func() { gen2(out, n) }()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func gen2(out chan<- int, n int) {
	defer close(out)
	for i := range n {
		out <- i
	}
}

func Case() any { return []int{Find(5, 1), Find2(5, 2)} }
