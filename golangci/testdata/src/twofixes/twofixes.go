package twofixes

func F() chan int {
	return make(chan int) // want `make`
}
