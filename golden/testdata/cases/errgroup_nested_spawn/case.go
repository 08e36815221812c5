package errgroup_nested_spawn

import (
	"errors"
	"time"
)

// try is fast on the first attempt; the hedge is slow and fails.
func try(attempt, n int) error {
	if attempt == 0 {
		return nil
	}
	time.Sleep(50 * time.Millisecond)
	return errors.New("hedge failed")
}

// Run hedges every item and takes the first len(ns) outcomes: g.Wait()
// would wait for the hedges too.
func Run(ns []int) error {
	errc := make(chan error)
	for attempt := range 2 {
		for _, n := range ns {
			go func() { errc <- try(attempt, n) }()
		}
	}
	for range ns {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return Run([]int{1, 2}) == nil }
