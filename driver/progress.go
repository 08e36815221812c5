package driver

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Progress returns a Config.Progress that shows on w, when w is a
// terminal and a run passes delay, one line that says what the run is
// doing, redrawn as it advances and erased when the run ends. It returns
// nil when w is not a terminal: a log, a pipe or a buffer gets nothing.
func Progress(w io.Writer, delay time.Duration) func(phase string, done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return newProgressLine(f, delay).update
}

// A progressLine is the line Progress draws.
type progressLine struct {
	w     io.Writer
	every time.Duration // between redraws, once shown

	mu          sync.Mutex
	timer       *time.Timer // set at the first update, stopped at the end
	delay       time.Duration
	phase       string
	done, total int
	drawn       bool // the line is on the terminal
	ended       bool
}

func newProgressLine(w io.Writer, delay time.Duration) *progressLine {
	return &progressLine{w: w, delay: delay, every: 200 * time.Millisecond}
}

// update records the run's state; the phase "" ends the run.
func (l *progressLine) update(phase string, done, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return
	}
	if phase == "" {
		l.ended = true
		if l.timer != nil {
			l.timer.Stop()
		}
		if l.drawn {
			fmt.Fprint(l.w, "\r\033[K")
		}
		return
	}
	l.phase, l.done, l.total = phase, done, total
	if l.timer == nil {
		l.timer = time.AfterFunc(l.delay, l.draw)
	}
}

// draw draws the line and arranges for the next redraw.
func (l *progressLine) draw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ended {
		return
	}
	if l.total > 0 {
		fmt.Fprintf(l.w, "\r\033[Kleakfix: %s %d/%d packages", l.phase, l.done, l.total)
	} else {
		fmt.Fprintf(l.w, "\r\033[Kleakfix: %s", l.phase)
	}
	l.drawn = true
	l.timer.Reset(l.every)
}
