package analysis

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// MethodWords names a method for a reader.
func MethodWords(method string) string {
	switch method {
	case MethodRunRiskRatio:
		return "runs compared"
	case MethodCaseCrossover:
		return "case-crossover"
	case MethodAdjusted:
		return "adjusted for the others"
	}
	return method
}

// NumText formats a report number for a table: "–" when missing, three
// significant figures otherwise (p- and q-values below 0.001 as "<0.001").
func NumText(n Num, isP bool) string {
	f := float64(n)
	switch {
	case math.IsInf(f, 1):
		return "∞"
	case !n.Known():
		return "–"
	case isP && f < 0.001:
		return "<0.001"
	case isP:
		return strconv.FormatFloat(roundSig(f, 2), 'f', -1, 64)
	}
	return ratioText(f)
}

// HoldingFindings returns the findings that hold, in report order.
func (r *Report) HoldingFindings() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Holds {
			out = append(out, f)
		}
	}
	return out
}

// Headline returns the report's opening sentences when no finding holds.
func (r *Report) Headline() string {
	switch {
	case r.Data.Runs == 0:
		return "There are no runs in this period, so there is nothing to compare yet. Import your watch files with `backtrack import`."
	case r.Data.PainEvents < MinPainEvents:
		return fmt.Sprintf("Not enough pain events to test anything yet: %s in this period, and a test needs at least %d. Keep logging pain with `backtrack pain add`.",
			plural(r.Data.PainEvents, "pain event", "pain events"), MinPainEvents)
	}
	return "Nothing in your data stands out yet: no suspect went with pain more often than chance could easily explain. That is not proof that none matters; with more pain events a modest link could still show."
}

// mdEscape makes user or computed text inert in Markdown: the characters
// that start markup or HTML are backslash-escaped and line breaks become
// spaces, so that a note cannot open a link, an image, a table cell or a
// tag.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '&':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// RenderMarkdown writes the report as Markdown: the headline "What your data
// says", the full table, pain during runs, the settings and the caveats.
func RenderMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# backtrack report\n\n")
	d := r.Data
	period := "no data"
	if d.From != "" {
		period = d.From + " to " + d.To
	}
	p("%s: %s, %s, %s, %s (%s followed by pain).\n\n", period, plural(d.Sessions, "session", "sessions"),
		plural(d.Runs, "run", "runs"), plural(d.StrengthSessions, "strength session", "strength sessions"),
		plural(d.PainEvents, "pain event", "pain events"), plural(d.RunsWithPain, "run", "runs"))

	p("## What your data says\n\n")
	hold := r.HoldingFindings()
	if len(hold) == 0 {
		p("%s\n\n", r.Headline())
	}
	for _, f := range hold {
		p("- **%s** (%s): %s\n", mdEscape(f.Label), MethodWords(f.Method), mdEscape(f.Summary))
	}
	if len(hold) > 0 {
		p("\nA finding is listed here when it is unlikely to be chance even allowing for the number of tests. It shows what went together in your records, not what caused what: see the caveats below.\n\n")
	}

	p("## All findings\n\n")
	p("| Exposure | Method | With it: pain / n | Without: pain / n | Estimate (95%% CI) | p | q | Holds |\n")
	p("|---|---|---|---|---|---|---|---|\n")
	for _, f := range r.Findings {
		est := "not tested"
		if f.Tested {
			est = fmt.Sprintf("%s %s (%s–%s)", f.Measure, NumText(f.Estimate, false), NumText(f.CILow, false), NumText(f.CIHigh, false))
		}
		holds := "no"
		if f.Holds {
			holds = "**yes**"
		}
		p("| %s | %s | %d / %d | %d / %d | %s | %s | %s | %s |\n", mdEscape(f.Label), MethodWords(f.Method),
			f.Exposed.Events, f.Exposed.N, f.Unexposed.Events, f.Unexposed.N, est,
			NumText(f.PValue, true), NumText(f.QValue, true), holds)
	}
	p("\nIn words:\n\n")
	for _, f := range r.Findings {
		p("- %s, %s: %s\n", mdEscape(f.Label), MethodWords(f.Method), mdEscape(f.Summary))
	}
	p("\nFor the case-crossover rows, n counts %s h windows: each pain event's own window and the same window 1 to 4 weeks earlier.\n\n", FormatSetting(r.Settings.StrengthWindowH))

	pd := r.PainDuringRuns
	p("## Pain during runs\n\n%s\n\n", mdEscape(pd.Summary))
	if len(pd.Events) > 0 {
		p("- Climb: %s\n- Cadence: %s\n\n", mdEscape(pd.Climb.Summary), mdEscape(pd.Cadence.Summary))
		p("| Date | Time | Severity | Where | Minutes in | Km in | Climb before (m/km) | Climb rest (m/km) | Cadence before | Cadence rest | Note |\n")
		p("|---|---|---|---|---|---|---|---|---|---|---|\n")
		for _, e := range pd.Events {
			p("| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", e.Date, e.Time, e.Severity, mdEscape(e.Location),
				oneDecimal(e.Minutes), oneDecimal(e.Km), oneDecimal(e.ClimbBefore), oneDecimal(e.ClimbRest),
				oneDecimal(e.CadenceBefore), oneDecimal(e.CadenceRest), mdEscape(e.Note))
		}
		p("\n")
	}

	p("## Settings used\n\n")
	for _, line := range settingsLines(r.Settings) {
		p("- %s\n", line)
	}
	p("\n")

	p("## Caveats\n\n")
	for _, n := range r.Notes {
		p("- %s\n", mdEscape(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneDecimal formats n with one decimal, "–" when missing.
func oneDecimal(n Num) string {
	if !n.Known() {
		return "–"
	}
	return strconv.FormatFloat(float64(n), 'f', 1, 64)
}

// joinInts joins numbers as "7, 14, 21 and 28".
func joinInts(v []int) string {
	var s []string
	for _, x := range v {
		s = append(s, strconv.Itoa(x))
	}
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// RenderJSON writes the report as indented JSON (schema ReportSchema).
func RenderJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
