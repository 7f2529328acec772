package report

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/backtrack/backtrack/analysis"
)

// HTML writes r as one self-contained HTML5 page, verdict first: the
// bottom line ("In short"), one line per suspect with its verdict and one
// sentence of evidence (likely first, a protective association in green),
// what to try next, inline SVG charts (the timeline, the suspects' forest
// plot, the cadence curves and the deadlift volume and timing bars), each
// drawn twice (for wide screens and print, and for phones), how each
// suspect was judged (a table, and each suspect's details, collapsed on
// screen and printed open), pain during runs, the pain diary, the settings
// and the notes. The page loads nothing from
// anywhere (inline CSS, no JavaScript, no fonts or images to fetch) and
// prints cleanly. Every string of the report is escaped by html/template;
// the only markup not written by the template is the charts' SVG, which
// gonum/plot draws from numbers and from labels the report builds.
//
// The page's template is parsed on the first call, not when the program
// starts.
func HTML(w io.Writer, r *analysis.Report) error {
	if r == nil {
		return errors.New("render html: no report")
	}
	var buf bytes.Buffer
	if err := htmlTemplate().Execute(&buf, newHTMLView(r)); err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("render html: write: %w", err)
	}
	return nil
}

// segment is a run of prose: plain text, or a command to type (the text
// between backticks in the report's sentences), shown as code.
type segment struct {
	Text string
	Code bool
}

// prose splits s at backticks into segments.
func prose(s string) []segment {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backtick: keep it as text
		return []segment{{Text: s}}
	}
	var out []segment
	for i, p := range parts {
		if p != "" {
			out = append(out, segment{Text: p, Code: i%2 == 1})
		}
	}
	return out
}

// htmlView is what the template shows: the report's values, formatted.
type htmlView struct {
	Period, Generated string
	DiaryPeriod       []segment
	Facts             []htmlFact
	InShort           []segment
	Verdicts          []htmlVerdict
	Untested          string
	NextSteps         []htmlStep
	Professional      []segment
	JudgedIntro       string
	UntestedJudged    string
	Charts            []chart
	Suspects          []htmlSuspect
	Dose              []doseRow
	OnsetMin          string
	During            htmlDuring
	DiaryIntro        []segment
	Diary             []htmlDiaryYear
	Settings          []string
	Notes             [][]segment
}

// htmlDiaryYear is the diary's entries of one year; Year is "" when the
// diary does not span several years (no year rows).
type htmlDiaryYear struct {
	Year    string
	Entries []htmlDiaryEntry
}

// htmlDiaryEntry is one row of the diary.
type htmlDiaryEntry struct {
	When     string
	Severity int
	// Location and Note are as logged (the template escapes them).
	Location, Note string
	Matched        string
	// Kind is the match's kind, for its style.
	Kind string
}

// htmlFact is one count in the page's header.
type htmlFact struct {
	N    int
	What string
}

// htmlVerdict is one line of the opening: a suspect's verdict and its one
// sentence of evidence.
type htmlVerdict struct {
	Name, Class, Label, Sentence string
}

// htmlStep is one thing to try next.
type htmlStep struct {
	Text []segment
}

// htmlSuspect is a suspect as the table and its details show it.
type htmlSuspect struct {
	Label, Verdict     string
	Class              string
	Exposed, Unexposed string
	P, Q, Adjusted     string
	Likely, Tested     bool
	// Protective marks a suspect that went with less pain beyond chance.
	Protective                      bool
	Name                            string
	Reason, Evidence, AdjustedWords []segment
	Severity                        string
}

// htmlDuring is the pain-during-runs section.
type htmlDuring struct {
	Summary, Climb, Cadence []segment
	// Contact and Balance are the running-form comparisons, nil when no
	// event had the data.
	Contact, Balance []segment
	Events           []htmlEvent
}

// htmlEvent is one row of the pain-during-runs table (where it hurt and
// the note are in the diary).
type htmlEvent struct {
	Date, Time, Minutes, Km                            string
	ClimbBefore, ClimbRest, CadenceBefore, CadenceRest string
	Severity                                           int
}

