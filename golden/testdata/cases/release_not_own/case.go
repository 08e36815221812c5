package release_not_own

import "sync"

// First returns the first result once its worker is done. Only the winner
// was added to wg, so a fix that let every sender end would run
// wg.Done once for each: a negative WaitGroup counter.
func First(xs []int) int {
	var wg sync.WaitGroup
	wg.Add(1) // the winner
	out := make(chan int)
	for _, x := range xs {
		go func() {
			defer wg.Done()
			out <- x * 0
		}()
	}
	v := <-out
	wg.Wait()
	return v
}

var mu sync.Mutex

// Held returns the first result; the caller's lock is released by
// whichever sender is received, and by no other.
func Held(xs []int) int {
	mu.Lock()
	out := make(chan int)
	for _, x := range xs {
		go func() {
			defer mu.Unlock()
			out <- x * 0
		}()
	}
	return <-out
}

var mu2 sync.Mutex

// Maybe locks only for positive values, so a sender's deferred unlock
// may release a lock it never took.
func Maybe(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			if x > 0 {
				mu2.Lock()
			}
			defer mu2.Unlock()
			out <- x * 0
		}()
	}
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
