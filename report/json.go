package report

import (
	"encoding/json"
	"io"

	"github.com/backtrack/backtrack/analysis"
)

// JSON writes r as indented JSON in the layout [analysis.ReportSchema]
// names, for programs: a missing number is null, and text is written as is
// (no HTML escaping of <, > and &).
func JSON(w io.Writer, r *analysis.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
