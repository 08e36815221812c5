package defer_close_in_sender

// First's senders close stop when they end: only the one whose answer
// was taken ever did. A fix that ends the others would close it again.
func First(backends []string, ask func(name string, stop <-chan struct{}) string) string {
	out := make(chan string)
	stop := make(chan struct{})
	for _, b := range backends {
		go func() {
			defer close(stop) // our answer was taken: the others can stop
			out <- ask(b, stop)
		}()
	}
	return <-out
}

func Case() any {
	return First([]string{"a", "b"}, func(string, <-chan struct{}) string { return "x" })
}
