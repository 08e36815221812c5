package driver

import (
	"testing"
)

// TestMayLeak checks the pre-pass on the shapes that decide it. A "true"
// that became "false" would lose findings; the reverse only costs time.
func TestMayLeak(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"leak", `package p
func f() int {
	c := make(chan int)
	go func() { c <- 1 }()
	return 0
}`, true},
		{"named channel type", `package p
type results chan int
func f() {
	c := make(results)
	go func() { c <- 1 }()
}`, true},
		{"type parameter", `package p
func f[C ~chan int]() {
	c := make(C)
	go func() { c <- 1 }()
}`, true},
		{"qualified type", `package p
import "q"
func f() { c := make(q.Chan); go func() { c <- 1 }() }`, true},
		{"parenthesised make and type", `package p
func f() { c := (make)((chan int)); go func() { c <- 1 }() }`, true},
		{"go before a paren", `package p
func f() { c := make(chan int); go(func() { c <- 1 })() }`, true},
		{"go before a comment", `package p
func f() { c := make(chan int); go/* now */func() { c <- 1 }() }`, true},
		{"make in a literal, go outside it", `package p
func f() {
	var c chan int
	func() { c = make(chan int) }()
	go func() { c <- 1 }()
}`, true},
		{"function literal in a var", `package p
var f = func() { c := make(chan int); go func() { c <- 1 }() }`, true},
		{"method", `package p
type T struct{}
func (T) f() { c := make(chan int); go func() { c <- 1 }() }`, true},
		{"time.AfterFunc", `package p
import "time"
func f() { c := make(chan int); time.AfterFunc(0, func() { c <- 1 }) }`, true},
		{"syntax error", `package p
func f( { go make`, true},
		{"no go statement", `package p
func f() chan int { return make(chan int) }`, false},
		{"no make", `package p
func f(c chan int) { go func() { c <- 1 }() }`, false},
		{"slice and map only", `package p
func f() {
	s, m := make([]int, 3), make(map[int]int)
	go func() { s[0], m[0] = 1, 1 }()
}`, false},
		{"make and go in different functions", `package p
func f() chan int { return make(chan int) }
func g(c chan int) { go func() { c <- 1 }() }`, false},
		{"words only in comments and strings", `package p
// go make it
var s = "go make(chan int)"`, false},
		{"words inside identifiers", `package p
func gofmt() {}
func remake() { gofmt() }`, false},
		{"a go identifier is not the keyword", `package p
func f() { goo, makes := 1, 2; _, _ = goo, makes }`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mayLeak("p.go", []byte(tt.src)); got != tt.want {
				t.Errorf("mayLeak = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		src        string
		gos, makes bool
	}{
		{"go f(make)", true, true},
		{"\tgo(f)()", true, false},
		{"x;go/**/f()", true, false},
		{"gofmt golang ago go_ go1", false, false},
		{"ägo", true, false}, // a false alarm, by design
		{"remake makes make_", false, false},
		{"make(", false, true},
		{"// go make\n", false, false},
		{"/* go make */ x", false, false},
		{`"go make"`, false, false},
		{"`go\nmake`", false, false},
		{`'"' + "\"go" x`, false, false},
		{`"\\" go`, true, false},
		{"/* go", true, true},      // left open: let the parser judge
		{"\"make\ngo", true, true}, // likewise
		{"// go", false, false},    // a comment at the end of the file
		{"", false, false},
	}
	for _, tt := range tests {
		if gos, makes := words([]byte(tt.src)); gos != tt.gos || makes != tt.makes {
			t.Errorf("words(%q) = %v, %v, want %v, %v", tt.src, gos, makes, tt.gos, tt.makes)
		}
	}
}
