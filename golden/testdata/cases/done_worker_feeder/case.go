package done_worker_feeder

import (
	"fmt"
	"time"
)

type result struct {
	v   int
	err error
}

func do(j int) result {
	if j < 0 {
		return result{err: fmt.Errorf("negative %d", j)}
	}
	time.Sleep(10 * time.Millisecond) // the error comes back first
	return result{v: j * 2}
}

// Process runs xs through a pool of 4 workers and stops at the first
// error. A worker that gave up at its send would stop receiving jobs, and
// leave the feeder blocked.
func Process(xs []int) (int, error) {
	jobs := make(chan int)
	results := make(chan result)
	for range 4 {
		go func() {
			for j := range jobs {
				results <- do(j)
			}
		}()
	}
	go func() {
		for _, x := range xs {
			jobs <- x
		}
		close(jobs)
	}()
	sum := 0
	for range xs {
		r := <-results
		if r.err != nil {
			return 0, r.err
		}
		sum += r.v
	}
	return sum, nil
}

func Case() any {
	_, err := Process(append([]int{-2}, make([]int, 20)...))
	return err.Error()
}
