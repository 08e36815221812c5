package first_param

import "strings"

// Upper returns one of the words in upper case.
func Upper(words []string) string {
	out := make(chan string)
	for _, w := range words {
		go func(s string) {
			out <- strings.ToUpper(s[:1])
		}(w)
	}
	return <-out
}

func Case() any { return Upper([]string{"ab", "ac", "ad"}) }
