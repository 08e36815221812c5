package producer_helper

import "context"

// First returns the first value a producer sends, once ctx is done; it
// leaves the producer blocked on its next value.
func First(ctx context.Context, n int) bool {
	vals := make(chan bool)
	go func() {
		defer close(vals)
		produce(ctx, vals, n) // fills vals
	}()
	for v := range vals {
		select {
		case <-ctx.Done():
			return v
		}
	}
	return true
}

// Count drains a producer: its call must behave as before.
func Count(n int) int {
	vals := make(chan bool)
	go func() {
		produce(context.Background(), vals, n)
		close(vals)
	}()
	k := 0
	for range vals {
		k++
	}
	return k
}

// produce sends n values, one per step.
func produce(ctx context.Context, out chan<- bool,
	n int, // how many
) {
	_ = ctx
	for i := 0; i < n; i++ {
		out <- i != 0 // one value per step
	}
}

func Case() any {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return []any{First(ctx, 3), Count(4)}
}
