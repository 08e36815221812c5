package buffer_close_after_send

// First asks both backends; the one whose answer is taken tells the other
// to stop. With a buffer both would close stop.
func First(ask func(name string, stop <-chan struct{}) string) string {
	out := make(chan string)
	stop := make(chan struct{})
	go func() {
		out <- ask("a", stop)
		close(stop) // our answer was taken: the other backend can stop
	}()
	go func() {
		out <- ask("b", stop)
		close(stop) // our answer was taken: the other backend can stop
	}()
	return <-out
}

func Case() any {
	return First(func(string, <-chan struct{}) string { return "x" })
}
