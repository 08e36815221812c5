package ok_single_sender

// Get starts one sender and always receives from it.
func Get() (int, error) {
	c := make(chan int)
	go func() { c <- 1 }()
	v := <-c
	return v, nil
}
