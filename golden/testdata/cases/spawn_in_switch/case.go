package spawn_in_switch

// Mode picks how many helpers to start.
func Mode(m int) int {
	c := make(chan int)
	switch m {
	case 1:
		go func() { c <- 1 }()
	default:
		go func() { c <- 1 }()
		go func() { c <- 1 }()
	}
	return <-c
}

func Case() any { return Mode(2) }
