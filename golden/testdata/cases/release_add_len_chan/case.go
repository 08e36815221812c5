package release_add_len_chan

import "sync"

// Any returns the first job that passes check. The queue is filled by
// the caller, possibly while Any runs.
func Any(queue chan string, check func(string) bool) (string, *sync.WaitGroup) {
	found := make(chan string)
	var wg sync.WaitGroup
	wg.Add(len(queue))
	for j := range queue {
		go func(j string) {
			defer wg.Done()
			if check(j) {
				found <- j
			}
		}(j)
	}
	return <-found, &wg
}
