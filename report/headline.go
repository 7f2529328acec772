package report

import (
	"bytes"
	"io"
	"strings"

	"github.com/backtrack/backtrack/analysis"
)

// Headline writes the opening of the Markdown report: what comes before
// its first section, and that section (what the data says), without the
// title, exactly as [Markdown] writes them. The demo prints it, so that a
// first-time user sees the bottom line without scrolling through the
// whole report.
func Headline(w io.Writer, r *analysis.Report) error {
	var md bytes.Buffer
	if err := Markdown(&md, r); err != nil {
		return err
	}
	var out []string
	sections := 0
	for i, line := range strings.Split(md.String(), "\n") {
		if i == 0 && strings.HasPrefix(line, "# ") {
			continue // the title
		}
		if strings.HasPrefix(line, "## ") {
			if sections++; sections > 1 {
				break
			}
		}
		out = append(out, line)
	}
	text := strings.TrimSpace(strings.Join(out, "\n"))
	_, err := io.WriteString(w, text+"\n")
	return err
}
