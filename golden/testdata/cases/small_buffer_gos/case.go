package small_buffer_gos

// Three starts three senders into a buffer of one.
func Three() string {
	c := make(chan string, 1)
	go func() { c <- "x" }()
	go func() { c <- "x" }()
	go func() { c <- "x" }()
	return <-c
}

func Case() any { return Three() }
