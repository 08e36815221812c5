package first_range

// First returns the length of the first word that is measured.
func First(words []string) int {
	out := make(chan int)
	for _, w := range words {
		go func() {
			out <- len(w)
		}()
	}
	return <-out
}

func Case() any { return First([]string{"aa", "bb", "cc"}) }