// newHTMLView formats r for the template.
func newHTMLView(r *analysis.Report) htmlView {
	d := r.Data
	v := htmlView{Period: "No data yet", Charts: reportCharts(r), OnsetMin: analysis.FormatSetting(r.Settings.OnsetWindowMin),
		JudgedIntro: judgedIntro, UntestedJudged: untestedJudged, Dose: doseRows(r), InShort: prose(r.InShort)}
	if d.From != "" || d.To != "" {
		v.Period = d.From + " to " + d.To
	}
	if !r.GeneratedAt.IsZero() {
		v.Generated = r.GeneratedAt.UTC().Format("2 January 2006, 15:04 UTC")
	}
	v.DiaryPeriod = prose(r.DiarySentence() + " " + episodesSentence(r))
	v.Facts = []htmlFact{
		{d.Sessions, pick(d.Sessions, "session", "sessions")},
		{d.Runs, pick(d.Runs, "run", "runs")},
		{d.StrengthSessions, pick(d.StrengthSessions, "strength session", "strength sessions")},
		{d.PainEvents, pick(d.PainEvents, "pain event", "pain events")},
		{d.EpisodeOnsets, pick(d.EpisodeOnsets, "pain episode began", "pain episodes began")},
		{d.PainEventsDuringRuns, pick(d.PainEventsDuringRuns, "pain event during a run", "pain events during a run")},
	}
	if nothingTested(r) {
		v.Untested = untestedLine(r)
	} else {
		for _, s := range byVerdict(r) {
			v.Verdicts = append(v.Verdicts, htmlVerdict{Name: verdictName(s), Class: verdictClass(s), Label: s.Label,
				Sentence: verdictSentence(r, s)})
		}
	}
	for _, st := range r.NextSteps {
		if st.Kind == analysis.StepSeeProfessional {
			v.Professional = prose(st.Text)
			continue
		}
		v.NextSteps = append(v.NextSteps, htmlStep{Text: prose(st.Text)})
	}
	for _, s := range r.Suspects {
		pv, qv := timeP(s)
		hs := htmlSuspect{Label: s.Label, Verdict: verdictWords(s), Class: verdictClass(s), Name: verdictName(s),
			Exposed: countsText(s.Findings.Onsets, true), Unexposed: countsText(s.Findings.Onsets, false),
			P: numText(pv, true), Q: numText(qv, true), Adjusted: adjustedText(s.Findings.Adjusted),
			Likely: s.Verdict == analysis.VerdictLikely, Tested: s.Findings.TimeTest != nil,
			Protective: s.Direction == analysis.DirectionLowers,
			Reason:     prose(s.Reason), Evidence: prose(s.Evidence), AdjustedWords: prose(adjustedSentence(s))}
		if sv := s.Findings.Severity; sv != nil {
			hs.Severity = sv.Evidence + " (p " + numText(sv.PValue, true) + ")"
		}
		v.Suspects = append(v.Suspects, hs)
	}
	pd := r.PainDuringRuns
	v.During = htmlDuring{Summary: prose(pd.Summary), Climb: prose(pd.Climb.Summary), Cadence: prose(pd.Cadence.Summary)}
	if pd.GroundContact.N > 0 {
		v.During.Contact = prose(pd.GroundContact.Summary)
	}
	if pd.Balance.N > 0 {
		v.During.Balance = prose(pd.Balance.Summary)
	}
	for _, e := range pd.Events {
		v.During.Events = append(v.During.Events, htmlEvent{
			Date: e.Date, Time: e.Time, Minutes: oneDecimal(e.Minutes), Km: oneDecimal(e.Km),
			Severity:    e.Severity,
			ClimbBefore: oneDecimal(e.ClimbBefore), ClimbRest: oneDecimal(e.ClimbRest),
			CadenceBefore: oneDecimal(e.CadenceBefore), CadenceRest: oneDecimal(e.CadenceRest),
		})
	}
	v.DiaryIntro = prose(diaryIntro(r))
	years := map[string]bool{}
	for _, e := range r.Diary {
		years[e.Date[:min(4, len(e.Date))]] = true
	}
	for _, e := range r.Diary {
		y := ""
		if len(years) > 1 {
			y = e.Date[:min(4, len(e.Date))]
		}
		if n := len(v.Diary); n == 0 || v.Diary[n-1].Year != y {
			v.Diary = append(v.Diary, htmlDiaryYear{Year: y})
		}
		dy := &v.Diary[len(v.Diary)-1]
		dy.Entries = append(dy.Entries, htmlDiaryEntry{When: diaryWhen(e), Severity: e.Severity, Location: e.Location,
			Note: e.Note, Matched: diaryMatched(e, r.Settings.PainAfterRunH), Kind: e.Matched.Kind})
	}
	v.Settings = settingsLines(r.Settings)
	for _, n := range r.Notes {
		v.Notes = append(v.Notes, prose(n))
	}
	return v
}

