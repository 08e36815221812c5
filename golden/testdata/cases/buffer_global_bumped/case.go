package buffer_global_bumped

var workers = 2

func more() { workers++ }

// First's bound is a global that a call raises after the make.
func First() int {
	out := make(chan int)
	more()
	for i := 0; i < workers; i++ {
		go func() { out <- i * 0 }()
	}
	return <-out
}

func Case() any { return First() }
