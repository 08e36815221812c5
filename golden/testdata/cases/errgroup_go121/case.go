//go:build go1.21

package errgroup_go121

import "errors"

func check(s string) error {
	if s != "ok" {
		return errors.New("not ok")
	}
	return nil
}

// CheckAll is compiled as Go 1.21: loop variables are shared.
func CheckAll(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func(it string) {
			errc <- check(it)
		}(it)
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return CheckAll([]string{"a", "b", "c"}).Error() }