// pick returns one or many by n.
func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// settingsLines states the report's settings, one per line.
func settingsLines(s analysis.ReportSettings) []string {
	f := analysis.FormatSetting
	out := []string{
		"Hilly run: " + f(s.HillyClimbMPerKm) + " m of climb per km or more",
		"Cadence drift: a drop of " + f(s.CadenceDriftPct) + "% or more over the last quarter of the run against 10–50% of it",
		"Form drift: ground contact time " + f(s.FormDriftGCTPct) + "% or more above what the run's speed and grade predict over its last quarter, from its 10–50%",
		"Balance shift: the left/right balance " + analysis.PointsWords(s.BalanceShiftPts) + " or more farther from your usual on the device over the last quarter than expected",
		"Strength and deadlift window: " + f(s.StrengthWindowH) + " h before a run; the weeks-scale deadlift window: " + f(s.DeadliftWindowD) + " days",
		"Elevation hysteresis: " + f(s.HysteresisM) + " m",
	}
	if s.LongRunKm.Known() {
		out = append(out, "Long run: "+f(float64(s.LongRunKm))+" km or more (your longest quarter)")
	}
	diary := "from the first to the last diary entry (no diary_start set)"
	if s.DiaryStart != "" {
		diary = "from " + s.DiaryStart + " (diary_start)"
	}
	out = append(out,
		"Weekly load spike: the 7 days before a run at "+f(s.LoadSpikeRatio)+" times the weekly average of the 4 weeks before or more",
		"Pain goes with a run when it came during it or within "+f(s.PainAfterRunH)+" h after",
		"Pain episodes: pain days with at most "+f(s.EpisodeGapD)+" pain-free days between them; the diary runs "+diary,
		fmt.Sprintf("The time test compares runs within %d-day periods and the same pain history; an episode that began away from runs is compared with the same weekday and time up to %d weeks before and after", s.StratumD, s.ReferentWeeks),
		fmt.Sprintf("Testing needs %d pain episodes begun in the diary; a suspect is likely at q < %s and still standing out with the others taken into account (p < %s), possible at q < %s",
			s.MinOnsets, f(s.QLikely), f(s.PGate), f(s.QPossible)),
		"Severity check under each likely suspect: pain of severity "+f(s.SeverityMin)+" or more",
		"Pain during a run: the "+f(s.OnsetWindowMin)+" minutes before it came on against the rest of the run",
	)
	return out
}

