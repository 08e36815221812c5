package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
)

// pathOf returns the absolute file path of a file:// URI.
func pathOf(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("%s: not a file URI", uri)
	}
	p := filepath.FromSlash(u.Path)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("%s: not an absolute path", uri)
	}
	return filepath.Clean(p), nil
}

// uriOf returns the file:// URI of an absolute path, percent-encoding what
// needs it.
func uriOf(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}
