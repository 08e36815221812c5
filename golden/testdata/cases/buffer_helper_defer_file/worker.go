package buffer_helper_defer_file

import "sync/atomic"

// finished counts the workers that delivered their square.
var finished atomic.Int32

// square is in another file than the function that starts it.
func square(out chan<- int, x int) {
	defer finished.Add(1)
	out <- x * x
}
