package golden

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// shards is how many processes run the proof at once: goleak is
// process-wide, so each process checks its cases one after another.
const shards = 4

// A proof is what running one variant of a case showed.
type proof struct {
	Case    string `json:"case"`
	Variant string `json:"variant"` // "in", or the strategy of a golden output
	Result  string `json:"result"`
	Leak    string `json:"leak"` // goleak's report, empty when nothing leaked
}

// TestFixesRemoveLeaks runs every case that has an entry function
// (func Case() any) and each of its golden outputs as real packages, built
// with the race detector: the input must leave a goroutine blocked on a
// channel send, and every fixed output must leave none, return what the
// input returned, and not hang.
func TestFixesRemoveLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every case; -short skips it")
	}
	mod, write := runModule(t, "proof")
	want := writeProof(t, write)
	checkProofs(t, want, runProof(t, mod))
}

// writeProof writes the proof's module: every case with an entry
// function as it is ("in") and as each of its goldens has it, and a test
// that runs them all. It returns, per case, the variants to expect.
func writeProof(t *testing.T, write func(string, []byte)) map[string][]string {
	t.Helper()
	type variant struct{ name, pkg, alias string }
	var imports, entries []string
	want := map[string][]string{} // case => variants expected in the proof
	for _, dir := range cases(t) {
		name := filepath.Base(dir)
		src, err := os.ReadFile(filepath.Join(dir, "case.go"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "diagnostics.golden")); err != nil || !hasEntry(t, src) {
			continue
		}
		// The other files of the case come along unchanged.
		others, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		copyCase := func(variant string, caseGo []byte) {
			for _, o := range others {
				b, err := os.ReadFile(o)
				if err != nil {
					t.Fatal(err)
				}
				if filepath.Base(o) == "case.go" {
					b = caseGo
				}
				write(filepath.Join(variant, name, filepath.Base(o)), b)
			}
		}
		variants := []variant{{"in", "in/" + name, "in_" + name}}
		copyCase("in", src)
		goldens, _ := filepath.Glob(filepath.Join(dir, "case.go.*.golden"))
		for _, g := range goldens {
			strategy := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(g), "case.go."), ".golden")
			out, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			copyCase(strategy, out)
			variants = append(variants, variant{strategy, strategy + "/" + name, strategy + "_" + name})
		}
		for _, v := range variants {
			imports = append(imports, fmt.Sprintf("\t%s %q", v.alias, "proof/"+v.pkg))
			entries = append(entries, fmt.Sprintf("\t{%q, %q, %s.Case},", name, v.name, v.alias))
			want[name] = append(want[name], v.name)
		}
	}
	write("proof_test.go", []byte(fmt.Sprintf(proofMain, strings.Join(imports, "\n"), strings.Join(entries, "\n"))))
	return want
}

// runProof builds the proof with -race and runs it in shards, each a
// process of its own since goleak is process-wide, and returns what each
// variant showed.
func runProof(t *testing.T, mod string) []proof {
	t.Helper()
	gocmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	bin := filepath.Join(mod, "proof.test")
	build := exec.Command(gocmd, "test", "-race", "-c", "-o", bin, ".")
	build.Dir = mod
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the proof: %v\n%s", err, out)
	}
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		proofs []proof
	)
	for shard := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(bin, "-test.run=TestProof", "-test.count=1")
			cmd.Env = append(os.Environ(), fmt.Sprintf("PROOF_SHARD=%d/%d", shard, shards))
			out, err := cmd.CombinedOutput()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("proof shard %d: %v\n%s", shard, err, out)
			}
			sc := bufio.NewScanner(bytes.NewReader(out))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				if line, ok := strings.CutPrefix(sc.Text(), "PROOF "); ok {
					var p proof
					if err := json.Unmarshal([]byte(line), &p); err != nil {
						t.Errorf("proof line %q: %v", line, err)
					}
					proofs = append(proofs, p)
				}
			}
		}()
	}
	wg.Wait()
	return proofs
}

