package done_closure_release

import "sync"

// Find reports whether a sender sends want. Each sender calls a local
// closure after its send that marks it done; a closer waits for all of
// them.
func Find(xs []int, want int) bool {
	out := make(chan int)
	var wg sync.WaitGroup
	finish := func(err error) {
		_ = err
		wg.Done()
	}
	for _, x := range xs {
		wg.Add(1)
		go func() {
			out <- x
			finish(nil)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	for v := range out {
		if v == want {
			return true
		}
	}
	return false
}
