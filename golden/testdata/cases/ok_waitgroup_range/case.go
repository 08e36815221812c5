package ok_waitgroup_range

import "sync"

// Collect waits for every sender, closes, and ranges to the end.
func Collect(xs []int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- x
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var got []int
	for v := range out {
		got = append(got, v)
	}
	return got
}
