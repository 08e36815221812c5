// Command leaky leaks goroutines in the ways leakfix knows, and in one it
// does not; keeps a few goroutines blocked that are still in use; and
// writes what the runtime sees into the directory given as its argument:
//
//	stack.txt        runtime.Stack(buf, true)
//	goroutine2.txt   pprof.Lookup("goroutine").WriteTo(w, 2)
//	goleak.txt       the error goleak.Find returns
//	leak1.txt        pprof.Lookup("goroutineleak").WriteTo(w, 1), when built
//	leak2.txt        pprof.Lookup("goroutineleak").WriteTo(w, 2)  with GOEXPERIMENT=goroutineleakprofile
//
// The trace package's tests build and run it; the leaking packages are
// copies of leakfix's golden cases.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"example.com/leaky/early_error_loop"
	"example.com/leaky/first_method"
	"example.com/leaky/first_range"
	"example.com/leaky/first_two_sites"
	"example.com/leaky/producer"
	"example.com/leaky/timeout_after"
	"go.uber.org/goleak"
)

// jobs stays reachable, so the worker waiting on it is alive, not leaked.
var jobs = make(chan int)

// db's connection opener is a goroutine of the standard library, waiting
// with no frame in this module.
var db *sql.DB

// listener stays open, so the accept loop is alive, not leaked.
var listener net.Listener

func main() {
	out := os.Args[1]
	var err error
	if listener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		fail(err)
	}
	go serve(listener)
	go worker(jobs)
	jobs <- 1 // the worker runs, then waits for the next job
	db = sql.OpenDB(connector{})

	first_range.Case()
	first_two_sites.Case()
	first_method.Case()
	timeout_after.Case()
	early_error_loop.Case()
	producer.Case()
	drain()
	settle()

	write(filepath.Join(out, "stack.txt"), func(w *bytes.Buffer) {
		buf := make([]byte, 1<<20)
		w.Write(buf[:runtime.Stack(buf, true)])
	})
	write(filepath.Join(out, "goroutine2.txt"), func(w *bytes.Buffer) { pprof.Lookup("goroutine").WriteTo(w, 2) })
	write(filepath.Join(out, "goleak.txt"), func(w *bytes.Buffer) {
		if err := goleak.Find(); err != nil {
			w.WriteString(err.Error())
		}
	})
	if p := pprof.Lookup("goroutineleak"); p != nil {
		write(filepath.Join(out, "leak1.txt"), func(w *bytes.Buffer) { p.WriteTo(w, 1) })
		write(filepath.Join(out, "leak2.txt"), func(w *bytes.Buffer) { p.WriteTo(w, 2) })
	}
	_ = jobs
}

// connector connects to nothing: sql.OpenDB only needs one to start.
type connector struct{}

func (connector) Connect(context.Context) (driver.Conn, error) { return nil, errors.New("no database") }
func (connector) Driver() driver.Driver                        { return nil }

// serve is an accept loop: blocked in IO wait while the listener is open.
func serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// worker waits on a channel that main still holds.
func worker(jobs <-chan int) {
	for range jobs {
	}
}

// drain starts a reader on a channel nobody will close or send on: a leak
// that the static detector does not explain.
func drain() {
	ch := make(chan int)
	go func() {
		for range ch {
		}
	}()
}

// settle waits until no goroutine is still on its way to the send where it
// will block: none sleeps or is runnable.
func settle() {
	deadline := time.Now().Add(10 * time.Second)
	buf := make([]byte, 1<<20)
	for time.Now().Before(deadline) {
		dump := string(buf[:runtime.Stack(buf, true)])
		if !strings.Contains(dump, "[sleep") && !strings.Contains(dump, "[runnable") {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	fail(fmt.Errorf("goroutines did not settle"))
}

func write(name string, fill func(*bytes.Buffer)) {
	var b bytes.Buffer
	fill(&b)
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "leaky:", err)
	os.Exit(1)
}
