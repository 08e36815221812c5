package goplsproxy

import "testing"

func TestServes(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		serve bool
	}{
		{nil, true},
		{[]string{"serve"}, true},
		{[]string{"-mode=stdio"}, true},
		{[]string{"-mode", "stdio"}, true},
		{[]string{"-remote=auto"}, true},
		{[]string{"-remote", "auto", "-logfile", "/tmp/x", "serve", "-rpc.trace"}, true},
		{[]string{"-v", "serve", "-mode=stdio"}, true},
		{[]string{"--remote=auto"}, true},
		{[]string{"version"}, false},
		{[]string{"-v", "version"}, false},
		{[]string{"-logfile", "version"}, true}, // "version" is the log file
		{[]string{"stats", "-anon"}, false},
		{[]string{"help"}, false},
		{[]string{"-h"}, false},
		{[]string{"serve", "-help"}, false},
		{[]string{"-listen=:37374"}, false},
		{[]string{"serve", "-listen", "unix;/tmp/gopls.sock"}, false},
		{[]string{"--", "version"}, false},
		{[]string{"--"}, true},
	} {
		if got := Serves(tt.args); got != tt.serve {
			t.Errorf("Serves(%q) = %v, want %v", tt.args, got, tt.serve)
		}
	}
}
