package report_test

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/backtrack/backtrack/analysis"
)

// fontSizes returns the font sizes of the text in svg, in its user units:
// font-size attributes (the hand-drawn charts) and font-size in style
// attributes (gonum/plot's).
func fontSizes(t *testing.T, svg *html.Node) []float64 {
	t.Helper()
	re := regexp.MustCompile(`font-size:([0-9.]+)px`)
	var out []float64
	for _, n := range all(svg, tag("text")) {
		v := attr(n, "font-size")
		if m := re.FindStringSubmatch(attr(n, "style")); v == "" && m != nil {
			v = m[1]
		}
		if v == "" {
			t.Errorf("text %q has no font size", text(n))
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	return out
}

// TestChartTextSize: every chart comes in a wide and a narrow rendering,
// each a viewBox that the page scales to its width, and no text of either
// is smaller than the layout's tick size (which TestLayoutTextSize holds
// to 11 CSS px at the narrowest width it is shown at).
func TestChartTextSize(t *testing.T) {
	min := map[string]float64{"wide": 13, "narrow": 11.5}
	for name, r := range map[string]*analysis.Report{
		"a year":    htmlReport(t, htmlAthlete(1, 52)),
		"ten years": tenYears(t),
		"markup":    hostileReport(),
	} {
		t.Run(name, func(t *testing.T) {
			p := render(t, r)
			for _, id := range []string{"chart-timeline", "chart-forest", "chart-cadence"} {
				for _, svg := range all(byID(p.root, id), tag("svg")) {
					class := attr(svg, "class")
					if attr(svg, "viewBox") == "" {
						t.Errorf("%s %s: no viewBox", id, class)
					}
					sizes := fontSizes(t, svg)
					if len(sizes) == 0 {
						t.Errorf("%s %s: no text", id, class)
					}
					if m := slices.Min(append(sizes, math.Inf(1))); m < min[class] {
						t.Errorf("%s %s: text of %v user units, want %v or more", id, class, m, min[class])
					}
				}
			}
		})
	}
}

// tenYears is a report whose chart points span ten years (benchReport's).
func tenYears(t *testing.T) *analysis.Report {
	return benchReport(t)
}

// TestTimelineByYear: over more than about a year the timeline has a row
// per calendar year, labelled, in both renderings; over a year or less it
// is one strip with a time axis. The analysed period is shaded only when
// some of what is drawn lies outside it.
func TestTimelineByYear(t *testing.T) {
	r := tenYears(t)
	first, last := r.Charts.Runs[0].Start.Year(), r.Charts.Runs[0].Start.Year()
	for _, x := range r.Charts.Runs {
		first, last = min(first, x.Start.Year()), max(last, x.Start.Year())
	}
	p := render(t, r)
	tl := byID(p.root, "chart-timeline")
	for _, svg := range all(tl, tag("svg")) {
		texts := map[string]bool{}
		for _, n := range all(svg, tag("text")) {
			texts[text(n)] = true
		}
		for y := first; y <= last; y++ {
			if !texts[strconv.Itoa(y)] {
				t.Errorf("%s timeline: no row for %d", attr(svg, "class"), y)
			}
		}
	}
	if strings.Contains(text(tl), "analysed period") {
		t.Errorf("the period is marked though nothing lies outside it: %q", text(tl))
	}

	// A period narrower than the data: shaded, and said so.
	r.Charts.PeriodFrom, r.Charts.PeriodTo = fmt.Sprint(first+3, "-01-01"), fmt.Sprint(first+5, "-06-30")
	tl = byID(render(t, r).root, "chart-timeline")
	for _, want := range []string{"analysed period", "The shaded span, " + r.Charts.PeriodFrom + " to " + r.Charts.PeriodTo} {
		if !strings.Contains(text(tl), want) {
			t.Errorf("the timeline does not say %q: %q", want, text(tl))
		}
	}
	if n := len(all(tl, func(n *html.Node) bool { return n.Data == "rect" && attr(n, "fill") == "#fdf1c7" })); n < 2*3 {
		t.Errorf("%d shaded spans, want one per year row of the period in each rendering (6 or more)", n)
	}

	// Half a year: one strip.
	short := hostileReport()
	tl = byID(render(t, short).root, "chart-timeline")
	if strings.Contains(text(tl), "One row per year") {
		t.Errorf("a short period is drawn by year: %q", text(tl))
	}
}

// TestProtectiveFinding: a suspect that went with less pain beyond chance
// is styled and worded as protective, not as a risk: its row, its badge and
// its forest-plot line, and its verdict line ("No sign, less pain with
// it", in the protective colour).
func TestProtectiveFinding(t *testing.T) {
	r := hostileReport() // Hilly & steep: direction lowers
	p := render(t, r)
	var rows []*html.Node
	for _, n := range all(byID(p.root, "suspects"), tag("tr")) {
		if strings.Contains(attr(n, "class"), "holds") {
			rows = append(rows, n)
		}
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows marked, want 2 (the likely one and the protective one)", len(rows))
	}
	if got := attr(rows[1], "class"); got != "holds protective" {
		t.Errorf("the protective row's class is %q, want %q", got, "holds protective")
	}
	if got := attr(rows[0], "class"); got != "holds" {
		t.Errorf("the risk row's class is %q, want %q", got, "holds")
	}
	if !strings.Contains(text(rows[1]), "less pain") {
		t.Errorf("the protective row says %q", text(rows[1]))
	}
	found := false
	for _, li := range all(byID(p.root, "verdicts"), tag("li")) {
		if !strings.Contains(text(li), "Hilly") {
			continue
		}
		found = true
		if attr(li, "class") != "verdict nosign lowers" || !strings.HasPrefix(text(li), "No sign, less pain with it") {
			t.Errorf("the protective suspect's verdict line is %q (class %q)", text(li), attr(li, "class"))
		}
	}
	if !found {
		t.Errorf("the verdicts have no line for the protective suspect")
	}
	forest := byID(p.root, "chart-forest")
	raw := p.raw[strings.Index(p.raw, `id="chart-forest"`):]
	raw = raw[:strings.Index(raw, "</figure>")]
	if !strings.Contains(raw, "#009E73") {
		t.Errorf("the forest plot draws no line in the protective colour")
	}
	if !strings.Contains(text(forest), "less pain beyond chance") {
		t.Errorf("the forest plot's key lacks the protective colour: %q", text(forest))
	}
}

// TestHTMLDiary: the diary lists every pain event with its note and what
// it was matched to, in a group per year when it spans several.
func TestHTMLDiary(t *testing.T) {
	in := htmlAthlete(5, 2*52)
	for i := range in.Pain {
		in.Pain[i].Note = fmt.Sprintf("note %d %s", i, hostile)
	}
	r := htmlReport(t, in)
	p := render(t, r)
	rows := tableRows(byID(p.root, "diary"))
	var years []string
	entries := 0
	for _, row := range rows {
		if len(row) == 1 {
			years = append(years, row[0])
			continue
		}
		entries++
		if len(row) != 5 || !strings.HasPrefix(row[4], "note ") || !strings.HasSuffix(row[4], hostile) {
			t.Errorf("diary row %q", row)
		}
	}
	if entries != len(in.Pain) {
		t.Errorf("%d diary rows, want %d", entries, len(in.Pain))
	}
	if !slices.Equal(years, []string{"2024", "2025"}) {
		t.Errorf("year groups %q, want 2024 and 2025", years)
	}
	if strings.Contains(p.raw, hostile) {
		t.Errorf("a note's markup is in the page unescaped")
	}
}
