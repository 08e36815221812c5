package done_release_unseen

// Each function's senders let another goroutine go on after their send,
// through a function value, an interface, a context, a pipe or a channel:
// a sender that gave up would leave it blocked, so done is not offered.

import (
	"context"
	"io"
	"sync"
)

func FuncValue(mu *sync.Mutex, xs []int) int {
	out := make(chan int)
	unlock := mu.Unlock
	for _, x := range xs {
		go func() {
			mu.Lock()
			out <- x
			unlock()
		}()
	}
	return <-out
}

func Cancel(xs []int) (int, context.Context) {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x
			cancel()
		}()
	}
	return <-out, ctx
}

func Pipe(pw *io.PipeWriter, xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x
			pw.Close()
		}()
	}
	return <-out
}

type Waiter interface{ Done() }

func Iface(w Waiter, xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x
			w.Done()
		}()
	}
	return <-out
}

func Param(release func(), xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x
			release()
		}()
	}
	return <-out
}

func Select(sig chan int, xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x
			select {
			case sig <- 1:
			default:
			}
		}()
	}
	return <-out
}

// Locker releases a lock through the sync.Locker interface.
func Locker(l sync.Locker, xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			l.Lock()
			out <- x
			l.Unlock()
		}()
	}
	return <-out
}
