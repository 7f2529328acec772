package report

import (
	"io"

	"github.com/backtrack/backtrack/analysis"
)

// Renderer returns the function that renders a report in the named format:
// "md" or "markdown" ([Markdown]), "html" ([HTML]) or "json" ([JSON]). It
// reports false for any other name.
func Renderer(format string) (func(io.Writer, *analysis.Report) error, bool) {
	switch format {
	case "md", "markdown":
		return Markdown, true
	case "html":
		return HTML, true
	case "json":
		return JSON, true
	}
	return nil, false
}
