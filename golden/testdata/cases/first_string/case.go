package first_string

// Letter returns one letter of s, each looked at concurrently.
func Letter(s string) bool {
	c := make(chan bool)
	for _, r := range s {
		go func() { c <- r > 0 }()
	}
	return <-c
}

func Case() any { return Letter("abc") }
