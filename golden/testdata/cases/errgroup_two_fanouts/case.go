package errgroup_two_fanouts

func check(s string) error { return nil }

// A checks every a.
func A(as []string) error {
	errc := make(chan error)
	for _, a := range as {
		go func() {
			errc <- check(a)
		}()
	}
	for range as {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// B checks every b. Its errgroup fix adds the same import as A's: one
// run fixes both.
func B(bs []string) error {
	errc := make(chan error)
	for _, b := range bs {
		go func() {
			errc <- check(b)
		}()
	}
	for range bs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
