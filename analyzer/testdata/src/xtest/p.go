// Package xtest has a leak in its external test package, whose helper a
// test file that only the integration tag builds calls too.
package xtest

// N is how many values a producer sends.
const N = 5
