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

// Markdown writes r as Markdown: the headline "What your data says", every
// finding (a table and sentences per suspect), pain during runs, the pain
// diary, the settings and the caveats. Prose is wrapped and tables laid
// out within [MarkdownWidth] columns. Labels, summaries, locations, notes
// and caveats are escaped, so that a note cannot open a link, an image, a
// table cell or a tag.
func Markdown(w io.Writer, r *analysis.Report) error {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	// para writes a wrapped paragraph and a blank line; item a wrapped
	// list item.
	para := func(s string) { b.WriteString(wrap(s, MarkdownWidth, "", "")); b.WriteString("\n") }
	item := func(s string) { b.WriteString(wrap(s, MarkdownWidth, "- ", "  ")) }
	p("# backtrack report\n\n")
	d := r.Data
	period := "no data"
	if d.From != "" {
		period = d.From + " to " + d.To
	}
	para(fmt.Sprintf("%s: %s, %s, %s, %s (%s followed by pain).", period, plural(d.Sessions, "session", "sessions"),
		plural(d.Runs, "run", "runs"), plural(d.StrengthSessions, "strength session", "strength sessions"),
		plural(d.PainEvents, "pain event", "pain events"), plural(d.RunsWithPain, "run", "runs")))

	p("## What your data says\n\n")
	hold := r.HoldingFindings()
	if len(hold) == 0 {
		para(headline(r))
	}
	for _, f := range hold {
		item(fmt.Sprintf("**%s** (%s): %s", mdEscape(f.Label), methodWords(f.Method), mdEscape(f.Summary)))
	}
	if len(hold) > 0 {
		p("\n")
		para("A finding is listed here when it is unlikely to be chance even allowing for the number of tests. It shows what went together in your records, not what caused what: see the caveats below.")
	}

	p("## All findings\n\n")
	para(findingsIntro(r.Settings))
	for i := 0; i < len(r.Findings); {
		j := i
		for j < len(r.Findings) && r.Findings[j].Exposure == r.Findings[i].Exposure {
			j++
		}
		group := r.Findings[i:j]
		i = j
		b.WriteString(wrap("### "+mdEscape(group[0].Label), MarkdownWidth, "", "")) // a heading is one line: a label is short
		p("\n")
		t := mdTable{head: []string{"Method", "With it", "Without", "Ratio (95% CI)", "p", "q", "Holds"},
			right: []bool{false, true, true, false, true, true, false}}
		for _, f := range group {
			est := "not tested"
			if f.Tested {
				est = numText(f.Estimate, false)
				if ci := ciRange(f.CILow, f.CIHigh); ci != "" {
					est += " (" + ci + ")"
				}
			}
			holds := "no"
			if f.Holds {
				holds = "**yes**"
				if protective(f) {
					holds = "**yes** (less pain)"
				}
			}
			t.rows = append(t.rows, []string{methodShort(f.Method), fmt.Sprintf("%d / %d", f.Exposed.Events, f.Exposed.N),
				fmt.Sprintf("%d / %d", f.Unexposed.Events, f.Unexposed.N), est,
				numText(f.PValue, true), numText(f.QValue, true), holds})
		}
		t.write(&b)
		p("\n")
		for _, f := range group {
			item(fmt.Sprintf("%s: %s", upperFirst(methodWords(f.Method)), mdEscape(f.Summary)))
		}
		p("\n")
	}

	pd := r.PainDuringRuns
	p("## Pain during runs\n\n")
	para(mdEscape(pd.Summary))
	if len(pd.Events) > 0 {
		item("Climb: " + mdEscape(pd.Climb.Summary))
		item("Cadence: " + mdEscape(pd.Cadence.Summary))
		p("\n")
		para(fmt.Sprintf("Climb in metres per km and cadence in steps per minute, over the %s minutes before the pain came on and over the rest of that run. Where it hurt and the notes are in the diary below.",
			analysis.FormatSetting(r.Settings.OnsetWindowMin)))
		t := mdTable{head: []string{"Date", "Time", "Pain", "Min in", "Km in", "Climb: before / rest", "Cadence: before / rest"},
			right: []bool{false, false, true, true, true, true, true}}
		for _, e := range pd.Events {
			t.rows = append(t.rows, []string{e.Date, e.Time, strconv.Itoa(e.Severity), oneDecimal(e.Minutes), oneDecimal(e.Km),
				oneDecimal(e.ClimbBefore) + " / " + oneDecimal(e.ClimbRest), oneDecimal(e.CadenceBefore) + " / " + oneDecimal(e.CadenceRest)})
		}
		t.write(&b)
		p("\n")
	}

	p("## Pain diary\n\n")
	para(diaryIntro(r))
	year := ""
	multiYear := len(r.Diary) > 0 && r.Diary[0].Date[:min(4, len(r.Diary[0].Date))] != r.Diary[len(r.Diary)-1].Date[:min(4, len(r.Diary[len(r.Diary)-1].Date))]
	for _, e := range r.Diary {
		if y := e.Date[:min(4, len(e.Date))]; multiYear && y != year {
			if year != "" {
				p("\n")
			}
			p("### %s\n\n", mdEscape(y))
			year = y
		}
		item(mdEscape(diaryLine(e, r.Settings.PainAfterRunH)))
		if e.Note != "" {
			b.WriteString(wrap("Note: "+mdEscape(e.Note), MarkdownWidth, "  ", "  "))
		}
	}
	if len(r.Diary) > 0 {
		p("\n")
	}

	p("## Settings used\n\n")
	for _, line := range settingsLines(r.Settings) {
		item(line)
	}
	p("\n")

	p("## Caveats\n\n")
	for _, n := range r.Notes {
		item(mdEscape(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// findingsIntro explains the findings' tables.
func findingsIntro(s analysis.ReportSettings) string {
	return fmt.Sprintf("Each suspect is tested up to three ways. Runs compared: how often runs with it and without it were followed by pain (pain / runs), as a risk ratio. Case-crossover: how often each pain event's %s h window held it against the same window 1 to 4 weeks earlier (pain / windows), as an odds ratio. Adjusted: all suspects in one model, so that one that only rides along with another shows, as an odds ratio. p is each test's own; q allows for the number of tests. A finding holds when q is below %s and its interval is clear of 1.",
		analysis.FormatSetting(s.StrengthWindowH), analysis.FormatSetting(s.Significance))
}

// protective reports whether f points to less pain with the exposure (its
// estimate below 1).
func protective(f analysis.Finding) bool {
	return f.Tested && f.Estimate.Known() && f.Estimate < 1
}

// upperFirst capitalises s's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
