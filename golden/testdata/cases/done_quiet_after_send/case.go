package done_quiet_after_send

import (
	"context"
	"time"
)

func fetch(ctx context.Context, b string) string { return b[:0] + "b" }

// First asks every backend, each with a deadline of its own, which the
// sender cancels when it ends; a guard recovers a panic. Neither is seen
// by any other goroutine when a sender that gave up returns.
func First(ctx context.Context, backends []string) string {
	out := make(chan string)
	for _, b := range backends {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					println(r)
				}
			}()
			ctx, cancel := context.WithTimeout(ctx, time.Second)
			defer cancel()
			out <- fetch(ctx, b)
		}()
	}
	return <-out
}

func Case() any {
	return First(context.Background(), []string{"x", "y", "z"})
}
