//go:build ignore

// A method without a receiver: it parses, and only a build of this
// file, which no build makes, would reject it.

package unseen_method_without_receiver

func () M() {}
