package afterclose

import (
	"testing"
	"time"
)

func TestFirst(t *testing.T) {
	ask := func(name string, stop <-chan struct{}) string { return name }
	if v := First(ask); v != "a" && v != "b" {
		t.Fatal(v)
	}
	time.Sleep(100 * time.Millisecond)
}
