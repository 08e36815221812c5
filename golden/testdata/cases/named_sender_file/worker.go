package named_sender_file

// cube is in another file than the function that starts it.
func cube(out chan<- int, x int) {
	out <- x * x * x
}
