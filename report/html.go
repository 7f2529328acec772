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

// HTML writes r as one self-contained HTML5 page: the
// headline "What your data says" (the likely suspects), inline SVG charts
// (the timeline, the suspects' forest plot, the cadence curves and the
// deadlift volume and timing bars), every suspect's verdict, pain during
// runs, the settings and the caveats. The page loads nothing from
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
	Diary             []segment
	Facts             []htmlFact
	Likely            []htmlSuspect
	LikelyNote        string
	Headline          []segment
	Charts            []chart
	Suspects          []htmlSuspect
	Dose              []doseRow
	OnsetMin          string
	During            htmlDuring
	Settings          []string
	Notes             [][]segment
}

// htmlFact is one count in the page's header.
type htmlFact struct {
	N    int
	What string
}

// htmlSuspect is a suspect as the table and the words show it.
type htmlSuspect struct {
	Label, Verdict     string
	Exposed, Unexposed string
	P, Q, Adjusted     string
	Likely, Tested     bool
	Reason, Evidence   []segment
	Severity           string
}

// htmlDuring is the pain-during-runs section.
type htmlDuring struct {
	Summary, Climb, Cadence []segment
	Events                  []htmlEvent
}

// htmlEvent is one row of the pain-during-runs table.
type htmlEvent struct {
	Date, Time, Minutes, Km                            string
	ClimbBefore, ClimbRest, CadenceBefore, CadenceRest string
	// Severity, Location and Note are as logged (the template escapes them).
	Severity       int
	Location, Note string
}

// newHTMLView formats r for the template.
func newHTMLView(r *analysis.Report) htmlView {
	d := r.Data
	v := htmlView{Period: "No data yet", Charts: reportCharts(r), OnsetMin: analysis.FormatSetting(r.Settings.OnsetWindowMin),
		LikelyNote: likelyNote, Dose: doseRows(r)}
	if d.From != "" || d.To != "" {
		v.Period = d.From + " to " + d.To
	}
	if !r.GeneratedAt.IsZero() {
		v.Generated = r.GeneratedAt.UTC().Format("2 January 2006, 15:04 UTC")
	}
	v.Diary = prose(r.DiarySentence() + " " + episodesSentence(r))
	v.Facts = []htmlFact{
		{d.Sessions, pick(d.Sessions, "session", "sessions")},
		{d.Runs, pick(d.Runs, "run", "runs")},
		{d.StrengthSessions, pick(d.StrengthSessions, "strength session", "strength sessions")},
		{d.PainEvents, pick(d.PainEvents, "pain event", "pain events")},
		{d.EpisodeOnsets, pick(d.EpisodeOnsets, "pain episode began", "pain episodes began")},
		{d.PainEventsDuringRuns, pick(d.PainEventsDuringRuns, "pain event during a run", "pain events during a run")},
	}
	for _, s := range r.Suspects {
		pv, qv := timeP(s)
		hs := htmlSuspect{Label: s.Label, Verdict: verdictWords(s),
			Exposed: countsText(s.Findings.Onsets, true), Unexposed: countsText(s.Findings.Onsets, false),
			P: numText(pv, true), Q: numText(qv, true), Adjusted: adjustedText(s.Findings.Adjusted),
			Likely: s.Verdict == analysis.VerdictLikely, Tested: s.Findings.TimeTest != nil,
			Reason: prose(s.Reason), Evidence: prose(s.Evidence)}
		if sv := s.Findings.Severity; sv != nil {
			hs.Severity = sv.Evidence + " (p " + numText(sv.PValue, true) + ")"
		}
		v.Suspects = append(v.Suspects, hs)
		if hs.Likely {
			v.Likely = append(v.Likely, hs)
		}
	}
	if len(v.Likely) == 0 {
		v.Headline = prose(headline(r))
	}
	pd := r.PainDuringRuns
	v.During = htmlDuring{Summary: prose(pd.Summary), Climb: prose(pd.Climb.Summary), Cadence: prose(pd.Cadence.Summary)}
	for _, e := range pd.Events {
		v.During.Events = append(v.During.Events, htmlEvent{
			Date: e.Date, Time: e.Time, Minutes: oneDecimal(e.Minutes), Km: oneDecimal(e.Km),
			Severity: e.Severity, Location: e.Location, Note: e.Note,
			ClimbBefore: oneDecimal(e.ClimbBefore), ClimbRest: oneDecimal(e.ClimbRest),
			CadenceBefore: oneDecimal(e.CadenceBefore), CadenceRest: oneDecimal(e.CadenceRest),
		})
	}
	v.Settings = settingsLines(r.Settings)
	for _, n := range r.Notes {
		v.Notes = append(v.Notes, prose(n))
	}
	return v
}

