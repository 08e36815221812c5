package first_two_sites

// Either asks the primaries and the backups and keeps the first answer.
func Either(primaries, backups []string) int {
	out := make(chan int)
	for _, p := range primaries {
		go func() { out <- len(p) }()
	}
	for _, b := range backups {
		go func() { out <- len(b) }()
	}
	return <-out
}

func Case() any { return Either([]string{"a", "b"}, []string{"c"}) }
