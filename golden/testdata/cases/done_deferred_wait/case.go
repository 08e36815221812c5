package done_deferred_wait

import "sync"

func ask(i int) int { return i * 10 }

// First returns the first answer, and waits for its workers before it
// returns: the deferred wg.Wait runs before any close(done) registered
// after it, so only a buffer lets the workers finish.
func First(n int) int {
	out := make(chan int)
	var wg sync.WaitGroup
	defer wg.Wait() // no goroutine outlives First
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- ask(i)
		}()
	}
	return <-out
}