// ciRange formats an interval for the table: "1.2–3.4", "1.2 to ∞" or
// "– to 3.4" when a bound is infinite or missing, "" when both are missing.
func ciRange(lo, hi analysis.Num) string {
	l, h := numText(lo, false), numText(hi, false)
	switch {
	case l == "–" && h == "–":
		return ""
	case lo.Known() && hi.Known():
		return l + "–" + h
	}
	return l + " to " + h
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

// htmlCSS is the page's only style: readable widths, tables that scroll
// on a phone, findings that hold marked, and a print layout.
const htmlCSS = `
:root { --ink: #1d232a; --muted: #5d6873; --line: #d8dde2; --soft: #f4f6f8; --hold: #fff3e6; --holdline: #d55e00; --blue: #0072b2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.1rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .25rem; letter-spacing: -.01em; }
h2 { font-size: 1.35rem; margin: 2.4rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
p, li { max-width: 46rem; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: .05em .3em; border-radius: 3px; }
.period { color: var(--muted); margin: 0 0 1rem; }
.facts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 0; }
.facts li { flex: 1 1 8rem; background: var(--soft); border-radius: 6px; padding: .45rem .8rem; }
.facts b { display: block; font-size: 1.35rem; font-variant-numeric: tabular-nums; }
.headline ul { list-style: none; padding: 0; }
.headline li { margin: .6rem 0; }
.headline li.holds { background: var(--hold); border-left: 5px solid var(--holdline); border-radius: 4px; padding: .7rem .9rem; }
.method { color: var(--muted); font-size: .9em; }
.muted { color: var(--muted); }
figure.chart { margin: 1.6rem 0 2rem; }
figure.chart svg { display: block; width: 100%; max-width: 100%; height: auto; }
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
.sw-est { width: 1.4em; height: 2px; background: #333; vertical-align: middle; }
.sw-est-holds { width: 1.4em; height: 4px; background: #d55e00; vertical-align: middle; }
.table-wrap { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; font-variant-numeric: tabular-nums; }
th, td { text-align: left; vertical-align: top; padding: .4rem .55rem; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
thead th.group { text-align: center; border-bottom: 1px solid var(--line); }
tr.holds td { background: var(--hold); }
tr.holds td:first-child { box-shadow: inset 5px 0 var(--holdline); font-weight: 600; }
tr.untested td { color: var(--muted); }
.badge { display: inline-block; font-size: .8rem; font-weight: 700; color: #fff; background: var(--holdline); border-radius: 3px; padding: 0 .35em; }
dl.words dt { font-weight: 600; margin-top: .7rem; }
dl.words dd { margin: .1rem 0 0; max-width: 46rem; }
dl.words .holds { color: #9a3f00; }
.caveats li { margin: .35rem 0; }
footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--line); font-size: .85rem; color: var(--muted); }
@media (max-width: 40rem) { body { font-size: 15px; } h1 { font-size: 1.6rem; } .facts li { min-width: 45%; } }
@media print {
  @page { margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; margin-top: 1.4rem; }
  figure.chart, tr, li, .facts li { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  thead { display: table-header-group; }
  .headline li.holds, tr.holds td, .badge, .facts li, thead th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
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

<p class="diary">{{template "prose" .Diary}}</p>

<section class="headline" id="headline" aria-labelledby="h-headline">
<h2 id="h-headline">What your data says</h2>
{{if .Likely}}<ul>{{range .Likely}}
<li class="holds"><strong>{{.Label}}</strong>: {{template "prose" .Evidence}}</li>{{end}}
</ul>
<p class="muted">{{.LikelyNote}}</p>
{{else}}<p>{{template "prose" .Headline}}</p>
{{end}}</section>

<section id="charts" aria-labelledby="h-charts">
<h2 id="h-charts">Charts</h2>
{{range .Charts}}<figure class="chart" id="{{.ID}}" aria-label="{{.Title}}">
<h3>{{.Title}}</h3>
{{if .SVG}}{{.SVG}}
{{with .Keys}}<ul class="keys">{{range .}}<li><span class="sw {{.Swatch}}"></span>{{.Text}}</li>{{end}}</ul>
{{end}}<figcaption>{{.Caption}}</figcaption>
{{else}}<p class="empty">{{.Empty}}</p>
{{end}}</figure>
{{end}}</section>

<section id="suspects" aria-labelledby="h-suspects">
<h2 id="h-suspects">All suspects</h2>
<div class="table-wrap">
<table>
<thead><tr><th scope="col">Suspect</th><th scope="col">Verdict</th><th scope="col" class="num">New episode after runs with it</th><th scope="col" class="num">After other runs</th><th scope="col" class="num">p</th><th scope="col" class="num">q</th><th scope="col">Adjusted odds ratio (95% CI)</th></tr></thead>
<tbody>{{range .Suspects}}
<tr class="{{if .Likely}}holds{{else if not .Tested}}untested{{end}}"><td>{{.Label}}</td><td>{{if .Likely}}<span class="badge">likely</span>{{else}}{{.Verdict}}{{end}}</td><td class="num">{{.Exposed}}</td><td class="num">{{.Unexposed}}</td><td class="num">{{.P}}</td><td class="num">{{.Q}}</td><td>{{.Adjusted}}</td></tr>{{end}}
</tbody>
</table>
</div>
<p class="muted">The counts are runs at risk (no pain episode under way) and the new episodes that began with them; for the dose, runs after any deadlift volume against none. p and q are the time test's (one-sided: raised risk), which compares runs only within the same 8 weeks and pain history.</p>
<h3>In words</h3>
<dl class="words">{{range .Suspects}}
<dt{{if .Likely}} class="holds"{{end}}>{{.Label}}: {{.Verdict}}</dt>
<dd>{{template "prose" .Reason}} {{template "prose" .Evidence}}{{with .Severity}}<br>{{.}}{{end}}</dd>{{end}}
</dl>
{{if .Dose}}<h3>Deadlift volume and timing</h3>
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
{{if .During.Events}}<p class="muted">"Before" is the {{.OnsetMin}} minutes before the pain came on; "rest of run" is the remainder of that run.</p>
<ul>
<li>Climb: {{template "prose" .During.Climb}}</li>
<li>Cadence: {{template "prose" .During.Cadence}}</li>
</ul>
<div class="table-wrap">
<table>
<thead>
<tr><th scope="col" rowspan="2">Date</th><th scope="col" rowspan="2">Time</th><th scope="col" rowspan="2" class="num">Severity</th><th scope="col" rowspan="2">Where</th><th scope="col" rowspan="2" class="num">Minutes in</th><th scope="col" rowspan="2" class="num">Km in</th><th scope="colgroup" colspan="2" class="group">Climb (m per km)</th><th scope="colgroup" colspan="2" class="group">Cadence (steps/min)</th><th scope="col" rowspan="2">Note</th></tr>
<tr><th scope="col" class="num">before</th><th scope="col" class="num">rest of run</th><th scope="col" class="num">before</th><th scope="col" class="num">rest of run</th></tr>
</thead>
<tbody>{{range .During.Events}}
<tr><td class="nowrap">{{.Date}}</td><td class="nowrap">{{.Time}}</td><td class="num">{{.Severity}}</td><td>{{.Location}}</td><td class="num">{{.Minutes}}</td><td class="num">{{.Km}}</td><td class="num">{{.ClimbBefore}}</td><td class="num">{{.ClimbRest}}</td><td class="num">{{.CadenceBefore}}</td><td class="num">{{.CadenceRest}}</td><td>{{.Note}}</td></tr>{{end}}
</tbody>
</table>
</div>
{{end}}</section>

<section id="settings" aria-labelledby="h-settings">
<h2 id="h-settings">Settings used</h2>
<ul>{{range .Settings}}
<li>{{.}}</li>{{end}}
</ul>
</section>

<section id="caveats" class="caveats" aria-labelledby="h-caveats">
<h2 id="h-caveats">Caveats</h2>
<ul>{{range .Notes}}
<li>{{template "prose" .}}</li>{{end}}
</ul>
</section>

<footer>Made by backtrack from your own records. This page is complete in itself: it loads nothing from the network.</footer>
</main>
</body>
</html>
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
