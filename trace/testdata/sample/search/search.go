// Package search asks every backend and keeps the first answer.
package search

// First returns the first answer any backend gives to q.
func First(backends []string, q string) string {
	out := make(chan string)
	for _, b := range backends {
		go func() {
			out <- ask(b, q)
		}()
	}
	return <-out
}

func ask(backend, q string) string { return backend + ": " + q }
