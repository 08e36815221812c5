// Package find searches several backends and returns the first answer.
package find

import "time"

// First asks every backend and returns the first answer.
func First(backends []string, query string) string {
	out := make(chan string) // one answer per backend
	for _, b := range backends {
		go func(b string) {
			// Each backend answers in its own time.
			out <- search(b, query)
		}(b)
	}
	return <-out
}

func search(backend, query string) string {
	time.Sleep(time.Millisecond)
	return backend + ": " + query
}
