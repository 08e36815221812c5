package main

import (
	"encoding/json"
	"io"

	"github.com/leakfix/leakfix/driver"
)

// jsonError is how -json reports a package it could not analyse: one
// object per line on stderr, so that stdout stays the array of findings
// that existing readers parse (jq '.[].file').
type jsonError struct {
	Package string `json:"package"`
	File    string `json:"file,omitempty"` // absolute, as a finding's file
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"` // 1-based, in bytes
	Message string `json:"message"`
	More    int    `json:"more,omitempty"` // further errors in the package
}

// writeJSONErrors writes errs to w, one JSON object per line.
func writeJSONErrors(w io.Writer, errs []driver.LoadError) error {
	enc := json.NewEncoder(w)
	for _, e := range errs {
		posn := e.Position()
		err := enc.Encode(jsonError{Package: e.Package, File: posn.Filename, Line: posn.Line, Col: posn.Column, Message: e.Msg, More: e.More})
		if err != nil {
			return err
		}
	}
	return nil
}
