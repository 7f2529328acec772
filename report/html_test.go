package report_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/reportcheck"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/report"
)

// htmlOutEnv, if set, names a folder to write each test report's HTML
// into, to look at in a browser:
// BACKTRACK_HTML_OUT=/tmp/r go test ./report -run HTML.
const htmlOutEnv = "BACKTRACK_HTML_OUT"

// hostile is markup a user could type into a note.
const hostile = `<script>alert(1)</script>`

// htmlAthlete builds weeks of training in which a deadlift session makes
// pain after the next runs likely: runs on Monday, Wednesday, Friday and
// Sunday mornings, strength on Tuesday evenings (deadlifts in most weeks)
// and on some Saturdays. Some pain comes during a run. Every run has 1 Hz
// samples with cadence, which falls late in the runs followed by pain.
func htmlAthlete(seed uint64, weeks int) analysis.ReportInput {
	rng := rand.New(rand.NewPCG(seed, 7))
	set := analysis.DefaultSettings()
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // a Monday
	var refs []model.ExposureRun
	var runs []analysis.ReportRun
	var lifts []model.ExposureStrength
	var strength []analysis.ReportStrength
	id := int64(0)
	for w := range weeks {
		for _, d := range []int{0, 1, 2, 4, 5, 6} {
			day := start.AddDate(0, 0, 7*w+d)
			switch d {
			case 1, 5:
				if d == 5 && rng.Float64() < 0.6 {
					continue
				}
				id++
				dl := 0
				if d == 1 && rng.Float64() < 0.7 {
					dl = 5
				}
				st := day.Add(18 * time.Hour)
				lifts = append(lifts, model.ExposureStrength{SessionID: id, Start: st, DeadliftSets: dl, DeadliftVolumeKg: 2500})
				strength = append(strength, analysis.ReportStrength{ID: id, Start: st, DeadliftSets: dl})
			default:
				id++
				st := day.Add(7*time.Hour + time.Duration(rng.IntN(60))*time.Minute)
				refs = append(refs, model.ExposureRun{SessionID: id, Start: st})
				runs = append(runs, analysis.ReportRun{ID: id, Start: st, ElapsedS: float64(40+rng.IntN(40)) * 60,
					LocalDate: st.Format(time.DateOnly), DistanceM: 6000 + 12000*rng.Float64(),
					Exposure: model.Exposure{Hilly: htmlFlag(rng.Float64() < 0.3), CadenceDrift: htmlFlag(rng.Float64() < 0.25)}})
			}
		}
	}
	ex := analysis.Exposures(refs, lifts, set)
	var events []model.PainEvent
	painRun := map[int64]bool{}
	for i := range runs {
		ex[i].Hilly, ex[i].CadenceDrift = runs[i].Exposure.Hilly, runs[i].Exposure.CadenceDrift
		runs[i].Exposure = ex[i]
		p := 0.04
		if ex[i].Deadlift48h {
			p = 0.5
		}
		if rng.Float64() >= p {
			continue
		}
		painRun[runs[i].ID] = true
		at := runs[i].End().Add(2 * time.Hour)
		if rng.Float64() < 0.3 {
			at = runs[i].Start.Add(25 * time.Minute) // during the run
		}
		events = append(events, model.PainEvent{LocalDate: at.Format(time.DateOnly), LocalTime: at.Format("15:04"),
			TZ: "UTC", Severity: 2 + rng.IntN(8), Location: "lower back", Note: hostile})
	}
	elapsed := map[int64]float64{}
	for _, r := range runs {
		elapsed[r.ID] = r.ElapsedS
	}
	samples := func(id int64, dst *model.Samples) error {
		n := int(elapsed[id])
		var s model.Samples
		r := rand.New(rand.NewPCG(uint64(id), 1))
		for t := range n {
			x := model.MissingSample(float64(t))
			x.DistM = 3 * float64(t)
			x.AltM = 50 + 20*math.Sin(float64(t)/300)
			x.SpeedMPS = 3
			x.CadenceSPM = 172 + 3*r.NormFloat64()
			if painRun[id] && float64(t) > 0.7*float64(n) {
				x.CadenceSPM -= 8 * (float64(t)/float64(n) - 0.7) / 0.3
			}
			s.Append(x)
		}
		*dst = s
		return nil
	}
	return analysis.ReportInput{GeneratedAt: start.AddDate(0, 0, 7*weeks), Settings: set,
		Sessions: len(runs) + len(strength), FirstDate: start.Format(time.DateOnly),
		LastDate: start.AddDate(0, 0, 7*weeks-1).Format(time.DateOnly),
		Runs:     runs, Strength: strength, Pain: events, Samples: samples}
}

