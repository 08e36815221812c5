package ok_select_loop_counted

import "context"

// Sum stops once it has every result.
func Sum(ctx context.Context, xs []int) int {
	results := make(chan int)
	for _, x := range xs {
		go func() {
			select {
			case results <- x:
			case <-ctx.Done():
			}
		}()
	}
	sum, n := 0, 0
	for {
		select {
		case r := <-results:
			sum += r
			n++
			if n == len(xs) {
				return sum
			}
		case <-ctx.Done():
			return -1
		}
	}
}
