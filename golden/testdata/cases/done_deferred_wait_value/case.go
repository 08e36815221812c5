package done_deferred_wait_value

import "sync"

// First returns the first answer, and waits for its workers through a
// method value deferred after the make: it runs before close(done), so
// only a buffer lets it return.
func First(xs []int) int {
	var wg sync.WaitGroup
	out := make(chan int)
	wait := wg.Wait
	defer wait()
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- x * 0
		}()
	}
	return <-out
}
