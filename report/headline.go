package report

import (
	"bytes"
	"io"
	"strings"

	"github.com/backtrack/backtrack/analysis"
)

// headlineSections are the sections of the Markdown report that Headline
// writes.
var headlineSections = []string{"## In short", "## Verdicts"}

// Headline writes the opening of the Markdown report: the line that says
// what the report covers, the bottom line ("In short") and the verdicts,
// exactly as [Markdown] writes them. The demo prints it, so that a
// first-time user sees what the data says without scrolling through the
// whole report.
func Headline(w io.Writer, r *analysis.Report) error {
	var md bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		return err
	}
	var out []string
	keep := true // the period line before the first section
	for i, line := range strings.Split(md.String(), "\n") {
		if i == 0 && strings.HasPrefix(line, "# ") {
			continue // the title
		}
		if strings.HasPrefix(line, "## ") {
			keep = false
			for _, h := range headlineSections {
				keep = keep || line == h
			}
		}
		if keep {
			out = append(out, line)
		}
	}
	text := strings.TrimSpace(strings.Join(out, "\n"))
	_, err := io.WriteString(w, text+"\n")
	return err
}
