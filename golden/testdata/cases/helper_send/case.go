package helper_send

func emit(c chan<- string, s string) { c <- s }

// Any sends through a small helper inside each goroutine.
func Any(words []string) string {
	c := make(chan string)
	for _, w := range words {
		go func() {
			emit(c, w[:0]+"w")
		}()
	}
	return <-c
}

func Case() any { return Any([]string{"a", "b", "c"}) }
