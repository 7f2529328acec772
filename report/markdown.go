package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/backtrack/backtrack/analysis"
)

// methodWords names a method for a reader.
func methodWords(method string) string {
	switch method {
	case analysis.MethodRunRiskRatio:
		return "runs compared"
	case analysis.MethodCaseCrossover:
		return "case-crossover"
	case analysis.MethodAdjusted:
		return "adjusted for the others"
	}
	return method
}

// numText formats a report number for a table: "∞" when infinite, "–"
// when missing, a p- or q-value with two significant figures ("<0.001"
// below 0.001), any other number as [analysis.FormatRatio] does.
func numText(n analysis.Num, isP bool) string {
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
	return analysis.FormatRatio(f)
}

// headline returns the report's opening sentences when no finding holds.
func headline(r *analysis.Report) string {
	switch {
	case r.Data.Runs == 0:
		return "There are no runs in this period, so there is nothing to compare yet. Import your watch files with `backtrack import`."
	case r.Data.PainEvents < analysis.MinPainEvents:
		return fmt.Sprintf("Not enough pain events to test anything yet: %s in this period, and a test needs at least %d. Keep logging pain with `backtrack pain add`.",
			plural(r.Data.PainEvents, "pain event", "pain events"), analysis.MinPainEvents)
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

// Markdown writes r as Markdown: the headline "What your data says", the
// full table of findings, pain during runs, the settings and the caveats.
// Labels, summaries, locations, notes and caveats are escaped, so that a
// note cannot open a link, an image, a table cell or a tag.
func Markdown(w io.Writer, r *analysis.Report) error {
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
		p("%s\n\n", headline(r))
	}
	for _, f := range hold {
		p("- **%s** (%s): %s\n", mdEscape(f.Label), methodWords(f.Method), mdEscape(f.Summary))
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
			est = fmt.Sprintf("%s %s (%s–%s)", f.Measure, numText(f.Estimate, false), numText(f.CILow, false), numText(f.CIHigh, false))
		}
		holds := "no"
		if f.Holds {
			holds = "**yes**"
		}
		p("| %s | %s | %d / %d | %d / %d | %s | %s | %s | %s |\n", mdEscape(f.Label), methodWords(f.Method),
			f.Exposed.Events, f.Exposed.N, f.Unexposed.Events, f.Unexposed.N, est,
			numText(f.PValue, true), numText(f.QValue, true), holds)
	}
	p("\nIn words:\n\n")
	for _, f := range r.Findings {
		p("- %s, %s: %s\n", mdEscape(f.Label), methodWords(f.Method), mdEscape(f.Summary))
	}
	p("\nFor the case-crossover rows, n counts %s h windows: each pain event's own window and the same window 1 to 4 weeks earlier.\n\n", analysis.FormatSetting(r.Settings.StrengthWindowH))

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
func oneDecimal(n analysis.Num) string {
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

// plural returns n and the noun, in the plural unless n is 1 ("1 run",
// "3 runs").
func plural(n int, one, many string) string {
	return strconv.Itoa(n) + " " + pick(n, one, many)
}

// roundSig rounds x to sig significant digits.
func roundSig(x float64, sig int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', sig, 64), 64)
	if err != nil {
		return x
	}
	return f
}
