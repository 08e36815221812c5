package helper_declines

import "fmt"

// Each function takes values from a producer helper until it finds the
// one it wants, and leaves the producer blocked on its next value. The
// helper cannot take a done parameter, each for its own reason.

// Exported: other packages may call Emit.
func Exported(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		Emit(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

// Emit sends 0 to n-1.
func Emit(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// Value: emit is also used as a value, which no edit of its calls follows.
func Value(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		emit(out, n)
	}()
	f := emit
	_ = f
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func emit(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// After: the goroutine prints after the helper, which it never did while
// the helper blocked.
func After(n, want int) int {
	out := make(chan int)
	go func() {
		send(out, n)
		fmt.Println("sent", n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func send(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// Spread: a call passes a slice's elements, after which no argument can
// be added.
func Spread(xs []int, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		each(out, xs...)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func each(out chan<- int, xs ...int) {
	for _, x := range xs {
		out <- x
	}
}

// Results: the helper returns a value, so return alone would not compile.
func Results(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		count(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func count(out chan<- int, n int) bool {
	for i := range n {
		out <- i
	}
	return true
}

// Method: a method may be called through an interface or a method value.
func Method(n, want int) int {
	out := make(chan int)
	var p producer
	go func() {
		defer close(out)
		p.emit(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

type producer struct{}

func (producer) emit(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

// Shared and Shared2: one helper feeds two leaks, and each would pass it
// a done of its own.
func Shared(n, want int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		share(out, n)
	}()
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func Shared2(n, want int) int {
	out := make(chan int)
	go share(out, n)
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func share(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}
