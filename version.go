package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// version describes this build of leakfix from its build information:
// the module version ("(devel)" for a build from a checkout, as go build
// and go run make it), the VCS revision when the go command recorded one,
// and the Go release it was built with.
//
//	v1.2.0 go1.26.8
//	(devel) revision bb5c8e1ab3d4 modified go1.26.8
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown " + runtime.Version()
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)" // a test binary
	}
	parts := []string{v}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		parts = append(parts, "revision", rev[:min(len(rev), 12)])
		if settings["vcs.modified"] == "true" {
			parts = append(parts, "modified")
		}
	}
	return strings.Join(append(parts, info.GoVersion), " ")
}

// printVetVersion answers the go command's `leakfix -V=full`, which it runs
// to key its cache of vet results on the tool: "leakfix version V …
// buildID=H". When V contains "devel" (so "(devel)" does), the go command
// keys on H alone, so H must change whenever the binary does: it is the
// SHA-256 of the executable, as unitchecker computes it. A release version
// keys on the whole line.
func printVetVersion(w io.Writer) error {
	sum, err := executableSum()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "leakfix version %s buildID=%s\n", version(), sum)
	return err
}

// executableSum returns the SHA-256 of the running executable, in hex.
func executableSum() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// versionCommand is `leakfix version`, as `go version`.
var versionCommand = &cli.Command{
	Name:      "version",
	Usage:     "print leakfix's version",
	UsageText: "leakfix version",
	Action: func(c *cli.Context) error {
		_, err := fmt.Fprintf(c.App.Writer, "leakfix version %s\n", version())
		return err
	},
}
