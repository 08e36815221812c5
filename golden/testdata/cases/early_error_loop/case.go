package early_error_loop

import "errors"

func check(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}

// Validate checks every item concurrently and returns the first error.
func Validate(items []string) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return Validate([]string{"", "", ""}).Error() }
