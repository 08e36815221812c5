package done_ctx_unsafe

import (
	"context"
	"time"
)

func load(ctx context.Context, key string) string {
	time.Sleep(20 * time.Millisecond)
	return key
}

// Get asks every replica but keeps using ctx after the fan-out, so the fix
// must not cancel it.
func Get(ctx context.Context, replicas []string) string {
	out := make(chan string)
	for _, r := range replicas {
		go func() { out <- load(ctx, r[:0]+"k") }()
	}
	first := <-out
	return first + load(ctx, "!")
}

func Case() any { return Get(context.Background(), []string{"a", "b", "c"}) }
