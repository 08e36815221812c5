package done_ctx_deferred_reader

import (
	"context"
	"fmt"
	"time"
)

// gate holds the answer back until the caller has given up.
var gate = make(chan struct{})

// Query gives up after a millisecond; a deferred function reports what
// the caller's ctx says when Query returns, which a fix must not change.
func Query(ctx context.Context) (res string) {
	defer func() { res += "/" + fmt.Sprint(ctx.Err()) }()
	result := make(chan string)
	go func() {
		<-gate
		result <- "late"
	}()
	select {
	case r := <-result:
		return r
	case <-time.After(time.Millisecond):
		return "timeout"
	}
}

func Case() any {
	defer close(gate)
	return Query(context.Background())
}
