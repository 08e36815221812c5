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
//     goroutine sends at most once and the count is known at the make and
//     cannot change before the go statements;
//   - done: each send becomes a select that also returns on a done channel
//     closed by defer when the function returns (never a context the
//     caller can cancel: that can turn the leak into a deadlock);
//   - errgroup: an error fan-out becomes errgroup.Group, only with
//     -strategy=errgroup (g.Wait waits for every goroutine), when the
//     module already requires golang.org/x/sync and g.Wait() returns
//     exactly what the receive loop returned.
//
// A fix is offered only where its preconditions hold and the fixed file
// parses, keeps every comment and literal, and type-checks; a report
// without a fix says why: (no fix: buffer: …; done: …).
//
// With -strategy=auto (the default) buffer comes first when the count of
// sends is a constant, done otherwise.
//
// A //leakfix:ignore comment on the make line, or in a function's doc
// comment, silences the report.
package analyzer
