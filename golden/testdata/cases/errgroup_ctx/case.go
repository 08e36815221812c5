package errgroup_ctx

import (
	"context"
	"errors"
)

func fetch(ctx context.Context, u string) error {
	if u == "" {
		return errors.New("empty url")
	}
	return ctx.Err()
}

// FetchAll fetches every url and returns the first error.
func FetchAll(ctx context.Context, urls []string) error {
	errc := make(chan error) // one result per url
	for _, u := range urls {
		// Fetch concurrently.
		go func(u string) {
			errc <- fetch(ctx, u) // report the outcome
		}(u)
	}
	// Stop at the first failure.
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return FetchAll(context.Background(), []string{"", "", ""}).Error() }
