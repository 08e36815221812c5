package ok_nested_literal_guarded

// First sends from a literal the goroutine calls, giving up when nobody
// is waiting.
func First(x int, skip bool) int {
	c := make(chan int)
	go func() {
		func() {
			select {
			case c <- x * 2:
			default:
			}
		}()
	}()
	if skip {
		return -1
	}
	return <-c
}