// htmlCSS is the page's only style. Wide screens get tables and the wide
// charts; narrow ones (a phone at 390 px) the narrow charts, drawn with
// their text at 11 px or more at that width, and the tables as stacked
// cards, each cell with its column's name; nothing scrolls sideways.
// Print uses the wide layout, keeps cards and charts whole on a page, and
// reads the same without background colours: what a colour marks, a
// border or a word marks too. Risk is vermilion, protection bluish green.
const htmlCSS = `
:root { --ink: #1d232a; --muted: #56616b; --line: #d8dde2; --soft: #f4f6f8; --risk: #d55e00; --riskbg: #fff3e6; --riskink: #9a3f00; --prot: #009e73; --protbg: #e6f5ef; --protink: #00664a; --blue: #0072b2; --poss: #e69f00; --possbg: #fff8e6; --possink: #7a5200; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; overflow-wrap: break-word; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.1rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .25rem; letter-spacing: -.01em; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
p, li { max-width: 46rem; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: .05em .3em; border-radius: 3px; }
.period { color: var(--muted); margin: 0 0 1rem; }
.facts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 0; }
.facts li { flex: 1 1 8rem; background: var(--soft); border: 1px solid var(--soft); border-radius: 6px; padding: .45rem .8rem; }
.facts b { display: block; font-size: 1.35rem; font-variant-numeric: tabular-nums; }
.in-short p { font-size: 1.12rem; line-height: 1.5; }
ul.verdicts { list-style: none; padding: 0; margin: .6rem 0 1rem; max-width: 50rem; }
li.verdict { max-width: none; margin: .4rem 0; padding: .45rem .8rem; border-left: 5px solid var(--line); border-radius: 4px; }
li.verdict .badge { margin-right: .3em; }
li.verdict.likely { background: var(--riskbg); border-left-color: var(--risk); padding: .7rem .9rem; font-size: 1.05rem; }
li.verdict.possible { background: var(--possbg); border-left-color: var(--poss); }
li.verdict.nosign, li.verdict.nodata { color: var(--muted); padding-top: .2rem; padding-bottom: .2rem; }
li.verdict.nodata { border-left-style: dashed; }
li.verdict.lowers { color: var(--ink); background: var(--protbg); border-left-color: var(--prot); }
li.verdict.possible .badge, details.possible .badge, .print-only .possible .badge { color: var(--possink); background: #fff; border-color: var(--poss); }
li.verdict.nosign .badge, li.verdict.nodata .badge, details.nosign .badge, details.nodata .badge, .print-only .nosign .badge, .print-only .nodata .badge { color: var(--muted); background: #fff; border-color: var(--line); }
li.verdict.lowers .badge, details.lowers .badge, .print-only .lowers .badge { color: #fff; background: var(--prot); border-color: var(--prot); }
ul.steps li { margin: .45rem 0; }
p.professional { border: 1px solid var(--line); border-left: 5px solid var(--blue); border-radius: 4px; padding: .6rem .9rem; background: #eef5fb; }
details.suspect { border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; margin: .45rem 0; padding: .4rem .8rem; max-width: 50rem; }
details.suspect summary { cursor: pointer; font-weight: 600; }
details.suspect[open] summary { margin-bottom: .3rem; }
details.suspect.likely { border-left-color: var(--risk); }
details.suspect.possible { border-left-color: var(--poss); }
details.suspect.lowers { border-left-color: var(--prot); }
details.suspect p { margin: .4rem 0; }
.print-only { display: none; }
.muted { color: var(--muted); }
figure.chart { margin: 1.6rem 0 2rem; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart svg.narrow { display: none; }
figure.chart svg text { font-family: "Liberation Sans", Arial, Helvetica, sans-serif !important; }
figure.chart .empty { background: var(--soft); border-radius: 6px; padding: .8rem 1rem; color: var(--muted); }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .4rem; }
.keys { display: flex; flex-wrap: wrap; gap: .3rem 1.1rem; list-style: none; padding: 0; margin: .4rem 0 0; font-size: .85rem; color: var(--muted); }
.sw { display: inline-block; width: .75em; height: .75em; margin-right: .35em; vertical-align: baseline; }
.sw-run { background: #0072b2; opacity: .7; border-radius: 50%; }
.sw-hilly { width: auto; height: auto; color: #0072b2; }
.sw-hilly::before { content: "\25B3"; }
.sw-run-pain { background: #d55e00; border-radius: 50%; }
.sw-lift { width: 2px; background: #888; }
.sw-deadlift { width: 2px; background: #e69f00; }
.sw-pain { background: #d55e00; border-radius: 50%; opacity: .8; }
.sw-period { width: 1.4em; background: #fdf1c7; border: 1px solid #e6c65c; }
.sw-est { width: 1.4em; height: 2px; background: #333; vertical-align: middle; }
.sw-est-holds { width: 1.4em; height: 4px; background: #d55e00; vertical-align: middle; }
.sw-est-prot { width: 1.4em; height: 4px; background: #009e73; vertical-align: middle; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; font-variant-numeric: tabular-nums; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .55rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.nowrap { white-space: nowrap; }
thead th.group { text-align: center; border-bottom: 1px solid var(--line); }
tr.group th { padding-top: 1rem; font-size: 1rem; border-bottom: 2px solid var(--line); }
tbody:first-of-type tr.group th { padding-top: .5rem; }
tr.holds td { background: var(--riskbg); }
tr.holds td:first-child { border-left: 5px solid var(--risk); font-weight: 600; }
tr.holds.protective td { background: var(--protbg); }
tr.holds.protective td:first-child { border-left-color: var(--prot); }
tr.untested td { color: var(--muted); }
.badge { display: inline-block; font-size: .8rem; font-weight: 700; color: #fff; background: var(--risk); border: 1px solid var(--risk); border-radius: 3px; padding: 0 .35em; }
.protective .badge { background: var(--prot); border-color: var(--prot); }
td.note { max-width: 22rem; }
.notes li { margin: .35rem 0; }
footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--line); font-size: .85rem; color: var(--muted); }
@media screen and (max-width: 43.75rem) {
  body { font-size: 15px; }
  main { padding: 1.1rem .8rem 2.5rem; }
  h1 { font-size: 1.6rem; }
  .facts li { min-width: 45%; }
  figure.chart svg.wide { display: none; }
  figure.chart svg.narrow { display: block; max-width: 30rem; }
  table.cards, table.cards tbody, table.cards tr, table.cards th, table.cards td { display: block; }
  table.cards { margin: .3rem 0 1rem; }
  table.cards thead { display: none; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .35rem .7rem; }
  table.cards tr.group { border: 0; border-radius: 0; margin: 1.1rem 0 0; padding: 0; }
  table.cards tr.group th { padding: 0 0 .2rem; border-bottom: 2px solid var(--line); }
  table.cards td { display: grid; grid-template-columns: minmax(6.5rem, 40%) 1fr; gap: .6rem; border: 0; padding: .12rem 0; text-align: left; white-space: normal; max-width: none; }
  table.cards td::before { content: attr(data-label); color: var(--muted); }
  table.cards td.lead { display: block; font-weight: 600; padding-bottom: .25rem; }
  table.cards td.lead::before { content: none; }
  table.cards tr.holds td { background: none; }
  table.cards tr.holds { background: var(--riskbg); border-left: 5px solid var(--risk); }
  table.cards tr.holds.protective { background: var(--protbg); border-left-color: var(--prot); }
  table.cards tr.holds td:first-child { border-left: 0; }
  table.cards .badge { justify-self: start; }
  table.cards.compact td { display: inline; padding: 0; margin-right: .7rem; white-space: nowrap; }
  table.cards.compact td::before { content: attr(data-label) " "; }
  table.cards.compact td.lead { display: block; margin: 0 0 .1rem; }
  table.cards.compact td.brk::before { content: "\A" attr(data-label) " "; white-space: pre; }
  table.cards.diary tr { display: flex; flex-wrap: wrap; column-gap: .5rem; }
  table.cards.diary td { display: block; }
  table.cards.diary td::before { content: none; }
  table.cards.diary td.lead { padding-bottom: .1rem; }
  table.cards.diary td.sev { font-weight: 600; }
  table.cards.diary td.sev::before { content: "· pain "; color: var(--muted); font-weight: 400; }
  table.cards.diary td.sev::after { content: "/10"; }
  table.cards.diary td.where, table.cards.diary td.matched, table.cards.diary td.note { flex: 1 0 100%; }
  table.cards.diary td.where { color: var(--muted); }
  table.cards.diary td.note::before { content: "Note: "; color: var(--muted); }
  table.cards.diary td:empty { display: none; }
}
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2, h3, tr.group { break-after: avoid; }
  h2 { margin-top: 1.4rem; }
  figure.chart, tr, li, .facts li { break-inside: avoid; }
  figure.chart svg { max-height: 240mm; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  .facts li { border-color: var(--line); }
  .badge { color: var(--riskink); background: none; }
  .protective .badge, li.verdict.lowers .badge, .print-only .lowers .badge { color: var(--protink); background: none; }
  .screen-only { display: none; }
  .print-only { display: block; }
  .print-only .suspect { break-inside: avoid; margin: .5rem 0; padding-left: .7rem; border-left: 4px solid var(--line); }
  .print-only .suspect.likely { border-left-color: var(--risk); }
  .print-only .suspect.lowers { border-left-color: var(--prot); }
  .print-only h4 { margin: 0 0 .2rem; font-size: 1rem; }
  .print-only p { margin: .2rem 0; }
  li.verdict, p.professional { break-inside: avoid; }
  footer { break-inside: avoid; }
}
`

