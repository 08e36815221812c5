package done_lock_pair_after_send

import "sync"

var (
	mu    sync.Mutex
	stats = map[string]int{}
)

// Counted records each answer after handing it over, in a critical
// section of its own: a sender that gave up before it never holds the
// lock.
func Counted(backends []string) string {
	out := make(chan string)
	for _, b := range backends {
		go func() {
			out <- b[:0] + "b"
			mu.Lock()
			stats[b]++
			mu.Unlock()
		}()
	}
	return <-out
}

func Case() any { return Counted([]string{"x", "y", "z"}) }
