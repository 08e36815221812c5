package iterator_sender

import "sync/atomic"

// Committed counts the entries an iterator has seen through.
var Committed atomic.Int64

// queue yields the entries of q, and commits each once its consumer has
// taken it, before it asks whether to go on.
func queue(q []int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for _, e := range q {
			ok := yield(e)
			Committed.Add(1)
			if !ok {
				return
			}
		}
	}
}

// First sends the first entry of each queue and keeps one. A sender that
// left the loop, by a break after a buffered send or a return when done,
// would commit an entry that nobody took.
func First(qs [][]int) int {
	out := make(chan int)
	for _, q := range qs {
		go func() {
			for e := range queue(q) {
				out <- e
				break
			}
		}()
	}
	return <-out
}

func Case() any { return First([][]int{{1}, {1}, {1}}) }
