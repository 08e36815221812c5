package buffer_map_write

// First adds a key between the make and the senders, one per key.
func First(m map[string]int) int {
	out := make(chan int)
	m["extra"] = 0
	for range m {
		go func() { out <- 1 }()
	}
	return <-out
}

func Case() any { return First(map[string]int{"a": 1, "b": 2}) }
