package named_generic_sender

func produce[T any](out chan<- T, v T) { out <- v }

// First starts a generic sender per value.
func First[T any](vs []T) T {
	out := make(chan T)
	for _, v := range vs {
		go produce(out, v)
	}
	return <-out
}

func Case() any { return First([]string{"a", "a", "a"}) }
