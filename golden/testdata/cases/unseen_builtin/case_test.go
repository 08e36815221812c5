package unseen_builtin

import (
	"io"
	"testing"
)

// close closes c, failing the test on an error.
func close(t *testing.T, c io.Closer) {
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestFirst(t *testing.T) {
	if First([]int{4}) != 0 {
		t.Fatal("First")
	}
}
