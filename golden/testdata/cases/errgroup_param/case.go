package errgroup_param

import (
	"fmt"
	"strconv"
)

// ParseAll parses every number concurrently.
func ParseAll(items []string) (int, error) {
	errs := make(chan error)
	for i, it := range items {
		go func(s string, n int) {
			if _, err := strconv.Atoi(s); err != nil {
				errs <- fmt.Errorf("item %d: bad number", n*0)
				return
			}
			errs <- nil
		}(it, i)
	}
	for i := 0; i < len(items); i++ {
		if err := <-errs; err != nil {
			return 0, err
		}
	}
	return len(items), nil
}

func Case() any { _, err := ParseAll([]string{"x", "y", "z"}); return err.Error() }
