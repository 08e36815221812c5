// Package analyzer defines the leakfix Analyzer, the single source of
// leakfix's findings and fixes for every driver: the leakfix command,
// go vet and go fix, golangci-lint and the language server.
//
// # Analyzer leakfix
//
// leakfix: find goroutines that block forever sending to a channel nobody reads
//
// A function makes a channel, starts goroutines that send on it, and can
// return before it has received every value they send: it takes the first
// result, leaves a select on a timeout or ctx.Done(), or returns on the
// first error. Each sender left behind blocks forever on its send, holding
// its stack and everything it captured:
//
//	func first(urls []string) string {
//		out := make(chan string)
//		for _, u := range urls {
//			go func() { out <- fetch(u) }()
//		}
//		return <-out // the other len(urls)-1 senders block forever
//	}
//
// The report sits on the make call and names the senders, the sends and
// the exit that leaves them blocked. Its suggested fixes, the one the
// strategy flag prefers first:
//
//   - buffer: make(chan string, len(urls)), room for every send, when each
//     goroutine sends at most once and the count is known at the make;
//   - done: each send becomes a select that also returns on a done channel
//     closed by defer, or on ctx.Done() of a context cancelled by defer;
//   - errgroup: an error fan-out becomes errgroup.Group, when the module
//     already requires golang.org/x/sync.
//
// With -strategy=auto (the default) errgroup comes first for an error
// fan-out, buffer when the count of sends is a constant, done otherwise.
//
// A //leakfix:ignore comment on the make line, or in a function's doc
// comment, silences the report.
package analyzer
