package errgroup_noimports

type failure string

func (f failure) Error() string { return string(f) }

// Validate has no imports until the fix adds errgroup.
func Validate(names []string) error {
	errc := make(chan error)
	for _, n := range names {
		go func() {
			if n == "" {
				errc <- failure("empty name")
				return
			}
			errc <- nil
		}()
	}
	for range names {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func Case() any { return Validate([]string{"", "", ""}).Error() }
