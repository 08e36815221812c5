package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestHelp checks that the help reads like a Go tool's, in each of the
// ways a user asks for it: every flag spelt with one dash, with its
// default when it has one, the commands, the exit codes and examples; and
// that help and version are commands, not package patterns.
func TestHelp(t *testing.T) {
	wd, _ := os.Getwd()
	for _, args := range [][]string{{"-help"}, {"-h"}, {"--help"}, {"help"}} {
		code, out, errs := runLeakfix(t, wd, args...)
		if code != exitClean || errs != "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
		for _, want := range []string{
			"Usage:\n  leakfix [flags] [packages]\n",
			"\n  -json ", "\n  -strategy value ", "(default auto)", "\n  -test ", "include test files (default true)", "\n  -version ",
			"\n  trace ", "\n  version ", "\n  help ",
			"Exit codes:\n  0 ", "\n  1 ", "\n  2 ",
			"Examples:\n  leakfix ./...",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: help lacks %q:\n%s", args, want, out)
			}
		}
		if strings.Contains(out, "--") || strings.Contains(out, "default: false") {
			t.Errorf("%v: help spells a flag with two dashes or shows a false default:\n%s", args, out)
		}
	}
	code, out, _ := runLeakfix(t, wd, "help", "trace")
	if code != exitClean || !strings.Contains(out, "Usage:\n  leakfix trace [flags] [dump]") || !strings.Contains(out, "\n  -strategy value ") {
		t.Errorf("help trace: exit %d:\n%s", code, out)
	}
	code, _, errs := runLeakfix(t, wd, "-frobnicate")
	if code != exitError || !strings.Contains(errs, "run 'leakfix -help' for usage") {
		t.Errorf("unknown flag: exit %d, stderr %q", code, errs)
	}
}

// TestREADMEFlags checks that the README's flag table and the command's
// flags are the same set.
func TestREADMEFlags(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, usage, _ := strings.Cut(string(readme), "\n## Usage\n")
	usage, _, _ = strings.Cut(usage, "\n## ")
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `-([a-z]+)` \\|").FindAllStringSubmatch(usage, -1) {
		documented[m[1]] = true
	}
	wd, _ := os.Getwd()
	_, help, _ := runLeakfix(t, wd, "-help")
	_, flags, _ := strings.Cut(help, "\nFlags:\n")
	flags, _, _ = strings.Cut(flags, "\n\n")
	for _, line := range strings.Split(flags, "\n") {
		name := strings.TrimPrefix(strings.Fields(line)[0], "-")
		if !documented[name] {
			t.Errorf("-%s is not in the README's flag table", name)
		}
		delete(documented, name)
	}
	for name := range documented {
		t.Errorf("the README documents -%s, which leakfix does not have", name)
	}
}

// TestVersion checks leakfix version, -version and the go command's
// -V=full against a binary built from this checkout: the module version
// "(devel)", the VCS revision the go command stamped, and for -V=full
// the buildID field the go command keys its cache on, the SHA-256 of the
// binary.
func TestVersion(t *testing.T) {
	wd, _ := os.Getwd()
	for _, args := range [][]string{{"version"}, {"-version"}} {
		code, out, _ := runLeakfix(t, wd, args...)
		if want := "leakfix version " + version() + "\n"; code != exitClean || out != want {
			t.Errorf("%v: exit %d, %q; want %q", args, code, out, want)
		}
	}
	// The go command stamps the revision in a clone (not in a git
	// worktree, whose .git is a file, nor with -buildvcs=false).
	bin := buildLeakfix(t)
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// What the binary says must be what the go command reads in it.
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "leakfix version"
	build := map[string]string{}
	for line := range strings.Lines(string(meta)) {
		f := strings.Split(strings.TrimSpace(line), "\t")
		switch {
		case f[0] == "mod" && len(f) >= 3:
			want += " " + f[2]
		case f[0] == "build" && len(f) == 2:
			k, v, _ := strings.Cut(f[1], "=")
			build[k] = v
		}
	}
	if rev := build["vcs.revision"]; rev != "" {
		want += " revision " + rev[:12]
		if build["vcs.modified"] == "true" {
			want += " modified"
		}
	}
	want += " " + strings.Fields(string(meta))[1] + "\n" // the Go version
	if string(out) != want {
		t.Errorf("leakfix version = %q, want %q (from go version -m)", out, want)
	}
	full, err := exec.Command(bin, "-V=full").Output()
	if err != nil {
		t.Fatal(err)
	}
	// cmd/go: "name version X … buildID=H", X containing "devel" for a
	// build whose cache key is H.
	f := strings.Fields(string(full))
	if len(f) < 4 || f[0] != "leakfix" || f[1] != "version" || !strings.Contains(f[2], "devel") || !regexp.MustCompile(`^buildID=[0-9a-f]{64}$`).MatchString(f[len(f)-1]) ||
		strings.TrimSuffix(string(full), " "+f[len(f)-1]+"\n")+"\n" != string(out) {
		t.Errorf("-V=full = %q, want the version line %q and a buildID", full, out)
	}
}