// htmlFlag turns a bool into a known Flag.
func htmlFlag(b bool) model.Flag {
	return model.FlagOf(b)
}

// htmlReport builds the report of in or fails the test.
func htmlReport(t testing.TB, in analysis.ReportInput) *analysis.Report {
	t.Helper()
	r, err := analysis.BuildReport(in)
	if err != nil {
		t.Fatalf("BuildReport: %v", err)
	}
	return r
}

// hostileReport is a hand-made report whose every user-reachable string is
// markup, with a likely suspect (so its label reaches the headline and the
// forest plot), infinite and missing numbers, and charts.
func hostileReport() *analysis.Report {
	nan := analysis.Num(math.NaN())
	start := time.Date(2025, 3, 1, 7, 0, 0, 0, time.UTC)
	r := &analysis.Report{
		Schema: analysis.ReportSchema, GeneratedAt: start,
		Data: analysis.ReportData{From: "2025-03-01", To: "2025-04-30", Sessions: 3, Runs: 2, StrengthSessions: 1, PainEvents: 6, RunsWithPain: 1,
			DiaryFrom: "2025-03-01", DiaryTo: "2025-04-30", DiaryRule: analysis.DiaryFirstToLast, RunsInDiary: 2, Episodes: 6, EpisodeOnsets: 6, OnsetsAfterRuns: 5},
		Settings: analysis.ReportSettings{HillyClimbMPerKm: 15, CadenceDriftPct: 3, StrengthWindowH: 48, DeadliftWindowD: 14,
			HysteresisM: 3, EpisodeGapD: 2, SeverityMin: 4, PainAfterRunH: 24, LongRunKm: nan,
			LoadSpikeRatio: 1.3, OnsetWindowMin: 10, StratumD: 56, ReferentWeeks: 8, MinOnsets: 5, QLikely: 0.05, QPossible: 0.2, PGate: 0.05},
		Suspects: []analysis.Suspect{
			{Exposure: analysis.ExpDeadlift48h, Label: "Deadlift " + hostile, Verdict: analysis.VerdictLikely, Direction: analysis.DirectionRaises,
				Reason: "Because " + hostile, Evidence: "Likely: " + hostile + " & more",
				Findings: analysis.SuspectFindings{
					Onsets:   &analysis.Comparison{Exposed: analysis.Group{N: 10, Events: 6}, Unexposed: analysis.Group{N: 30, Events: 0}, RiskRatio: analysis.Num(math.Inf(1)), CILow: 3.2, CIHigh: analysis.Num(math.Inf(1))},
					TimeTest: &analysis.TimeTest{Observed: 6, Expected: 1.5, PValue: 0.0001, QValue: 0.0004, PLower: 1, QLower: 1, Strata: 3},
					Adjusted: &analysis.AdjustedFinding{OddsRatio: 20, CILow: 2.5, CIHigh: analysis.Num(math.Inf(1)), PValue: 0.001, Model: "deadlift_48h"},
					Severity: &analysis.SeverityFinding{MinSeverity: 4, Evidence: "Severe " + hostile, PValue: 0.01}}},
			{Exposure: analysis.ExpHillyRun, Label: "Hilly & steep", Verdict: analysis.VerdictNoSign, Direction: analysis.DirectionLowers,
				Reason: "Less often.", Evidence: "None of 10.",
				Findings: analysis.SuspectFindings{
					Onsets:   &analysis.Comparison{Exposed: analysis.Group{N: 10, Events: 0}, Unexposed: analysis.Group{N: 30, Events: 6}, RiskRatio: 0, CILow: 0, CIHigh: 1.5},
					TimeTest: &analysis.TimeTest{Observed: 0, Expected: 1.5, PValue: 0.3, QValue: 0.4, PLower: 0.01, QLower: 0.02, Strata: 3},
					Adjusted: &analysis.AdjustedFinding{OddsRatio: 0.2, CILow: nan, CIHigh: nan, PValue: 0.3}}},
			{Exposure: analysis.ExpLongRun, Label: "Long run", Verdict: analysis.VerdictNotEnoughData, Direction: analysis.DirectionNone,
				Reason: "Too few runs.", Evidence: "Too few runs to compare."},
		},
		PainDuringRuns: analysis.PainDuringRuns{
			Events: []analysis.OnsetEvent{{Date: "2025-03-02", Time: "07:40", Severity: 6, Location: "lower back " + hostile, Note: "uphill " + hostile, Minutes: 40, Km: nan, ClimbBefore: nan, ClimbRest: 4.2,
				CadenceBefore: 170, CadenceRest: nan}},
			Climb:   analysis.OnsetComparison{Summary: "Climb " + hostile},
			Cadence: analysis.OnsetComparison{Summary: "Cadence " + hostile},
			Summary: "During " + hostile,
		},
		Diary: []analysis.DiaryEntry{
			{ID: 1, Date: "2025-03-02", Time: "07:40", TZ: "UTC", Severity: 6, Location: "lower back " + hostile, Note: "uphill " + hostile,
				Matched: analysis.DiaryMatch{Kind: analysis.MatchDuring, RunID: 1, RunStart: start, RunDate: "2025-03-02",
					RunKm: numPtr(10), MinutesIn: numPtr(40)}},
			{ID: 2, Date: "2025-03-03", TZ: "UTC", Severity: 3, Matched: analysis.DiaryMatch{Kind: analysis.MatchNone}},
		},
		Notes: []string{"Note " + hostile, "Run `backtrack import` first."},
		Charts: analysis.Charts{
			Runs:     []analysis.ChartRun{{Start: start, DistanceM: 10000, Pain: true}, {Start: start.AddDate(0, 0, 2), DistanceM: math.NaN(), Hilly: true}},
			Strength: []analysis.ChartStrength{{Start: start.AddDate(0, 0, -1), Deadlift: true}},
			Pain:     []analysis.ChartPain{{At: start.Add(40 * time.Minute), Severity: 7}},
		},
	}
	r.Charts.CadencePain = make([]float64, analysis.CurvePoints)
	r.Charts.CadenceRest = make([]float64, analysis.CurvePoints)
	for i := range analysis.CurvePoints {
		r.Charts.CadencePain[i], r.Charts.CadenceRest[i] = 170-float64(i)/3, 171
	}
	r.Charts.CadencePain[5] = math.NaN() // a gap
	r.Charts.CurveRunsPain, r.Charts.CurveRunsRest = 1, 1
	return r
}

