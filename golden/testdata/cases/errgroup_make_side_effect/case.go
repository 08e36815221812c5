package errgroup_make_side_effect

import "errors"

var calls int

func start() int { calls++; return calls }

func check(n int) error {
	if n == 0 {
		return errors.New("zero")
	}
	return nil
}

// CheckAll's make statement also calls start.
func CheckAll(ns []int) error {
	errc, _ := make(chan error), start()
	for _, n := range ns {
		go func() { errc <- check(n) }()
	}
	for range ns {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return [2]any{CheckAll([]int{0, 0}).Error(), calls} }
