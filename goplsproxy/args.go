package goplsproxy

import "strings"

// boolFlags are gopls's flags (v0.23.0, global and of serve) that take no
// value; every other flag takes one, as "-flag value" or "-flag=value".
var boolFlags = map[string]bool{
	"v": true, "verbose": true, "vv": true, "veryverbose": true,
	"rpc.trace": true, "h": true, "help": true,
}

// Serves reports whether gopls, run with args, serves LSP on its stdin and
// stdout: the proxy's business. That is when the first argument that is
// not a flag (the subcommand) is absent or "serve", and no flag asks for
// help or for a socket to listen on (-listen). Any other command line,
// "version", "stats" and "-listen=:37374" among them, is gopls's alone.
func Serves(args []string) bool {
	command := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if i+1 < len(args) {
				command = args[i+1]
			}
			break
		}
		name, isFlag := strings.CutPrefix(a, "-")
		if !isFlag || name == "" {
			if command != "" {
				break // a subcommand's argument
			}
			command = a
			if command != "serve" {
				return false
			}
			continue // serve's own flags follow
		}
		name = strings.TrimPrefix(name, "-")
		name, _, hasValue := strings.Cut(name, "=")
		switch {
		case name == "h" || name == "help":
			return false // usage, printed by gopls
		case name == "listen":
			return false // LSP on a socket, not on stdio
		case !hasValue && !boolFlags[name]:
			i++ // the flag's value
		}
	}
	return command == "" || command == "serve"
}
