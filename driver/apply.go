package driver

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/diff"
	"golang.org/x/tools/go/analysis"
)

// A FileFix is the new content of one file, with the findings it fixes.
type FileFix struct {
	File  string
	Old   []byte
	New   []byte
	Edits []diff.Edit
	Fixed []Finding // the findings whose first fix is applied
}

// An Unfixed finding is one a Plan leaves as it is, with the reason.
type Unfixed struct {
	Finding Finding
	Reason  string
}

// A Plan is what -d prints and -w writes: the new content of each file
// that the findings' first fixes change, and why every other finding
// stays unfixed. Every command that fixes builds one with Fix.
type Plan struct {
	Files   []FileFix
	Unfixed []Unfixed
}

// PlanFixes plans the first fix of every finding, merged per file in the order
// of the findings, and verifies the result before anyone sees it (see
// Verify): a file that fails is left out, and its findings are unfixed
// with the reason. A fix whose edits overlap an earlier one's is left out
// too (the analyzer orders fixes so that this does not happen).
func PlanFixes(cfg Config, a *analysis.Analyzer, res *Result, findings []Finding) *Plan {
	p := merge(res, findings)
	p.drop(Verify(cfg, a, p.Files), "fix not applied: ")
	return p
}

// merge plans the first fix of every finding, unverified.
func merge(res *Result, findings []Finding) *Plan {
	p := &Plan{}
	index := map[string]int{}
	for _, f := range findings {
		if len(f.Fixes) == 0 {
			p.Unfixed = append(p.Unfixed, Unfixed{f, "no automatic fix"})
			continue
		}
		fix := f.Fixes[0]
		i, ok := index[fix.File]
		if !ok {
			i = len(p.Files)
			index[fix.File] = i
			p.Files = append(p.Files, FileFix{File: fix.File, Old: res.Sources[fix.File]})
		}
		ff := &p.Files[i]
		if contains(ff.Edits, fix.Edits) { // one fix for several findings
			ff.Fixed = append(ff.Fixed, f)
			continue
		}
		if overlaps(ff.Edits, fix.Edits) {
			p.Unfixed = append(p.Unfixed, Unfixed{f, "its fix overlaps the fix of an earlier finding; run leakfix again"})
			continue
		}
		for _, e := range fix.Edits {
			if !slices.Contains(ff.Edits, e) { // an import two fixes add
				ff.Edits = append(ff.Edits, e)
			}
		}
		ff.Fixed = append(ff.Fixed, f)
	}
	for i := range p.Files {
		p.Files[i].New = diff.Apply(p.Files[i].Old, p.Files[i].Edits)
	}
	return p
}

// Write writes every file of the plan (see WriteFile). A file that cannot
// be written leaves the plan, its findings unfixed with the reason.
func (p *Plan) Write() {
	failed := map[string]error{}
	for _, ff := range p.Files {
		if err := WriteFile(ff); err != nil {
			failed[ff.File] = err
		}
	}
	p.drop(failed, "fix not applied: ")
}

// drop removes the files of failed from the plan, their findings unfixed.
func (p *Plan) drop(failed map[string]error, prefix string) {
	kept := p.Files[:0]
	for _, ff := range p.Files {
		err, bad := failed[ff.File]
		if !bad {
			kept = append(kept, ff)
			continue
		}
		for _, f := range ff.Fixed {
			p.Unfixed = append(p.Unfixed, Unfixed{f, prefix + err.Error()})
		}
	}
	p.Files = kept
}

// patchName names file in a patch applied in dir: relative, with ../
// when it lies outside dir, absolute only when no relative path exists
// (on another volume).
func patchName(dir, file string) string {
	if r, err := filepath.Rel(dir, file); err == nil {
		return filepath.ToSlash(r)
	}
	return file
}

// Diff prints the plan as a unified diff that git apply accepts: each
// file preceded by "#" lines naming the findings it fixes and how, then
// "#" lines for the findings left unfixed and why. Files are named
// relative to dir; git apply refuses a path that leaves the directory it
// runs in unless given --unsafe-paths, and absolute paths always, so a
// file outside dir is named with ../ and a comment says how to apply it.
func (p *Plan) Diff(w io.Writer, dir string) {
	noted := false
	for _, ff := range p.Files {
		name := patchName(dir, ff.File)
		if strings.HasPrefix(name, "../") && !noted {
			fmt.Fprintf(w, "# some files lie outside %s: apply with git apply --unsafe-paths\n", dir)
			noted = true
		}
		for _, f := range ff.Fixed {
			fmt.Fprintf(w, "# %s:%d:%d: %s\n#   fix: %s\n", name, f.Line, f.Col, f.Message, f.Fixes[0].Message)
		}
		fmt.Fprint(w, diff.Unified(name, ff.Old, ff.Edits))
	}
	for _, u := range p.Unfixed {
		f := u.Finding
		fmt.Fprintf(w, "# %s:%d:%d: %s\n#   %s\n", Rel(dir, f.File), f.Line, f.Col, f.Message, u.Reason)
	}
}

// contains reports whether every edit of add is already in have.
func contains(have, add []diff.Edit) bool {
	for _, a := range add {
		if !slices.Contains(have, a) {
			return false
		}
	}
	return true
}

// overlaps reports whether an edit of add overlaps one of have. The same
// edit does not: it is applied once, as go fix and the analyzer do.
func overlaps(have, add []diff.Edit) bool {
	for _, a := range add {
		for _, h := range have {
			if a != h && (a.Start < h.End && h.Start < a.End || a.Start == h.Start) {
				return true
			}
		}
	}
	return false
}

// WriteFile replaces the file's content with ff.New, if the file still holds
// ff.Old. It writes a temporary file beside it, syncs it, and renames it
// over the original with the original's permissions, so that the file is
// never seen half written.
func WriteFile(ff FileFix) error {
	info, err := os.Lstat(ff.File)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return errors.New("not a regular file, not written")
	}
	if info.Mode().Perm()&0o200 == 0 {
		return errors.New("read-only, not written")
	}
	cur, err := os.ReadFile(ff.File)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, ff.Old) {
		return errors.New("changed on disk since it was analysed, not written")
	}
	tmp, err := os.CreateTemp(filepath.Dir(ff.File), "."+filepath.Base(ff.File)+".leakfix-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(ff.New); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), ff.File)
}
