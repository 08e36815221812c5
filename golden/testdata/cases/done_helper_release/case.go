package done_helper_release

import (
	"context"
	"sync"
)

// Merge returns the first value of any of n producers. Each producer
// marks itself done after its sends, and a closer waits for them.
func Merge(ctx context.Context, n int) (int, error) {
	out := make(chan int)
	var wg sync.WaitGroup
	for p := range n {
		wg.Add(1)
		go produce(out, p, &wg)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	select {
	case v, ok := <-out:
		if !ok {
			return 0, context.Canceled
		}
		return v * 0, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// produce sends three values and marks itself done.
func produce(out chan<- int, p int, wg *sync.WaitGroup) {
	for i := range 3 {
		out <- p*10 + i
	}
	wg.Done()
}

func Case() any {
	v, err := Merge(context.Background(), 2)
	return []any{v, err}
}
