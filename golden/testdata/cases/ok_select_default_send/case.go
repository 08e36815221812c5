package ok_select_default_send

// TryFirst senders drop their value when nobody is ready for it.
func TryFirst(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			select {
			case out <- x:
			default:
			}
		}()
	}
	return <-out
}