// numPtr returns a pointer to v as a report number.
func numPtr(v float64) *analysis.Num {
	n := analysis.Num(v)
	return &n
}

// page is a rendered report, raw and parsed.
type page struct {
	raw  string
	root *html.Node
}

// render renders r and parses the result.
func render(t *testing.T, r *analysis.Report) page {
	t.Helper()
	var buf bytes.Buffer
	if err := report.HTML(&buf, r); err != nil {
		t.Fatalf("HTML: %v", err)
	}
	if dir := os.Getenv(htmlOutEnv); dir != "" {
		name := strings.NewReplacer("/", "_", " ", "_", ":", "_").Replace(t.Name()) + ".html"
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := html.Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("parse the HTML: %v", err)
	}
	return page{raw: buf.String(), root: root}
}

// all returns the elements under n that match.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

// tag matches elements by name.
func tag(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Data == name }
}

// attr returns n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// byID returns the element with the id, or nil.
func byID(root *html.Node, id string) *html.Node {
	els := all(root, func(n *html.Node) bool { return attr(n, "id") == id })
	if len(els) == 0 {
		return nil
	}
	return els[0]
}

// text returns the text under n, its runs of space made single.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// checkPage asserts what every report page must be: one HTML document, no
// script, nothing fetched, no NaN or Inf, the sections in place.
func checkPage(t *testing.T, p page) {
	t.Helper()
	for _, name := range []string{"html", "head", "body", "title", "main"} {
		if n := len(all(p.root, tag(name))); n != 1 {
			t.Errorf("%d <%s> elements, want 1", n, name)
		}
	}
	if !strings.HasPrefix(p.raw, "<!DOCTYPE html>\n") {
		t.Errorf("the page does not start with the HTML5 doctype: %.40q", p.raw)
	}
	if title := all(p.root, tag("title")); len(title) == 1 && text(title[0]) != "backtrack report" {
		t.Errorf("title %q, want %q", text(title[0]), "backtrack report")
	}
	if n := len(all(p.root, tag("script"))); n != 0 {
		t.Errorf("%d <script> elements, want none", n)
	}
	for _, n := range all(p.root, func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" {
				key = a.Namespace + ":" + key
			}
			switch {
			case key == "src", key == "href", strings.HasSuffix(key, ":href"), key == "srcset", key == "action",
				key == "formaction", key == "poster", key == "data", key == "background", key == "ping":
				t.Errorf("<%s %s=%q>: the page must fetch nothing", n.Data, key, a.Val)
			case strings.HasPrefix(key, "on"):
				t.Errorf("<%s %s=%q>: an event handler", n.Data, key, a.Val)
			case key == "xmlns" || key == "xmlns:xlink" || key == "xmlns xlink":
				// A namespace name, never fetched.
			case strings.Contains(strings.ToLower(a.Val), "http://") || strings.Contains(strings.ToLower(a.Val), "https://"):
				t.Errorf("<%s %s=%q>: a URL", n.Data, key, a.Val)
			}
		}
	}
	for _, n := range all(p.root, tag("link")) {
		t.Errorf("<link rel=%q>: the page must fetch nothing", attr(n, "rel"))
	}
	for _, n := range all(p.root, func(n *html.Node) bool {
		return slices.Contains([]string{"img", "iframe", "object", "embed", "image", "use", "video", "audio"}, n.Data)
	}) {
		t.Errorf("<%s>: the page must hold no embedded resources", n.Data)
	}
	for _, s := range all(p.root, tag("style")) {
		css := strings.ToLower(text(s))
		if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
			t.Errorf("the CSS fetches something: %q", css)
		}
	}
	if m := regexp.MustCompile(`NaN|Inf|ZgotmplZ|%!`).FindString(p.raw); m != "" {
		i := strings.Index(p.raw, m)
		t.Errorf("the page holds %q: …%s…", m, p.raw[max(0, i-80):min(len(p.raw), i+80)])
	}
	for _, id := range []string{"in-short", "verdicts", "next-steps", "charts", "suspects", "pain-during-runs", "diary", "settings", "notes"} {
		if byID(p.root, id) == nil {
			t.Errorf("no section id=%q", id)
		}
	}
	if h := byID(p.root, "in-short"); h != nil && !strings.HasPrefix(strings.TrimSpace(text(h)), "In short") {
		t.Errorf("the opening section lacks its title: %q", text(h))
	}
	if strings.Contains(p.raw, "see the caveats") {
		t.Errorf("the page points to caveats, a section it does not have")
	}
}

