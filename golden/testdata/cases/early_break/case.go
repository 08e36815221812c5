package early_break

// Contains reports whether any worker finds x.
func Contains(parts [][]int, x int) bool {
	found := make(chan bool)
	for _, p := range parts {
		go func() {
			ok := false
			for _, v := range p {
				ok = ok || v == x
			}
			found <- ok
		}()
	}
	any := false
	for range parts {
		if <-found {
			any = true
			break
		}
	}
	return any
}

func Case() any { return Contains([][]int{{1}, {1}, {1}}, 1) }
