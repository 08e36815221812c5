package errgroup_held_context

import (
	"context"
	"errors"
)

var errBad = errors.New("bad")

// A Crawler fetches until its context ends.
type Crawler struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func (c *Crawler) fetch(u string) error {
	if u == "bad" {
		return errBad
	}
	<-c.ctx.Done()
	return nil
}

// All returns the first error. The fetches that did not fail wait for
// the crawler's context, which All cancels only when it returns: g.Wait()
// would wait for them for ever, so errgroup is not offered.
func (c *Crawler) All(urls []string) error {
	defer c.cancel()
	errc := make(chan error)
	for _, u := range urls {
		go func() {
			errc <- c.fetch(u)
		}()
	}
	for range urls {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any {
	ctx, cancel := context.WithCancel(context.Background())
	c := &Crawler{ctx: ctx, cancel: cancel}
	return c.All([]string{"a", "bad", "b"}).Error()
}
