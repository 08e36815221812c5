package helper_unseen_callers

import "testing"

func TestCheck(t *testing.T) {
	out := make(chan int, 1)
	check(out, 1)
	if <-out != 1 {
		t.Fatal("check")
	}
}
