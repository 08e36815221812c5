package xtest_test

import "testing"

func produce(out chan<- int, n int) {
	for i := range n {
		out <- i
	}
}

func find(n, want int) int {
	out := make(chan int) // want `done: b_test.go names produce too, and a fix edits one file\)$`
	go produce(out, n)
	for v := range out {
		if v == want {
			return v
		}
	}
	return -1
}

func TestFind(t *testing.T) {
	if find(5, 1) != 1 {
		t.Fatal()
	}
}
