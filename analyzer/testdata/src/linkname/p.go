package linkname

import _ "unsafe" // for go:linkname

// produce sends 0 to n-1. Another package reaches it by go:linkname, with
// the signature it has now.
//
//go:linkname produce
func produce(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// Find returns want if the producer sends it.
func Find(n, want int) int {
	out := make(chan int) // want `done: the directive at line 8 lets code outside the package call produce\)$`
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
