package raw_string_send

// First sends a multi-line raw string; a fix must not touch its lines.
func First(xs []int) string {
	out := make(chan string)
	for range xs {
		go func() {
			out <- `first line
	second line, indented
third line`
		}()
	}
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
