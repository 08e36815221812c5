package ok_typeparam_buffered

// Results carries one answer per input.
type Results[E any] chan E

// First makes room for every answer in a channel of a type parameter's type.
func First[C ~chan E, E any](xs []E) E {
	out := make(C, len(xs))
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}

// FirstNamed does the same with a defined generic channel type.
func FirstNamed[E any](xs []E) E {
	out := make(Results[E], len(xs))
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}
