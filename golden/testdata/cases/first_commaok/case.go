package first_commaok

// Triple asks three replicas and reports the first answer.
func Triple() (int, bool) {
	c := make(chan int)
	go func() { c <- 7 }()
	go func() { c <- 7 }()
	go func() { c <- 7 }()
	v, ok := <-c
	return v, ok
}

func Case() any { v, ok := Triple(); return [2]any{v, ok} }
