package release_shadowed_wg

import "sync"

// Fastest asks every mirror and returns the first answer. Each request
// counts in the caller's in-flight group, which the caller waits on at
// shutdown.
func Fastest(inflight *sync.WaitGroup, mirrors []string, get func(string) string) string {
	ch := make(chan string)
	var wg sync.WaitGroup
	for _, m := range mirrors {
		wg.Add(1)
		go func(wg *sync.WaitGroup, m string) {
			defer wg.Done()
			ch <- get(m)
		}(inflight, m)
	}
	return <-ch
}
