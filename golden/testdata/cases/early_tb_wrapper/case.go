package early_tb_wrapper

import (
	"runtime"
	"testing"
)

// Suite wraps the test with the name of the fixture under test.
type Suite struct {
	t    testing.TB
	name string
}

// Fatalf reports the failure with the fixture's name and stops the test.
func (s *Suite) Fatalf(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf(s.name+": "+format, args...)
}

// Check stops the test on a bad input before it reads the answer.
func (s *Suite) Check(bad bool) int {
	c := make(chan int)
	go func() { c <- 1 }()
	if bad {
		s.Fatalf("bad input: %v", bad)
	}
	return <-c
}

// goexitTB stops like a *testing.T.
type goexitTB struct{ testing.TB }

func (goexitTB) Helper()               {}
func (goexitTB) Fatalf(string, ...any) { runtime.Goexit() }

func Case() any {
	ran := make(chan bool, 1)
	go func() {
		defer func() { ran <- true }()
		(&Suite{t: goexitTB{}, name: "db"}).Check(true)
	}()
	return <-ran
}
