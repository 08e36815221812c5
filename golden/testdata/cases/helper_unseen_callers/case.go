package helper_unseen_callers

// Each function takes values from a producer helper until it finds the
// one it wants, and leaves the producer blocked on its next value. Code
// that this check does not see calls the helper.

// Other: produce is called from another file too, and a fix edits one
// file.
func Other(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		produce(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func produce(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// Tested: check is called from a test file.
func Tested(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		check(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func check(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// Tagged: tag is called from a file that build constraints exclude.
func Tagged(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		tag(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func tag(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}
