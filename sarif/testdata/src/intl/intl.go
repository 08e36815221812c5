// Package intl puts characters of two and four bytes (one and two UTF-16
// code units) before a finding, its sender, its send and its exit, so that
// UTF-16 columns differ from Go's byte columns.
package intl

// Größe returns the size of the first part measured.
func Größe(parts []string) int {
	/* 𝄞 é */ sizes := make(chan int)
	for _, p := range parts {
		/* ü */ go func() { /* 𝄞 */ sizes <- len(p) }()
	}
	/* é */ return <-sizes
}
