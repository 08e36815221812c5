package timeout_ctx

import (
	"context"
	"time"
)

// gate holds the answer back until the caller has given up.
var gate = make(chan struct{})

// Query waits for the answer or for ctx to end.
func Query(ctx context.Context) (int, error) {
	result := make(chan int)
	go func() {
		<-gate
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
	defer close(gate)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := Query(ctx)
	return err.Error()
}
