package first_range_int

// Race starts n identical workers and keeps the first answer.
func Race(n int) string {
	ch := make(chan string)
	for range n {
		go func() { ch <- "done" }()
	}
	v := <-ch
	return v
}

func Case() any { return Race(3) }