// chartSVGs returns, per chart id, whether its wrapper holds an <svg> and
// its text (the SVG's labels, or the sentence that stands in for it).
func chartSVGs(t *testing.T, p page) map[string]bool {
	t.Helper()
	got := map[string]bool{}
	for _, id := range []string{"chart-timeline", "chart-forest", "chart-cadence", "chart-dose"} {
		w := byID(p.root, id)
		if w == nil {
			if id != "chart-dose" { // only with a table to draw
				t.Errorf("no chart wrapper id=%q", id)
			}
			continue
		}
		svgs := all(w, tag("svg"))
		var classes []string
		for _, s := range svgs {
			classes = append(classes, attr(s, "class"))
		}
		if len(svgs) > 0 && !slices.Equal(classes, []string{"wide", "narrow"}) {
			t.Errorf("%s: <svg> elements of classes %q, want a wide one and a narrow one", id, classes)
		}
		got[id] = len(svgs) == 2
		if len(svgs) == 0 && len(all(w, func(n *html.Node) bool { return attr(n, "class") == "empty" && text(n) != "" })) == 0 {
			t.Errorf("%s: neither a chart nor a sentence", id)
		}
	}
	return got
}

func TestRenderHTML(t *testing.T) {
	full := htmlReport(t, htmlAthlete(1, 52))
	if len(full.LikelySuspects()) == 0 {
		t.Fatalf("the simulated athlete's report has no likely suspect; the test needs one")
	}
	fewIn := htmlAthlete(2, 52)
	fewIn.Pain = fewIn.Pain[:3]
	few := htmlReport(t, fewIn)
	empty := htmlReport(t, analysis.ReportInput{Settings: analysis.DefaultSettings()})
	noSamples := htmlAthlete(1, 52)
	noSamples.Samples = nil

	tests := []struct {
		name   string
		report *analysis.Report
		charts map[string]bool
		// headline must appear in the headline section; absent must not.
		headline, absent []string
	}{
		{"a year with a likely suspect", full,
			map[string]bool{"chart-timeline": true, "chart-forest": true, "chart-cadence": true, "chart-dose": true},
			summaries(full.LikelySuspects()), []string{"Nothing in your records stands out"}},
		{"too few pain episodes", few,
			map[string]bool{"chart-timeline": true, "chart-forest": false, "chart-cadence": true},
			[]string{few.NeedMore()}, nil},
		{"no data at all", empty,
			map[string]bool{"chart-timeline": false, "chart-forest": false, "chart-cadence": false},
			[]string{"There are no runs in this period", "backtrack import"}, []string{"testing starts"}},
		{"no samples: no cadence curves", htmlReport(t, noSamples),
			map[string]bool{"chart-timeline": true, "chart-forest": true, "chart-cadence": false, "chart-dose": true}, nil, nil},
		{"markup in every string", hostileReport(),
			map[string]bool{"chart-timeline": true, "chart-forest": true, "chart-cadence": true},
			[]string{"Likely: " + hostile + " & more"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := render(t, tt.report)
			checkPage(t, p)
			if diff := cmp.Diff(tt.charts, chartSVGs(t, p)); diff != "" {
				t.Errorf("charts drawn (-want +got):\n%s", diff)
			}
			head := text(byID(p.root, "in-short")) + text(byID(p.root, "verdicts"))
			for _, s := range tt.headline {
				if !strings.Contains(head, strings.Join(strings.Fields(s), " ")) {
					t.Errorf("the headline lacks %q; it says %q", s, head)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(head, s) {
					t.Errorf("the headline says %q; it should not: %q", s, head)
				}
			}
			// The suspects' table and details, when something was tested.
			if bodies := all(byID(p.root, "suspects"), tag("tbody")); !tt.report.Tested() || tt.report.Data.Runs == 0 {
				if len(bodies) > 0 {
					t.Errorf("the suspects' table is shown though nothing was tested")
				}
			} else {
				rows := bodies[0]
				if got, want := len(all(rows, tag("tr"))), len(tt.report.Suspects); got != want {
					t.Errorf("%d rows in the suspects table, want %d", got, want)
				}
				likely := all(rows, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "class") == "holds" })
				if got, want := len(likely), len(tt.report.LikelySuspects()); got != want {
					t.Errorf("%d rows highlighted, want %d (the likely suspects)", got, want)
				}
				if got, want := len(all(byID(p.root, "suspects"), tag("details"))), len(tt.report.Suspects); got != want {
					t.Errorf("%d suspects' details, want %d", got, want)
				}
			}
			// The opening never contradicts the table: a line per suspect
			// (one for all when nothing was tested), likely first, each
			// with the verdict the JSON gives it.
			items := all(byID(p.root, "verdicts"), func(n *html.Node) bool { return n.Data == "li" })
			want := len(tt.report.Suspects)
			if !tt.report.Tested() {
				want = 1
			}
			if len(items) != want {
				t.Errorf("%d verdict lines, want %d", len(items), want)
			}
			for i, s := range tt.report.LikelySuspects() {
				if i < len(items) && !strings.HasPrefix(text(items[i]), "Likely "+s.Label) {
					t.Errorf("verdict line %d is %q, want the likely %q", i, text(items[i]), s.Label)
				}
			}
			if tt.report.InShort != "" {
				var md, js bytes.Buffer
				if err := report.Markdown(&md, tt.report); err != nil {
					t.Fatal(err)
				}
				if err := report.JSON(&js, tt.report); err != nil {
					t.Fatal(err)
				}
				for _, msg := range append(reportcheck.Markdown(md.Bytes(), js.Bytes()), reportcheck.HTML([]byte(p.raw), js.Bytes())...) {
					t.Error(msg)
				}
			}
			if n := len(all(byID(p.root, "next-steps"), func(n *html.Node) bool { return attr(n, "class") == "professional" })); n != 1 && len(tt.report.NextSteps) > 0 {
				t.Errorf("%d lines about seeing a professional, want 1", n)
			}
			if got, want := len(all(byID(p.root, "diary"), func(n *html.Node) bool {
				return n.Data == "tr" && n.Parent.Data == "tbody" && attr(n, "class") != "group"
			})), len(tt.report.Diary); got != want {
				t.Errorf("%d rows in the diary, want %d (every pain event)", got, want)
			}
		})
	}
}

