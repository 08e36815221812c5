package timer_after_func_loop

import "time"

// First returns the name of the first timer to fire.
func First(names []string) string {
	first := make(chan string)
	for i, name := range names {
		_ = time.AfterFunc(time.Duration(i+1)*time.Millisecond, func() {
			first <- name
		})
	}
	return <-first
}

// Case lets the timers fire before goleak looks.
func Case() any {
	v := First([]string{"a", "a", "a"}) // any timer may fire first
	time.Sleep(50 * time.Millisecond)
	return v
}
