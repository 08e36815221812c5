package goplsproxy

import (
	"io"
	"os"
	"os/exec"
)

// Exec runs gopls with args on the given streams, for the command lines
// that are not a session on stdio (see [Serves]): "version", "stats",
// "-listen=…". It returns gopls's exit code.
func Exec(gopls string, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	if os.Getenv(EnvNested) != "" {
		return 0, ErrNested
	}
	cmd := exec.Command(gopls, args...)
	cmd.Env = append(os.Environ(), EnvNested+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		return 0, err // it did not start
	}
	return exitCode(err), nil
}