// svgTexts counts the texts of the <text> elements of the wide <svg>
// under n.
func svgTexts(n *html.Node) map[string]int {
	out := map[string]int{}
	for _, svg := range all(n, func(n *html.Node) bool { return n.Data == "svg" && attr(n, "class") == "wide" }) {
		for _, el := range all(svg, tag("text")) {
			out[text(el)]++
		}
	}
	return out
}

// summaries returns the suspects' one-sentence summaries.
func summaries(ss []analysis.Suspect) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Summary)
	}
	return out
}

// TestRenderHTMLEscapes: markup in a label, a summary or a note is shown as
// text, in the page and in the forest plot's SVG, and never runs.
func TestRenderHTMLEscapes(t *testing.T) {
	p := render(t, hostileReport())
	if strings.Contains(strings.ToLower(p.raw), "<script") {
		t.Errorf("the page holds a raw <script")
	}
	const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
	// Label (table, headline, in-words list, forest plot), evidence
	// (headline, in-words list), reason, severity line, the three
	// pain-during-runs summaries, one note.
	if n := strings.Count(p.raw, escaped); n < 12 {
		t.Errorf("the escaped markup appears %d times, want 12 or more", n)
	}
	texts := all(p.root, func(n *html.Node) bool { return strings.Contains(text(n), hostile) })
	if len(texts) == 0 {
		t.Errorf("the markup is not shown as text anywhere")
	}
	if n := svgTexts(byID(p.root, "chart-forest"))["Deadlift "+hostile]; n != 1 {
		t.Errorf("the forest plot shows the suspect's label as text %d times, want once", n)
	}
	if got := text(all(byID(p.root, "notes"), tag("code"))[0]); got != "backtrack import" {
		t.Errorf("the command in backticks is shown as %q, want code %q", got, "backtrack import")
	}
}

