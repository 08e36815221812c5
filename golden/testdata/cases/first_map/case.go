package first_map

// AnyValue returns some value of m, computed concurrently.
func AnyValue(m map[string]int) int {
	c := make(chan int)
	for k := range m {
		go func() { c <- len(k) }()
	}
	return <-c
}

func Case() any { return AnyValue(map[string]int{"a": 1, "b": 2, "c": 3}) }
