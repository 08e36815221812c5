package errgroup_param_shadows_later

import "fmt"

func check(item string, n int) error {
	if n != len(item)-1 {
		return fmt.Errorf("%s: got index %d", item, n)
	}
	return nil
}

// CheckAll passes n to each goroutine and counts on after it: a copy
// n := n before the goroutine would be what n++ counts.
func CheckAll(items []string) (int, error) {
	errc := make(chan error)
	n := 0
	for _, it := range items {
		go func(n int) {
			errc <- check(it, n)
		}(n)
		n++
	}
	for range items {
		if err := <-errc; err != nil {
			return n, err
		}
	}
	return n, nil
}

func Case() any {
	n, err := CheckAll([]string{"x", "y", "z"})
	return [2]any{n, err != nil}
}
