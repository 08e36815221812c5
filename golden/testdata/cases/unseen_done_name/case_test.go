package unseen_done_name

import "testing"

var done = make(chan bool)

func TestFirst(t *testing.T) {
	go func() { done <- First([]int{4}) == 0 }()
	if !<-done {
		t.Fatal("First")
	}
}