// TestRenderHTMLNumbers: missing numbers show as "–", an infinite bound
// as "∞", a protective association as such.
func TestRenderHTMLNumbers(t *testing.T) {
	p := render(t, hostileReport())
	want := [][]string{
		{"Deadlift " + hostile, "likely", "6 / 10", "0 / 30", "<0.001", "<0.001", "20 (at least 2.5)"},
		{"Hilly & steep", "no sign (less pain with it)", "0 / 10", "6 / 30", "0.3", "0.4", "0.2"},
		{"Long run", "not enough data", "–", "–", "–", "–", "–"},
	}
	if diff := cmp.Diff(want, tableRows(byID(p.root, "suspects"))); diff != "" {
		t.Errorf("suspects table (-want +got):\n%s", diff)
	}
	want = [][]string{{"2025-03-02 07:40", "6", "40.0", "–", "–", "4.2", "170.0", "–"}}
	if diff := cmp.Diff(want, tableRows(byID(p.root, "pain-during-runs"))); diff != "" {
		t.Errorf("pain-during-runs table (-want +got):\n%s", diff)
	}
	want = [][]string{
		{"2025-03-02 07:40", "6", "lower back " + hostile, "during the 10 km run, 40 min in", "uphill " + hostile},
		{"2025-03-03, no time", "3", "", "no run that day", ""},
	}
	if diff := cmp.Diff(want, tableRows(byID(p.root, "diary"))); diff != "" {
		t.Errorf("diary (-want +got):\n%s", diff)
	}
}

// tableRows returns the texts of the cells of the rows in the tables'
// bodies under n: a group row's heading alone.
func tableRows(n *html.Node) [][]string {
	var out [][]string
	for _, tr := range all(n, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }) {
		var row []string
		for _, c := range all(tr, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" }) {
			row = append(row, text(c))
		}
		out = append(out, row)
	}
	return out
}

