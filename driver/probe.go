package driver

import (
	"runtime"
	"strings"

	"golang.org/x/tools/go/packages"
)

// The listing asks the go command for export data (go list -export) but
// forbids it to compile: -toolexec runs each tool through probeTool, which
// lets a tool say what it is (-V=full, and the C compiler's -###: the go
// command hashes that into its cache keys, so they are those of an
// ordinary build) and fails every other run. A package whose export data
// is in the build cache needs no tool and comes back with it; any other
// comes back without, its run failing with probeMarker, or failing because
// a dependency's did. So one go list says, at the cost of hashing the
// sources, which packages compiled before (their export data is that of a
// package without errors) and which must be type-checked from source.
const probeMarker = "leakfix: not in the build cache"

// probeTool is the -toolexec command, for the shell.
const probeTool = `sh -c 'for a do case $a in -V=full|-###) exec "$@";; esac; done; echo ` + probeMarker + ` >&2; exit 1' leakfix-probe`

// probeFlags are the build flags that make go list a probe of the build
// cache; none where there is no sh, and the listing compiles as it did.
func probeFlags() []string {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" {
		return nil
	}
	return []string{"-toolexec=" + probeTool}
}

// settleProbe removes the probe's failures from the errors of every
// package of the graph. A package that did not compile before lists its
// Go files as its compiled files, which is what they are unless it uses
// cgo (graph.compileCgo). forget, if not nil, says which packages to take
// for not compiled even if they did.
func settleProbe(listed []*packages.Package, forget func(*packages.Package) bool) {
	packages.Visit(listed, nil, func(p *packages.Package) {
		if forget != nil && forget(p) {
			p.ExportFile = ""
		}
		errs := p.Errors[:0]
		for _, e := range p.Errors {
			if !strings.Contains(e.Msg, probeMarker) {
				errs = append(errs, e)
			}
		}
		p.Errors = errs
		if p.ExportFile == "" && len(p.CompiledGoFiles) == 0 {
			p.CompiledGoFiles = p.GoFiles
		}
	})
}

// cached reports whether p's export data came from the build cache: it
// compiled without error.
func cached(p *packages.Package) bool { return p.ExportFile != "" }