// checkProofs checks that every case's input leaked a sender and that
// each of its fixed variants ran, leaked nothing, did not hang and
// returned what the input returned.
func checkProofs(t *testing.T, want map[string][]string, proofs []proof) {
	t.Helper()
	got := map[string]map[string]proof{}
	for _, p := range proofs {
		if got[p.Case] == nil {
			got[p.Case] = map[string]proof{}
		}
		got[p.Case][p.Variant] = p
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	fixes := 0
	for _, name := range names {
		in, ok := got[name]["in"]
		if !ok {
			t.Errorf("%s: the input did not run", name)
			continue
		}
		if !strings.Contains(in.Leak, "in state chan send") {
			t.Errorf("%s: the input does not leak a sender; goleak: %q", name, in.Leak)
		}
		for _, v := range want[name][1:] {
			if checkVariant(t, name, v, in, got[name]) {
				fixes++
			}
		}
	}
	t.Logf("%d leaking cases run, %d fixed outputs proved", len(names), fixes)
	if len(names) < 30 {
		t.Errorf("only %d leaking cases have an entry function; want at least 30", len(names))
	}
}

// checkVariant checks one fixed variant v of a case against its input,
// and reports whether it is proved.
func checkVariant(t *testing.T, name, v string, in proof, got map[string]proof) bool {
	t.Helper()
	p, ok := got[v]
	switch {
	case !ok:
		t.Errorf("%s/%s: did not run", name, v)
	case p.Leak != "":
		t.Errorf("%s/%s: the fix leaves a leak:\n%s", name, v, p.Leak)
	case p.Result == "HANG":
		t.Errorf("%s/%s: the fix hangs", name, v)
	case p.Result != in.Result:
		t.Errorf("%s/%s: returns %q, the input returned %q", name, v, p.Result, in.Result)
	default:
		return true
	}
	return false
}

// hasEntry reports whether a case declares func Case() any.
func hasEntry(t *testing.T, src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "case.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "Case" && fd.Recv == nil {
			return true
		}
	}
	return false
}

// proofMain is the test the proof module runs: each variant's Case, then
// goleak on what it left behind.
const proofMain = `package proof

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

%s
)

const hangAfter = 20 * time.Second

var variants = []struct {
	name, variant string
	run           func() any
}{
%s
}

func TestProof(t *testing.T) {
	var shard, shards int
	fmt.Sscanf(os.Getenv("PROOF_SHARD"), "%%d/%%d", &shard, &shards)
	for i, v := range variants {
		if shards > 0 && i%%shards != shard {
			continue
		}
		before := goleak.IgnoreCurrent()
		// A fix that turns a leak into a deadlock hangs here: give up on
		// it after a while and say so, leaving its goroutine behind.
		ran := make(chan string, 1)
		go func() { ran <- fmt.Sprint(v.run()) }()
		var result string
		select {
		case result = <-ran:
		case <-time.After(hangAfter):
			result = "HANG"
		}
		leak := ""
		if err := goleak.Find(before); err != nil {
			leak = err.Error()
		}
		// An input's senders may still be on their way to the send that
		// blocks them forever, or not started yet (a timer that has not
		// fired): look again until one is there.
		for deadline := time.Now().Add(5 * time.Second); v.variant == "in" && !strings.Contains(leak, "in state chan send") && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			if err := goleak.Find(before); err != nil {
				leak = err.Error()
			}
		}
		line, _ := json.Marshal(map[string]string{"case": v.name, "variant": v.variant, "result": result, "leak": leak})
		fmt.Println("PROOF " + strings.TrimSpace(string(line)))
	}
}
`

// runModule makes a temporary module, called name, that requires what
// the cases run with (goleak, x/sync), with leakfix's go.sum, and returns
// its directory and a function that writes a file into it.
func runModule(t *testing.T, name string) (string, func(name string, data []byte)) {
	t.Helper()
	mod := t.TempDir()
	goSum, err := os.ReadFile("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		path := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module "+name+"\n\ngo 1.26\n\nrequire (\n\tgo.uber.org/goleak v1.3.0\n\tgolang.org/x/sync v0.25.0\n)\n"))
	write("go.sum", goSum)
	return mod, write
}
