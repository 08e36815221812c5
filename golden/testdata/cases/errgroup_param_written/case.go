package errgroup_param_written

import (
	"errors"
	"time"
)

func check(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

// CheckAll's goroutine doubles its parameter: it cannot become the loop
// variable, which the loop body reads.
func CheckAll(ns []int) ([]int, error) {
	var started []int
	errc := make(chan error)
	for _, n := range ns {
		go func(n int) {
			n *= 2
			errc <- check(n)
		}(n)
		time.Sleep(10 * time.Millisecond)
		started = append(started, n)
	}
	for range ns {
		if err := <-errc; err != nil {
			return started, err
		}
	}
	return started, nil
}

func Case() any {
	started, err := CheckAll([]int{-1, -2})
	return [2]any{started, err}
}
