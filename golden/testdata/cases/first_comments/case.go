package first_comments

// Lookup asks every replica for key.
func Lookup(replicas []string, key string) string {
	// results carries one answer per replica.
	results := make(chan string) // unbuffered on purpose?
	for _, r := range replicas {
		// One goroutine per replica.
		go func(r string) {
			v := key + "@" + r[:0] // pretend to ask r
			/* hand the answer back */
			results <- v // blocks until someone reads
		}(r)
	}
	// Take whichever answer comes first.
	return <-results // the rest are never read
}

func Case() any { return Lookup([]string{"a", "b", "c"}, "k") }
