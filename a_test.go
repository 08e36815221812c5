package capalias

import "testing"

func TestFirst(t *testing.T) {
	if _, sync := First([]int{1, 2}); !sync {
		t.Fatal("buffered")
	}
}
