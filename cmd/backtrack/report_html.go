package main

import (
	"io"
	"strings"

	"github.com/backtrack/backtrack/analysis"
)

// Temporary until the HTML renderer lands.
func init() {
	renderers["html"] = func(w io.Writer, r *analysis.Report) error {
		_, err := io.Copy(w, strings.NewReader("<!doctype html><p>HTML report pending</p>\n"))
		return err
	}
}
