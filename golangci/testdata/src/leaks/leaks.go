package leaks

// First returns the length of the first word that is measured.
func First(words []string) int {
	out := make(chan int) // want `out: len\(words\)-1 of len\(words\) senders started at line 7 can block forever on the send at line 8: First returns after the first receive at line 11: senders at leaks.go:7, sends at leaks.go:8, leaves at leaks.go:11$`
	for _, w := range words {
		go func() {
			out <- len(w)
		}()
	}
	return <-out
}

func slow() string { return "slow" }

// Fetch gives up when done is closed.
func Fetch(done <-chan struct{}) string {
	ch := make(chan string) // want `ch: the sender started at line 19 can block forever on the send at line 20: Fetch returns at line 26 without receiving: senders at leaks.go:19, sends at leaks.go:20, leaves at leaks.go:26$`
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-done:
		return "cancelled"
	}
}

type emptyError struct{}

func (emptyError) Error() string { return "empty" }

func check(s string) error {
	if s == "" {
		return emptyError{}
	}
	return nil
}

// Validate checks every item concurrently and returns the first error.
func Validate(items []string) error {
	errc := make(chan error) // want `errc: len\(items\)-1 of len\(items\) senders started at line 45 can block forever on the send at line 46: Validate returns at line 51 after the first receive at line 50: senders at leaks.go:45, sends at leaks.go:46, leaves at leaks.go:51$`
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Sum receives once per sender: nothing leaks.
func Sum(xs []int) int {
	parts := make(chan int)
	for _, x := range xs {
		go func() { parts <- x * x }()
	}
	sum := 0
	for range xs {
		sum += <-parts
	}
	return sum
}
