package errgroup_param_shadows

import (
	"errors"
	"strings"
)

func check(s string) error { return errors.New(s) }

// CheckAll passes the goroutine a transformed copy and keeps using the
// loop variable after the go statement.
func CheckAll(items []string) (error, []string) {
	errc := make(chan error)
	var seen []string
	for _, it := range items {
		go func(it string) {
			errc <- check(it)
		}(strings.ToUpper(it))
		seen = append(seen, it)
	}
	for range items {
		if err := <-errc; err != nil {
			return err, seen
		}
	}
	return nil, seen
}

func Case() any {
	err, seen := CheckAll([]string{"x", "x", "x"})
	return err.Error() + strings.Join(seen, ",")
}
