package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/plural"
)

// verdictWords writes a suspect's verdict for a table: a protective
// association says so.
func verdictWords(s analysis.Suspect) string {
	if s.Verdict == analysis.VerdictNoSign && s.Direction == analysis.DirectionLowers {
		return "no sign (less pain with it)"
	}
	return s.Verdict
}

// countsText writes one side of a suspect's onset comparison, "12 / 30",
// or "–".
func countsText(c *analysis.Comparison, exposed bool) string {
	if c == nil {
		return "–"
	}
	g := c.Unexposed
	if exposed {
		g = c.Exposed
	}
	return fmt.Sprintf("%d / %d", g.Events, g.N)
}

// adjustedText writes a suspect's adjusted odds ratio with its interval
// when there is one: "15 (3.7 to 93)", "13 (at least 1.2)", "0.8", or "–".
func adjustedText(a *analysis.AdjustedFinding) string {
	if a == nil || !a.OddsRatio.Known() {
		return "–"
	}
	s := numText(a.OddsRatio, false)
	if ci := intervalText(a.CILow, a.CIHigh); ci != "" {
		s += " (" + ci + ")"
	}
	return s
}

// timeP returns a suspect's time-test p and q (missing when untested).
func timeP(s analysis.Suspect) (p, q analysis.Num) {
	nan := analysis.Num(math.NaN())
	if t := s.Findings.TimeTest; t != nil {
		return t.PValue, t.QValue
	}
	return nan, nan
}

// episodesSentence says how many pain episodes the diary holds, how many
// of them count as new (the evidence) and why the others do not.
func episodesSentence(r *analysis.Report) string {
	d := r.Data
	if d.Episodes == 0 {
		return "The diary holds no pain episode yet."
	}
	s := fmt.Sprintf("Its pain falls into %s; %d of them began inside it, %d with a run and %d away from runs.",
		plural.Of(d.Episodes, "episode", "episodes"), d.EpisodeOnsets, d.OnsetsAfterRuns, d.EpisodeOnsets-d.OnsetsAfterRuns)
	// Only the first episode can begin within episode_gap_d days of the
	// diary's start: it may have begun before the diary.
	if d.Episodes > d.EpisodeOnsets {
		when := "on the diary's first day"
		if g := int(r.Settings.EpisodeGapD); g > 0 {
			when = "within " + plural.Of(g, "day", "days") + " of the diary's start"
		}
		s += " The first began " + when + ", perhaps before it, so its start is not counted."
	}
	return s
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
		return strconv.FormatFloat(analysis.RoundSig(f, 2), 'f', -1, 64)
	}
	return analysis.FormatRatio(f)
}

// untestedJudged stands for the suspects' details when nothing was tested.
var untestedJudged = fmt.Sprintf("Nothing was tested: each suspect is judged once %d pain episodes have begun in the diary (see In short for how long that may take). Until then every verdict is %q.", analysis.MinOnsets, analysis.VerdictNotEnoughData)

// judgedIntro explains the table of every suspect's verdict.
const judgedIntro = "With it and Without count the runs at risk (no pain episode under way) and the new episodes that began with them (episodes / runs); for the dose, runs after any deadlift volume against none. p and q are the time test's (one-sided: raised risk), which compares runs only within the same 8 weeks and pain history; q allows for the number of suspects. The adjusted odds ratio takes the other suspects into account (above 1, more new episodes with the suspect; below 1, fewer): it is the check, not the test. A suspect is likely only when the time test finds it and it still stands out in that model."

