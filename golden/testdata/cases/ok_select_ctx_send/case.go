package ok_select_ctx_send

import "context"

// First cancels the senders' context when it returns.
func First(ctx context.Context, xs []int) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make(chan int)
	for _, x := range xs {
		go func() {
			select {
			case out <- x:
			case <-ctx.Done():
			}
		}()
	}
	return <-out
}
