package trace

import (
	"path/filepath"
	"testing"
)

// TestAttribute explains goroutines of the sample module's program as
// dumps from builds of other versions of its source would show them.
func TestAttribute(t *testing.T) {
	m, err := FindModule(filepath.Join("testdata", "sample"))
	if err != nil {
		t.Fatal(err)
	}
	const (
		search = "/build/src/github.com/acme/shop/search/search.go"
		main   = "/build/src/github.com/acme/shop/main.go"
	)
	first := &Frame{"github.com/acme/shop/search.First", search, 8}
	sender := Frame{"github.com/acme/shop/search.First.func1", search, 9}
	tests := []struct {
		name   string
		g      Goroutine
		status Status
		match  string
	}{
		{"the go statement", Goroutine{State: "chan send", Frames: []Frame{sender}, CreatedBy: first}, Explained, "go statement"},
		{"the send, in a debug=1 profile", Goroutine{Leaked: true, Frames: []Frame{sender}}, Explained, "send"},
		{"a multi-line go statement, named by a line inside it", Goroutine{State: "chan send",
			Frames: []Frame{sender}, CreatedBy: &Frame{first.Func, search, 10}}, Explained, "go statement"},
		{"an older source: the sender's func literal, on a send", Goroutine{State: "chan send",
			Frames: []Frame{{sender.Func, search, 30}}, CreatedBy: &Frame{first.Func, search, 29}}, Explained, "function"},
		{"an older source: the func literal, blocked on a receive", Goroutine{State: "chan receive",
			Frames: []Frame{{sender.Func, search, 30}}, CreatedBy: &Frame{first.Func, search, 29}}, Unexplained, ""},
		{"an older source: started in First, blocked in another function", Goroutine{State: "chan send",
			Frames: []Frame{{"github.com/acme/shop/search.ask", search, 30}}, CreatedBy: &Frame{first.Func, search, 29}}, Unexplained, ""},
		{"a leak leakfix does not explain", Goroutine{State: "chan receive",
			Frames: []Frame{{"main.subscribe.func1", main, 33}}, CreatedBy: &Frame{"main.subscribe", main, 32}}, Unexplained, ""},
		{"a goroutine of the standard library", Goroutine{State: "select",
			Frames:    []Frame{{"database/sql.(*DB).connectionOpener", "/usr/local/go/src/database/sql/sql.go", 1261}},
			CreatedBy: &Frame{"database/sql.OpenDB", "/usr/local/go/src/database/sql/sql.go", 841}}, Outside, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.g.Count = 1
			rep, err := Explain(m, []Goroutine{tt.g}, Options{Tests: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Groups) != 1 {
				t.Fatalf("%d groups, want 1", len(rep.Groups))
			}
			g := rep.Groups[0]
			if g.Status != tt.status || g.Match != tt.match {
				t.Errorf("status %q matched by %q, want %q by %q", g.Status, g.Match, tt.status, tt.match)
			}
			if (g.Finding != nil) != (tt.status == Explained) {
				t.Errorf("finding %v with status %s", g.Finding, g.Status)
			}
		})
	}
}

// TestGroup checks how goroutines are put together: by go statement,
// blocking place and state; running ones, and main in select {}, left out; counts, leaks and
// waits added up.
func TestGroup(t *testing.T) {
	m := &Module{Dir: t.TempDir(), Path: "example.com/m"}
	created := func(line int) *Frame { return &Frame{"example.com/m/p.F", "/src/p/p.go", line} }
	send := []Frame{{"example.com/m/p.F.func1", "/src/p/p.go", 9}}
	gs := []Goroutine{
		{ID: 1, Count: 1, State: "running", Frames: []Frame{{"main.main", "/src/main.go", 3}}},
		{ID: 1, Count: 1, State: "select (no cases)", Leaked: true, Frames: []Frame{{"main.main", "/src/main.go", 9}}},
		{ID: 2, Count: 1, State: "chan send", Frames: send, CreatedBy: created(8), Wait: 3},
		{ID: 3, Count: 1, State: "chan send", Frames: send, CreatedBy: created(12)},
		{ID: 4, Count: 1, State: "chan send", Frames: send, CreatedBy: created(8), Wait: 7, Leaked: true},
		{ID: 5, Count: 1, State: "chan send", Frames: send, CreatedBy: created(8)},
		{ID: 6, Count: 1, State: "select", Frames: send, CreatedBy: created(8)},
		{Count: 5, Frames: []Frame{{"runtime/pprof.writeRuntimeProfile", "/go/src/runtime/pprof/pprof.go", 851}}},
	}
	got := group(m, gs)
	want := []struct {
		ids              []int
		count, leaked    int
		minWait, maxWait int
	}{{[]int{2, 4, 5}, 3, 1, 0, 7}, {[]int{3}, 1, 0, 0, 0}, {[]int{6}, 1, 0, 0, 0}}
	if len(got) != len(want) {
		t.Fatalf("%d groups, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Count != w.count || g.Leaked != w.leaked || g.MinWait != w.minWait || g.MaxWait != w.maxWait || len(g.IDs) != len(w.ids) {
			t.Errorf("group %d: %+v, want %+v", i, g, w)
		}
		if h := g.headline(); i == 0 && h != "3 goroutines blocked (1 leaked) in chan send for up to 7 minutes" {
			t.Errorf("headline %q", h)
		}
	}
}