// htmlPage is the page's template; htmlCSS is spliced into its <style>
// as literal template text.
const htmlPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="backtrack">
<title>backtrack report</title>
<style>` + htmlCSS + `</style>
</head>
<body>
<main>
<header>
<h1>backtrack report</h1>
<p class="period">{{.Period}}{{with .Generated}} · made {{.}}{{end}}</p>
<ul class="facts">{{range .Facts}}
<li><b>{{.N}}</b> {{.What}}</li>{{end}}
</ul>
</header>

<section class="in-short" id="in-short" aria-labelledby="h-in-short">
<h2 id="h-in-short">In short</h2>
<p>{{template "prose" .InShort}}</p>
</section>

<section id="verdicts" aria-labelledby="h-verdicts">
<h2 id="h-verdicts">Verdicts</h2>
<ul class="verdicts">{{with .Untested}}
<li class="verdict nodata"><span class="badge">Not enough data</span> {{.}}</li>{{end}}{{range .Verdicts}}
<li class="verdict {{.Class}}"><span class="badge">{{.Name}}</span> <strong>{{.Label}}</strong>: {{.Sentence}}</li>{{end}}
</ul>
<p class="muted">{{template "prose" .DiaryPeriod}}</p>
</section>

<section id="next-steps" aria-labelledby="h-next">
<h2 id="h-next">What to try next</h2>
<ul class="steps">{{range .NextSteps}}
<li>{{template "prose" .Text}}</li>{{end}}
</ul>
{{with .Professional}}<p class="professional">{{template "prose" .}}</p>
{{end}}</section>

