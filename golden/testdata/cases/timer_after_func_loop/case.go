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

func Case() any { return First([]string{"a", "b", "c"}) }
