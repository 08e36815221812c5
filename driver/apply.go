package driver

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/leakfix/leakfix/diff"
)

// A FileFix is the new content of one file, with the findings it fixes.
type FileFix struct {
	File  string
	Old   []byte
	New   []byte
	Edits []diff.Edit
	Fixed []Finding // the findings whose first fix is applied
}

// Plan picks the first fix of every finding and merges them per file, in
// the order of the findings. A fix whose edits overlap an earlier one is
// left out; its finding stays unfixed.
func Plan(res *Result) []FileFix {
	var out []FileFix
	index := map[string]int{}
	for _, f := range res.Findings {
		if len(f.Fixes) == 0 {
			continue
		}
		fix := f.Fixes[0]
		i, ok := index[fix.File]
		if !ok {
			i = len(out)
			index[fix.File] = i
			out = append(out, FileFix{File: fix.File, Old: res.Sources[fix.File]})
		}
		ff := &out[i]
		if contains(ff.Edits, fix.Edits) { // one fix for several findings
			ff.Fixed = append(ff.Fixed, f)
			continue
		}
		if overlaps(ff.Edits, fix.Edits) {
			continue
		}
		ff.Edits = append(ff.Edits, fix.Edits...)
		ff.Fixed = append(ff.Fixed, f)
	}
	for i := range out {
		out[i].New = diff.Apply(out[i].Old, out[i].Edits)
	}
	return out
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

func overlaps(have, add []diff.Edit) bool {
	for _, a := range add {
		for _, h := range have {
			if a.Start < h.End && h.Start < a.End || a.Start == h.Start {
				return true
			}
		}
	}
	return false
}

// Write replaces the file's content with ff.New, if the file still holds
// ff.Old. It writes a temporary file beside it, syncs it, and renames it
// over the original with the original's permissions, so that the file is
// never seen half written.
func Write(ff FileFix) error {
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
