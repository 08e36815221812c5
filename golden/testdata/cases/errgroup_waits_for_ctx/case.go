package errgroup_waits_for_ctx

import (
	"context"
	"errors"
)

// check fails at once for 0; otherwise it watches n until ctx ends.
func check(ctx context.Context, n int) error {
	if n == 0 {
		return errors.New("zero")
	}
	<-ctx.Done()
	return ctx.Err()
}

// CheckAll returns the first error; g.Wait() would wait for the watcher,
// which ends only when the caller cancels ctx, after CheckAll returns.
func CheckAll(ctx context.Context, ns []int) error {
	errc := make(chan error)
	for _, n := range ns {
		go func() { errc <- check(ctx, n) }()
	}
	for range ns {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return CheckAll(ctx, []int{0, 1}).Error()
}
