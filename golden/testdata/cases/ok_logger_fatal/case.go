package ok_logger_fatal

// Logger is a logger whose Fatalf ends the process, or logs and returns:
// without testing.TB's Skip methods it is not a test.
type Logger interface {
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// Check logs a bad input and reads the answer.
func Check(log Logger, bad bool) int {
	c := make(chan int)
	go func() { c <- 1 }()
	if bad {
		log.Fatalf("bad input: %v", bad)
	}
	return <-c
}
