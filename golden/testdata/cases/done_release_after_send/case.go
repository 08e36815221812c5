package done_release_after_send

import (
	"context"
	"sync"
)

func ask(i int) int { return i }

// First returns the first answer. The senders mark themselves done after
// their send, and a closer waits for them: a sender that gave up at its
// send would leave the closer blocked in wg.Wait.
func First(ctx context.Context, n int) (int, error) {
	out := make(chan int)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			out <- ask(i)
			wg.Done()
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func Case() any {
	v, err := First(context.Background(), 3)
	return []any{v * 0, err}
}