<section id="charts" aria-labelledby="h-charts">
<h2 id="h-charts">Charts</h2>
{{range .Charts}}<figure class="chart" id="{{.ID}}" aria-label="{{.Title}}">
<h3>{{.Title}}</h3>
{{if .SVG}}{{.SVG}}
{{with .SVGNarrow}}{{.}}
{{end}}{{with .Keys}}<ul class="keys">{{range .}}<li><span class="sw {{.Swatch}}"></span>{{.Text}}</li>{{end}}</ul>
{{end}}<figcaption>{{.Caption}}</figcaption>
{{else}}<p class="empty">{{.Empty}}</p>
{{end}}</figure>
{{end}}</section>

<section id="suspects" aria-labelledby="h-suspects">
<h2 id="h-suspects">How each suspect was judged</h2>
{{if .Untested}}<p>{{.UntestedJudged}}</p>
{{else}}<p class="muted">{{.JudgedIntro}}</p>
<table class="cards">
<thead><tr><th scope="col">Suspect</th><th scope="col">Verdict</th><th scope="col" class="num">New episode after runs with it</th><th scope="col" class="num">After other runs</th><th scope="col" class="num">p</th><th scope="col" class="num">q</th><th scope="col">Adjusted odds ratio (95% CI)</th></tr></thead>
<tbody>{{range .Suspects}}
<tr class="{{if .Likely}}holds{{else if .Protective}}holds protective{{else if not .Tested}}untested{{end}}"><td class="lead">{{.Label}}</td><td data-label="Verdict">{{if .Likely}}<span class="badge">likely</span>{{else if .Protective}}<span class="badge">{{.Verdict}}</span>{{else}}{{.Verdict}}{{end}}</td><td class="num" data-label="New episode after runs with it">{{.Exposed}}</td><td class="num" data-label="After other runs">{{.Unexposed}}</td><td class="num" data-label="p">{{.P}}</td><td class="num" data-label="q">{{.Q}}</td><td data-label="Adjusted odds ratio (95% CI)">{{.Adjusted}}</td></tr>{{end}}
</tbody>
</table>
<h3>Suspect by suspect</h3>
<div class="screen-only">{{range .Suspects}}
<details class="suspect {{.Class}}"><summary><span class="badge">{{.Name}}</span> {{.Label}}</summary>
{{template "suspect" .}}</details>{{end}}
</div>
<div class="print-only">{{range .Suspects}}
<div class="suspect {{.Class}}"><h4><span class="badge">{{.Name}}</span> {{.Label}}</h4>
{{template "suspect" .}}</div>{{end}}
</div>
{{end}}{{if .Dose}}<h3>Deadlift volume and timing</h3>
<div class="table-wrap">
<table>
<thead><tr><th scope="col">Before the run</th><th scope="col" class="num">Runs at risk</th><th scope="col" class="num">New episodes</th></tr></thead>
<tbody>{{range .Dose}}
{{if .Heading}}<tr><th scope="rowgroup" colspan="3">{{.Label}}</th></tr>{{else}}<tr><td>{{.Label}}</td><td class="num">{{.N}}</td><td class="num">{{.Events}}</td></tr>{{end}}{{end}}
</tbody>
</table>
</div>
{{end}}</section>

