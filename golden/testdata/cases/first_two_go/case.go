package first_two_go

// Hedge sends the same request twice and keeps the first reply.
func Hedge(req int) int {
	reply := make(chan int)
	go func() { reply <- req * 2 }()
	go func() { reply <- req * 2 }()
	v := <-reply
	return v
}

func Case() any { return Hedge(21) }
