package helper_unseen_callers

// Drain calls produce from another file.
func Drain(out chan<- int) {
	produce(out, 1)
}