// mdProse is mdEscape for the report's own sentences, which may name a
// command between backticks: the command stays a code span.
func mdProse(s string) string {
	var b strings.Builder
	for _, seg := range prose(s) {
		if seg.Code {
			b.WriteString("`" + seg.Text + "`")
		} else {
			b.WriteString(mdEscape(seg.Text))
		}
	}
	return b.String()
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

// Markdown writes r as Markdown, verdict first: the bottom line ("In
// short"), one line per suspect with its verdict and one sentence of
// evidence (likely first), the diary period, what to try next, how each
// suspect was judged, the deadlift volume and timing table, pain during
// runs, the pain diary, the settings and the notes. Prose is wrapped and
// tables laid out within [MarkdownWidth] columns. Labels, sentences,
// locations and notes are escaped, so that a note cannot open a link, an
// image, a table cell or a tag.
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
	para(fmt.Sprintf("%s: %s, %s, %s, %s (%s followed by pain).", period, plural.Of(d.Sessions, "session", "sessions"),
		plural.Of(d.Runs, "run", "runs"), plural.Of(d.StrengthSessions, "strength session", "strength sessions"),
		plural.Of(d.PainEvents, "pain event", "pain events"), plural.Of(d.RunsWithPain, "run", "runs")))

	p("## In short\n\n")
	para(mdProse(r.InShort))

	p("## Verdicts\n\n")
	untested := nothingTested(r)
	if untested {
		item(VerdictNameNotEnough + verdictSeparator + mdEscape(untestedLine(r)))
	} else {
		for _, s := range byVerdict(r) {
			name := verdictName(s)
			if s.Verdict == analysis.VerdictLikely {
				name = "**" + name + "**"
			}
			item(name + verdictSeparator + mdEscape(s.Label) + ": " + mdEscape(verdictSentence(r, s)))
		}
	}
	p("\n")
	para(mdEscape(r.DiarySentence()) + " " + episodesSentence(r))

	p("## What to try next\n\n")
	for _, st := range r.NextSteps {
		item(mdProse(st.Text))
	}
	p("\n")

	p("## How each suspect was judged\n\n")
	judged := r.Suspects
	if untested {
		para(untestedJudged)
		judged = nil // nothing to show suspect by suspect
	} else {
		para(judgedIntro)
	}
	for _, s := range judged {
		verdict := verdictWords(s)
		if s.Verdict == analysis.VerdictLikely {
			verdict = "**likely**"
		}
		b.WriteString(wrap("### "+mdEscape(s.Label)+": "+verdict, MarkdownWidth, "", ""))
		p("\n")
		pv, qv := timeP(s)
		t := mdTable{head: []string{"With it", "Without", "p", "q", "Adjusted OR (95% CI)"},
			right: []bool{true, true, true, true, false}}
		t.rows = append(t.rows, []string{countsText(s.Findings.Onsets, true), countsText(s.Findings.Onsets, false),
			numText(pv, true), numText(qv, true), adjustedText(s.Findings.Adjusted)})
		t.write(&b)
		p("\n")
		para(strings.TrimSpace(mdEscape(s.Reason) + " " + mdEscape(s.Evidence) + " " + mdEscape(adjustedSentence(s))))
		if sv := s.Findings.Severity; sv != nil {
			para(fmt.Sprintf("%s (p %s)", mdEscape(sv.Evidence), numText(sv.PValue, true)))
		}
	}

	if rows := doseRows(r); len(rows) > 0 {
		p("## Deadlift volume and timing\n\n")
		para(fmt.Sprintf("How often a new pain episode began after runs, by the deadlift volume of the 72 h before and by the hours since the last deadlift session. Descriptive: the volume trend is the one test of this family (the suspect %q above).", "Deadlift volume in the 72 h before"))
		dt := mdTable{head: []string{"Before the run", "Runs at risk", "New episodes", "Share"}, right: []bool{false, true, true, true}}
		for _, row := range rows {
			if row.Heading {
				dt.rows = append(dt.rows, []string{"**" + row.Label + "**", "", "", ""})
				continue
			}
			dt.rows = append(dt.rows, []string{row.Label, strconv.Itoa(row.N), strconv.Itoa(row.Events), shareText(row.Events, row.N)})
		}
		dt.write(&b)
		p("\n")
	}

	pd := r.PainDuringRuns
	p("## Pain during runs\n\n")
	para(mdEscape(pd.Summary))
	if len(pd.Events) > 0 {
		item("Climb: " + mdEscape(pd.Climb.Summary))
		item("Cadence: " + mdEscape(pd.Cadence.Summary))
		if pd.GroundContact.N > 0 {
			item("Ground contact time: " + mdEscape(pd.GroundContact.Summary))
		}
		if pd.Balance.N > 0 {
			item("Left/right balance: " + mdEscape(pd.Balance.Summary))
		}
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

	p("## Notes\n\n")
	for _, n := range r.Notes {
		item(mdEscape(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// doseRow is one row of the deadlift volume and timing table.
type doseRow struct {
	Label     string
	Heading   bool
	N, Events int
}

// doseRows returns the deadlift volume and timing table's rows: by volume
// level (the dose suspect's table) and by hours since the last deadlift
// session; none when nothing was tested or there were no deadlifts.
func doseRows(r *analysis.Report) []doseRow {
	var rows []doseRow
	for _, s := range r.Suspects {
		d := s.Findings.Dose
		if s.Exposure != analysis.ExpDeadliftVolume || d == nil {
			continue
		}
		rows = append(rows, doseRow{Label: "Deadlift volume in the 72 h before", Heading: true},
			doseRow{Label: "none", N: d.Runs[0], Events: d.Onsets[0]},
			doseRow{Label: "light (up to " + analysis.FormatSetting(math.Round(float64(d.LightUpToKg))) + " kg)", N: d.Runs[1], Events: d.Onsets[1]},
			doseRow{Label: "heavy (more)", N: d.Runs[2], Events: d.Onsets[2]})
	}
	if len(r.HoursSinceDeadlift) > 0 {
		rows = append(rows, doseRow{Label: "Hours since the last deadlift session", Heading: true})
		for _, h := range r.HoursSinceDeadlift {
			rows = append(rows, doseRow{Label: h.Label, N: h.N, Events: h.Events})
		}
	}
	return rows
}

// shareText writes k of n as a whole percentage, "–" when n is 0.
func shareText(k, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(k)/float64(n))
}

// oneDecimal formats n with one decimal, "–" when missing.
func oneDecimal(n analysis.Num) string {
	if !n.Known() {
		return "–"
	}
	return strconv.FormatFloat(float64(n), 'f', 1, 64)
}
