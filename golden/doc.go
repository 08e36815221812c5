// Package golden holds leakfix's golden-file tests: each directory under
// testdata/cases is a package with one input file, case.go, and the files
// that fix its contract byte for byte:
//
//   - diagnostics.golden: the findings, one "case.go:line:col: message" a
//     line; absent when the case must not be reported;
//   - case.go.<strategy>.golden: the output of each fix that applies.
//
// Run "go test ./golden -update" to rewrite them, and review the diff.
package golden
