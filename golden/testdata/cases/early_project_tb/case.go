package early_project_tb

import "runtime"

// TB is a project's own test interface, as testutil packages declare it.
type TB interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	FailNow()
	Skip(args ...any)
	Skipf(format string, args ...any)
	SkipNow()
	Helper()
}

// Check stops the test on a bad input before it reads the answer.
func Check(t TB, bad bool) int {
	c := make(chan int)
	go func() { c <- 1 }()
	if bad {
		t.Fatalf("bad input: %v", bad)
	}
	return <-c
}

// goexitT stops like a *testing.T.
type goexitT struct{}

func (goexitT) Fatal(...any)          { runtime.Goexit() }
func (goexitT) Fatalf(string, ...any) { runtime.Goexit() }
func (goexitT) FailNow()              { runtime.Goexit() }
func (goexitT) Skip(...any)           { runtime.Goexit() }
func (goexitT) Skipf(string, ...any)  { runtime.Goexit() }
func (goexitT) SkipNow()              { runtime.Goexit() }
func (goexitT) Helper()               {}

func Case() any {
	ran := make(chan bool, 1)
	go func() {
		defer func() { ran <- true }()
		Check(goexitT{}, true)
	}()
	return <-ran
}
