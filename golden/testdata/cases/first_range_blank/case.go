package first_range_blank

// Probe pings every host and reports whether any answered.
func Probe(hosts []string) bool {
	up := make(chan bool)
	for range hosts {
		go func() { up <- true }()
	}
	return <-up
}

func Case() any { return Probe([]string{"a", "b", "c"}) }
