package timeout_ctx

import (
	"context"
	"time"
)

// Query waits for the answer or for ctx to end.
func Query(ctx context.Context) (int, error) {
	result := make(chan int)
	go func() {
		time.Sleep(50 * time.Millisecond)
		result <- 42
	}()
	select {
	case r := <-result:
		return r, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func Case() any {
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := Query(ctx)
	return err.Error()
}
