package named_chan_type

// Results carries one answer per backend.
type Results chan string

// First keeps the first answer of a channel of a defined channel type.
func First(backends []string) string {
	out := make(Results)
	for _, b := range backends {
		go func() { out <- b }()
	}
	return <-out
}

func Case() any { return First([]string{"a", "a", "a"}) }