// TestRenderHTMLCharts checks what the charts say: the forest plot has a
// heading per tested suspect with its rows, the dose chart its bars'
// counts, the cadence legend counts the runs, the time axis is labelled in
// calendar units fit for the span.
func TestRenderHTMLCharts(t *testing.T) {
	full := htmlReport(t, htmlAthlete(1, 52))
	p := render(t, full)
	// One heading per suspect tested (but the dose), one row for its new
	// episodes and one for its adjusted odds ratio where it has one.
	want := map[string]int{}
	for _, s := range full.Suspects {
		if s.Findings.TimeTest == nil || s.Exposure == analysis.ExpDeadliftVolume {
			continue
		}
		want[s.Label] = 1
		want["new episodes"]++
		if a := s.Findings.Adjusted; a != nil && a.OddsRatio.Known() {
			want["adjusted"]++
		}
	}
	if len(want) < 4 {
		t.Fatalf("too few tested suspects for the test: %v", want)
	}
	got := svgTexts(byID(p.root, "chart-forest"))
	for k := range got {
		if _, ok := want[k]; !ok {
			delete(got, k)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the forest plot's row labels (-want +got):\n%s", diff)
	}
	dose := svgTexts(byID(p.root, "chart-dose"))
	for _, h := range full.HoursSinceDeadlift {
		if dose[fmt.Sprintf("%d / %d", h.Events, h.N)] == 0 || dose[h.Label] == 0 {
			t.Errorf("the dose chart lacks the bar %q (%d / %d): %v", h.Label, h.Events, h.N, dose)
		}
	}
	cad := text(byID(p.root, "chart-cadence"))
	for _, want := range []string{
		"runs followed by pain (n=" + strconv.Itoa(full.Charts.CurveRunsPain) + ")",
		"other runs (n=" + strconv.Itoa(full.Charts.CurveRunsRest) + ")",
		"steps/min",
	} {
		if !strings.Contains(cad, want) {
			t.Errorf("the cadence chart lacks %q: %q", want, cad)
		}
	}

	spans := []struct {
		name string
		days int
		want []string
	}{
		{"a week: days", 7, []string{"2 Jan", "4 Jan"}},
		{"a year: months", 365, []string{"Mar 2024", "Jul 2024"}},
		{"ten years: years", 3650, []string{"2026", "2030"}},
	}
	for _, sp := range spans {
		t.Run(sp.name, func(t *testing.T) {
			r := hostileReport()
			start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
			r.Charts.Runs = []analysis.ChartRun{{Start: start, DistanceM: 5000}, {Start: start.AddDate(0, 0, sp.days), DistanceM: 8000}}
			r.Charts.Strength, r.Charts.Pain = nil, nil
			tl := text(byID(render(t, r).root, "chart-timeline"))
			for _, w := range sp.want {
				if !strings.Contains(tl, w) {
					t.Errorf("the time axis lacks %q: %q", w, tl)
				}
			}
		})
	}
}

// benchReport is a report with ten years' worth of chart points: 4,000
// sessions (2,700 runs, 1,300 strength sessions) and 120 pain events, over
// the findings of a simulated year.
func benchReport(b testing.TB) *analysis.Report {
	r := htmlReport(b, htmlAthlete(1, 52))
	rng := rand.New(rand.NewPCG(3, 3))
	start := time.Date(2015, 1, 5, 7, 0, 0, 0, time.UTC)
	span := 10 * 365 * 24 * time.Hour
	at := func() time.Time { return start.Add(time.Duration(rng.Int64N(int64(span)))) }
	ch := analysis.Charts{CadencePain: r.Charts.CadencePain, CadenceRest: r.Charts.CadenceRest,
		CurveRunsPain: r.Charts.CurveRunsPain, CurveRunsRest: r.Charts.CurveRunsRest}
	for range 2700 {
		ch.Runs = append(ch.Runs, analysis.ChartRun{Start: at(), DistanceM: 4000 + 20000*rng.Float64(), Pain: rng.Float64() < 0.05, Hilly: rng.Float64() < 0.3})
	}
	for range 1300 {
		ch.Strength = append(ch.Strength, analysis.ChartStrength{Start: at(), Deadlift: rng.Float64() < 0.5})
	}
	for range 120 {
		ch.Pain = append(ch.Pain, analysis.ChartPain{At: at(), Severity: 1 + rng.IntN(10)})
	}
	r.Charts = ch
	return r
}

// BenchmarkRenderHTML renders a report with 4,000 sessions' chart points.
func BenchmarkRenderHTML(b *testing.B) {
	r := benchReport(b)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := report.HTML(&buf, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KiB")
}
