// Package trace reads goroutine dumps (not runtime/trace's execution
// traces) and connects what the Go runtime saw to what leakfix knows: it
// reads the goroutines a running program printed, groups the blocked
// ones by the go statement that started them and the place they wait,
// finds those places in the module on disk, and attributes each group to
// the leakfix finding that explains it.
//
// It reads every text form Go prints goroutines in:
//
//   - tracebacks: /debug/pprof/goroutine?debug=2, a SIGQUIT or
//     GOTRACEBACK=all crash, runtime.Stack(buf, true), a panic;
//   - debug=1 profiles, which aggregate identical stacks with a count,
//     including Go 1.26's goroutine leak profile
//     (GOEXPERIMENT=goroutineleakprofile, /debug/pprof/goroutineleak);
//   - goleak's failure text ("found unexpected goroutines: [Goroutine 12
//     in state chan send, with … on top of the stack: …]").
//
// The files are parse.go (text to goroutines), module.go (paths in a dump
// to files on disk), group.go (grouping and attribution) and report.go
// (text and JSON output).
package trace
