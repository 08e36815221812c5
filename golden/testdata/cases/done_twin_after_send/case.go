package done_twin_after_send

import "sync"

var mu sync.Mutex

// First returns the first answer. Workers take turns when the turns tag
// is set: release, after the send, unlocks then, and a worker that gave
// up would leave the others blocked in acquire.
func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			acquire()
			out <- x
			release()
		}()
	}
	return <-out
}
