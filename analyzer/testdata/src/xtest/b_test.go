//go:build integration

package xtest_test

import "testing"

func TestAll(t *testing.T) {
	out := make(chan int, 3)
	produce(out, 3)
	if len(out) != 3 {
		t.Fatal(len(out))
	}
}
