package buffer_grow_method

type set struct{ items []int }

func (s *set) grow() { s.items = append(s.items, 0) }

// First counts s.items at the make, but grow adds one before the go
// statements start a sender per item.
func (s *set) First() int {
	out := make(chan int)
	s.grow()
	for range s.items {
		go func() { out <- 1 }()
	}
	return <-out
}

func Case() any { return (&set{items: []int{1, 2}}).First() }
