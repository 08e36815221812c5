package select_loop_ctx

import (
	"context"
	"time"
)

// Sum adds results until ctx ends, and leaves the rest of the senders behind.
func Sum(ctx context.Context, xs []int) int {
	results := make(chan int)
	for _, x := range xs {
		go func() {
			time.Sleep(time.Duration(x) * 10 * time.Millisecond)
			results <- x
		}()
	}
	sum := 0
	for {
		select {
		case r := <-results:
			sum += r
		case <-ctx.Done():
			return -1
		}
	}
}

func Case() any {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return Sum(ctx, []int{1, 2, 3})
}