<section id="pain-during-runs" aria-labelledby="h-during">
<h2 id="h-during">Pain during runs</h2>
<p>{{template "prose" .During.Summary}}</p>
{{if .During.Events}}<ul>
<li>Climb: {{template "prose" .During.Climb}}</li>
<li>Cadence: {{template "prose" .During.Cadence}}</li>
{{if .During.Contact}}<li>Ground contact time: {{template "prose" .During.Contact}}</li>
{{end}}{{if .During.Balance}}<li>Left/right balance: {{template "prose" .During.Balance}}</li>
{{end}}</ul>
<p class="muted">Climb is in metres per km and cadence in steps per minute. "Before" is the {{.OnsetMin}} minutes before the pain came on; "rest" is the remainder of that run. Where it hurt and the notes are in the diary below.</p>
<table class="cards compact">
<thead>
<tr><th scope="col" rowspan="2">When</th><th scope="col" rowspan="2" class="num">Pain</th><th scope="col" rowspan="2" class="num">Minutes in</th><th scope="col" rowspan="2" class="num">Km in</th><th scope="colgroup" colspan="2" class="group">Climb (m per km)</th><th scope="colgroup" colspan="2" class="group">Cadence (steps/min)</th></tr>
<tr><th scope="col" class="num">before</th><th scope="col" class="num">rest of run</th><th scope="col" class="num">before</th><th scope="col" class="num">rest of run</th></tr>
</thead>
<tbody>{{range .During.Events}}
<tr><td class="nowrap lead">{{.Date}} {{.Time}}</td><td class="num" data-label="Pain">{{.Severity}}</td><td class="num" data-label="Minutes in">{{.Minutes}}</td><td class="num" data-label="Km in">{{.Km}}</td><td class="num brk" data-label="Climb before">{{.ClimbBefore}}</td><td class="num" data-label="rest">{{.ClimbRest}}</td><td class="num brk" data-label="Cadence before">{{.CadenceBefore}}</td><td class="num" data-label="rest">{{.CadenceRest}}</td></tr>{{end}}
</tbody>
</table>
{{end}}</section>

<section id="diary" aria-labelledby="h-diary">
<h2 id="h-diary">Pain diary</h2>
<p>{{template "prose" .DiaryIntro}}</p>
{{if .Diary}}<table class="cards diary">
<thead><tr><th scope="col">When</th><th scope="col" class="num">Pain</th><th scope="col">Where</th><th scope="col">Matched to</th><th scope="col">Note</th></tr></thead>
{{range .Diary}}<tbody>{{with .Year}}
<tr class="group"><th scope="rowgroup" colspan="5">{{.}}</th></tr>{{end}}{{range .Entries}}
<tr class="{{.Kind}}"><td class="nowrap lead">{{.When}}</td><td class="num sev">{{.Severity}}</td><td class="where">{{.Location}}</td><td class="matched">{{.Matched}}</td><td class="note">{{.Note}}</td></tr>{{end}}
</tbody>
{{end}}</table>
{{end}}</section>

<section id="settings" aria-labelledby="h-settings">
<h2 id="h-settings">Settings used</h2>
<ul>{{range .Settings}}
<li>{{.}}</li>{{end}}
</ul>
</section>

<section id="notes" class="notes" aria-labelledby="h-notes">
<h2 id="h-notes">Notes</h2>
<ul>{{range .Notes}}
<li>{{template "prose" .}}</li>{{end}}
</ul>
</section>

<footer>Made by backtrack from your own records. This page is complete in itself: it loads nothing from the network.</footer>
</main>
</body>
</html>
{{define "suspect"}}<p>{{template "prose" .Reason}} {{template "prose" .Evidence}}</p>{{with .AdjustedWords}}
<p>{{template "prose" .}}</p>{{end}}{{with .Severity}}
<p>{{.}}</p>{{end}}{{end}}
{{define "prose"}}{{range .}}{{if .Code}}<code>{{.Text}}</code>{{else}}{{.Text}}{{end}}{{end}}{{end}}`

// The page's template, parsed by htmlTemplate on first use.
var (
	htmlOnce   sync.Once
	htmlParsed *template.Template
)

// htmlTemplate returns the page's template, parsed on first use so that a
// program that renders no HTML never parses it (parsed at init, it cost
// every start-up about 0.2 ms and 900 allocations).
func htmlTemplate() *template.Template {
	htmlOnce.Do(func() { htmlParsed = template.Must(template.New("report").Parse(htmlPage)) })
	return htmlParsed
}
