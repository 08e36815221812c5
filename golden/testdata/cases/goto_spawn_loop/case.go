package goto_spawn_loop

// First starts a sender per input in a goto loop and keeps the first answer.
func First(xs []string) string {
	out := make(chan string)
	i := 0
again:
	if i < len(xs) {
		x := xs[i]
		go func() { out <- x }()
		i++
		goto again
	}
	return <-out
}

func Case() any { return First([]string{"a", "a", "a"}) }
