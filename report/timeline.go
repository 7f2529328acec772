package report

import (
	"fmt"
	"html/template"
	"math"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/plural"
)

// The timeline's colours (the charts' Okabe–Ito palette as CSS colours).
const (
	cssBlue      = "#0072b2"
	cssVermilion = "#d55e00"
	cssOrange    = "#e69f00"
	cssGrey      = "#888"
	cssGrid      = "#e4e4e4"
	cssAxis      = "#9aa3ab"
	cssInk       = "#333"
	cssMuted     = "#56616b"
	// cssPeriod shades the analysed period.
	cssPeriod = "#fdf1c7"
)

// yearsFrom is the span from which the timeline is drawn as one row per
// calendar year (small multiples) instead of one strip: over more than
// about a year, one strip crams each week into a few pixels.
const yearsFrom = 400 * 24 * time.Hour

// maxYearRows bounds the rows of the yearly timeline; data spread over
// more years (a clock gone wrong) is drawn as one strip.
const maxYearRows = 60

// timeline is what the timeline chart draws, gathered once for both
// renderings.
type timeline struct {
	ch analysis.Charts
	// lo and hi bound the instants drawn (Unix seconds).
	lo, hi float64
	// maxKm is the longest run's distance (at least 1).
	maxKm float64
	// noDistance counts the runs without a distance (not drawn).
	noDistance int
	// from and to are the analysed period's instants (Unix seconds; the
	// end exclusive), ok false when it is unknown; shade whether to draw it.
	from, to  float64
	ok, shade bool
	// runOut, liftOut and painOut mark the points outside the period,
	// drawn faded; outRuns, outLifts and outPain count them.
	runOut, liftOut, painOut   []bool
	outRuns, outLifts, outPain int
	// years is true for one row per calendar year; first and last are
	// the first and last years.
	years       bool
	first, last int
}

// newTimeline gathers the timeline's range, scale and period.
func newTimeline(ch analysis.Charts) *timeline {
	t := &timeline{ch: ch, lo: math.Inf(1), hi: math.Inf(-1), maxKm: 1}
	widen := func(at time.Time) {
		u := float64(at.Unix())
		t.lo, t.hi = math.Min(t.lo, u), math.Max(t.hi, u)
	}
	for _, x := range ch.Runs {
		widen(x.Start)
		if km, ok := runKm(x); ok {
			t.maxKm = math.Max(t.maxKm, km)
		} else {
			t.noDistance++
		}
	}
	for _, x := range ch.Strength {
		widen(x.Start)
	}
	for _, x := range ch.Pain {
		widen(x.At)
	}
	from, err1 := time.Parse(time.DateOnly, ch.PeriodFrom)
	to, err2 := time.Parse(time.DateOnly, ch.PeriodTo)
	if err1 == nil && err2 == nil && !to.Before(from) {
		t.from, t.to, t.ok = float64(from.Unix()), float64(to.AddDate(0, 0, 1).Unix()), true
	}
	first, last := time.Unix(int64(t.lo), 0).UTC().Year(), time.Unix(int64(t.hi), 0).UTC().Year()
	t.years = t.hi-t.lo > yearsFrom.Seconds() && last-first < maxYearRows
	t.first, t.last = first, last
	// A point is outside the period when it is context (the last of each
	// list) or its instant is (the period's dates are local, the instants
	// UTC: allow for the zone). The period is worth marking only when
	// something drawn lies outside it.
	slack := 14 * 3600.0
	outside := func(i, n, context int, at time.Time) bool {
		u := float64(at.Unix())
		return i >= n-context || (t.ok && (u < t.from-slack || u >= t.to+slack))
	}
	t.runOut = make([]bool, len(ch.Runs))
	for i, x := range ch.Runs {
		t.runOut[i] = outside(i, len(ch.Runs), ch.ContextRuns, x.Start)
		if t.runOut[i] {
			t.outRuns++
		}
	}
	t.liftOut = make([]bool, len(ch.Strength))
	for i, x := range ch.Strength {
		t.liftOut[i] = outside(i, len(ch.Strength), ch.ContextStrength, x.Start)
		if t.liftOut[i] {
			t.outLifts++
		}
	}
	t.painOut = make([]bool, len(ch.Pain))
	for i, x := range ch.Pain {
		t.painOut[i] = outside(i, len(ch.Pain), ch.ContextPain, x.At)
		if t.painOut[i] {
			t.outPain++
		}
	}
	t.shade = t.ok && t.outRuns+t.outLifts+t.outPain > 0
	if !t.years {
		pad := math.Max((t.hi-t.lo)*0.02, 86400)
		t.lo, t.hi = t.lo-pad, t.hi+pad
	}
	return t
}

// runKm is a run's distance in km; ok is false when it has none (or a
// negative or infinite one): such a run is counted in noDistance and not
// drawn.
func runKm(x analysis.ChartRun) (km float64, ok bool) {
	km = x.DistanceM / 1000
	return km, km >= 0 && !math.IsInf(km, 0)
}

// timelineChart draws the runs, the strength sessions and the pain events
// over the report's period: one strip over a year or less, one row per
// calendar year over longer periods, with the analysed period shaded.
func timelineChart(r *analysis.Report) chart {
	c := chart{ID: "chart-timeline", Title: "Runs, strength sessions and pain over time"}
	ch := r.Charts
	if len(ch.Runs) == 0 && len(ch.Strength) == 0 && len(ch.Pain) == 0 {
		c.Empty = "There are no runs, strength sessions or pain events in this period to draw."
		return c
	}
	t := newTimeline(ch)
	counts := func(runs, lifts, pain int) string {
		return plural.Of(runs, "run", "runs") + ", " + plural.Of(lifts, "strength session", "strength sessions") + ", " + plural.Of(pain, "pain event", "pain events")
	}
	in := counts(len(ch.Runs)-t.outRuns, len(ch.Strength)-t.outLifts, len(ch.Pain)-t.outPain)
	if t.years {
		c.Caption = fmt.Sprintf("One row per year, January to December. In each row a run is a mark whose height is its distance (the top of a row is %s km); strength sessions are ticks below it and pain events dots at the bottom, larger when worse.",
			analysis.FormatSetting(math.Ceil(t.maxKm)))
	} else {
		c.Caption = "Each run is a mark at its distance; strength sessions are ticks; pain events sit at their severity."
	}
	if t.shade {
		c.Caption += fmt.Sprintf(" The shaded span, %s to %s, is the period the analysis counts: %s. Outside it, faded and not counted: %s.",
			ch.PeriodFrom, ch.PeriodTo, in, counts(t.outRuns, t.outLifts, t.outPain))
	} else {
		c.Caption += " " + upperFirst(in) + "."
	}
	if t.noDistance > 0 {
		c.Caption += fmt.Sprintf(" %s without a distance %s not shown.", plural.Of(t.noDistance, "run", "runs"), pick(t.noDistance, "is", "are"))
	}
	if missing := r.Data.PainEvents - (len(ch.Pain) - ch.ContextPain); missing > 0 {
		c.Caption += fmt.Sprintf(" %s without a usable date %s not shown.", plural.Of(missing, "pain event", "pain events"), pick(missing, "is", "are"))
	}
	c.Keys = []chartKey{
		{"sw-run", "run"}, {"sw-hilly", "hilly run"}, {"sw-run-pain", "run followed by pain"},
		{"sw-lift", "strength session"}, {"sw-deadlift", "deadlift session"}, {"sw-pain", "pain event (larger = worse)"},
	}
	if t.shade {
		c.Keys = append(c.Keys, chartKey{"sw-period", "analysed period"})
	}
	c.SVG = t.draw(wideLayout, c.Title)
	c.SVGNarrow = t.draw(narrowLayout, c.Title)
	return c
}

// draw renders the timeline in layout l.
func (t *timeline) draw(l layout, title string) template.HTML {
	if t.years {
		return t.drawYears(l, title)
	}
	return t.drawStrip(l, title)
}

// marks sizes for a layout.
func markSizes(l layout) (run, tri float64) {
	if l.Class == "narrow" {
		return 2.1, 3.0
	}
	return 2.6, 3.6
}

// runMarks draws the runs with x and y placing each, in four groups:
// plain, hilly (triangles), and each of those followed by pain (vermilion,
// larger, drawn last so that they stay on top); each group faded for the
// runs outside the period.
func (t *timeline) runMarks(d *svgDoc, l layout, place func(x analysis.ChartRun) (float64, float64, bool)) {
	var groups [8]path
	r, tri := markSizes(l)
	for i, x := range t.ch.Runs {
		px, py, ok := place(x)
		if !ok {
			continue
		}
		k := 0
		if x.Hilly {
			k |= 1
		}
		if x.Pain {
			k |= 2
		}
		if !t.runOut[i] {
			k |= 4
		}
		switch k & 3 {
		case 0, 2:
			groups[k].dot(px, py)
		case 1:
			groups[k].triangle(px, py, tri)
		case 3:
			groups[k].triangle(px, py, tri+1)
		}
	}
	for _, in := range []int{0, 4} {
		blue, red := `stroke-opacity=".6"`, ""
		blueFill, redFill := `fill-opacity=".6"`, ""
		if in == 0 { // outside the period: faded
			blue, red = `stroke-opacity=".22"`, `stroke-opacity=".35"`
			blueFill, redFill = `fill-opacity=".22"`, `fill-opacity=".35"`
		}
		d.dots(&groups[in], r, cssBlue, blue)
		d.fills(&groups[in|1], cssBlue, blueFill)
		d.dots(&groups[in|2], r+1, cssVermilion, red)
		d.fills(&groups[in|3], cssVermilion, redFill)
	}
}

// liftMarks draws the strength sessions as ticks, other sessions in grey
// and deadlift sessions in orange (faded outside the period), each at x
// from top down h (top+dy for the other sessions).
func (t *timeline) liftMarks(d *svgDoc, x func(at time.Time) (float64, bool), top, h, dy, width float64) {
	var groups [4]path
	for i, s := range t.ch.Strength {
		px, ok := x(s.Start)
		if !ok {
			continue
		}
		k := 0
		if s.Deadlift {
			k = 1
		}
		if !t.liftOut[i] {
			k |= 2
		}
		if s.Deadlift {
			groups[k].vbar(px, top, h)
		} else {
			groups[k].vbar(px, top+dy, h)
		}
	}
	d.strokes(&groups[0], width, cssGrey, `stroke-opacity=".35"`)
	d.strokes(&groups[1], width+0.3, cssOrange, `stroke-opacity=".35"`)
	d.strokes(&groups[2], width, cssGrey, "")
	d.strokes(&groups[3], width+0.3, cssOrange, "")
}

// painRadius is the radius of a pain event's dot.
func painRadius(l layout, sev int) float64 {
	s := math.Max(0, math.Min(10, float64(sev)))
	if l.Class == "narrow" {
		return 1.3 + 0.3*s
	}
	return 1.5 + 0.33*s
}

// painMarks draws the pain events, grouped by severity, placed by place.
func (t *timeline) painMarks(d *svgDoc, l layout, place func(x analysis.ChartPain) (float64, float64, bool)) {
	var groups [2][11]path
	for i, x := range t.ch.Pain {
		px, py, ok := place(x)
		if !ok {
			continue
		}
		in := 0
		if !t.painOut[i] {
			in = 1
		}
		groups[in][max(0, min(10, x.Severity))].dot(px, py)
	}
	for sev := range 11 {
		d.dots(&groups[0][sev], painRadius(l, sev), cssVermilion, `stroke-opacity=".3"`)
		d.dots(&groups[1][sev], painRadius(l, sev), cssVermilion, `stroke-opacity=".8"`)
	}
}

// drawStrip draws the timeline as one strip: runs by distance, strength
// sessions on two rows (deadlift above), pain by severity, over one time
// axis.
func (t *timeline) drawStrip(l layout, title string) template.HTML {
	var d svgDoc
	ml, mr := 38.0, 14.0
	runsH, liftH, painH := 150.0, 28.0, 56.0
	if l.Class == "narrow" {
		ml, mr = 30, 10
		runsH, liftH, painH = 118, 26, 46
	}
	x0, x1 := ml, l.Width-mr
	x := func(u float64) float64 { return x0 + (u-t.lo)/(t.hi-t.lo)*(x1-x0) }
	unix := func(at time.Time) float64 { return float64(at.Unix()) }
	ticks := timeTicksN(t.lo, t.hi, l.MaxTicks)

	y := 0.0
	bandTitle := func(s string) {
		d.text(0, y+l.Label, "start", l.Label, `font-weight="bold" fill="`+cssInk+`"`, s)
		y += l.Label + 6
	}
	// band draws a band's shading and vertical grid from top to bottom.
	band := func(top, bottom float64) {
		if t.shade {
			a, b := math.Max(x(t.from), x0), math.Min(x(t.to), x1)
			if b > a {
				d.rect(a, top, b-a, bottom-top, cssPeriod)
			}
		}
		var g path
		for _, tk := range ticks {
			g.vbar(x(tk.Value), top, bottom-top)
		}
		d.strokes(&g, 1, cssGrid, "")
	}

	// Runs: distance in km from 0.
	bandTitle("Runs: distance (km)")
	top, bottom := y, y+runsH
	band(top, bottom)
	kmTop := t.maxKm * 1.08
	ky := func(km float64) float64 { return bottom - km/kmTop*runsH }
	var g path
	for _, tk := range (kmTicks{}).Ticks(0, kmTop) {
		if tk.Value > 0 {
			g.b.WriteString("M" + num(x0) + " " + num(ky(tk.Value)) + "H" + num(x1))
		}
		d.text(x0-5, ky(tk.Value)+l.Tick*0.35, "end", l.Tick, `fill="`+cssMuted+`"`, tk.Label)
	}
	d.strokes(&g, 1, cssGrid, "")
	d.line(x0, bottom, x1, bottom, cssAxis, 1, "")
	t.runMarks(&d, l, func(r analysis.ChartRun) (float64, float64, bool) {
		km, ok := runKm(r)
		if !ok {
			return 0, 0, false
		}
		return x(unix(r.Start)), ky(km), true
	})
	y = bottom + 12

	// Strength sessions: deadlift sessions on the upper row.
	bandTitle("Strength sessions")
	top, bottom = y, y+liftH
	band(top, bottom)
	row := (liftH - 4) / 2
	t.liftMarks(&d, func(at time.Time) (float64, bool) { return x(unix(at)), true }, top+1, row, 2+row, 1.3)
	y = bottom + 12

	// Pain: severity 0–10 from 0.
	bandTitle("Pain (0–10)")
	top, bottom = y, y+painH
	band(top, bottom)
	py := func(sev float64) float64 { return bottom - sev/10.8*painH }
	g = path{}
	for _, v := range []float64{0, 5, 10} {
		if v > 0 {
			g.b.WriteString("M" + num(x0) + " " + num(py(v)) + "H" + num(x1))
		}
		d.text(x0-5, py(v)+l.Tick*0.35, "end", l.Tick, `fill="`+cssMuted+`"`, analysis.FormatSetting(v))
	}
	d.strokes(&g, 1, cssGrid, "")
	d.line(x0, bottom, x1, bottom, cssAxis, 1, "")
	t.painMarks(&d, l, func(p analysis.ChartPain) (float64, float64, bool) {
		return x(unix(p.At)), py(math.Max(0, math.Min(10, float64(p.Severity)))), true
	})

	// The time axis.
	var tm path
	for _, tk := range ticks {
		tx := x(tk.Value)
		tm.vbar(tx, bottom, 4)
		anchor := "middle"
		half := 0.3 * l.Tick * float64(len([]rune(tk.Label)))
		switch {
		case tx+half > l.Width:
			anchor = "end"
			tx = l.Width
		case tx-half < 0:
			anchor = "start"
			tx = 0
		}
		d.text(tx, bottom+6+l.Tick, anchor, l.Tick, `fill="`+cssMuted+`"`, tk.Label)
	}
	d.strokes(&tm, 1, cssAxis, "")
	return d.svg(l, bottom+l.Tick+10, title)
}

// monthLetters and monthNames label the yearly timeline's months.
var (
	monthLetters = []string{"J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"}
	monthNames   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// drawYears draws the timeline as one row per calendar year, January at
// the left: runs by distance (one scale for every row), strength sessions
// as ticks below them, pain events as dots at the bottom, sized by
// severity. The analysed period is shaded in each row it touches.
func (t *timeline) drawYears(l layout, title string) template.HTML {
	var d svgDoc
	ml, mr := 48.0, 8.0
	runsH, liftH, painH, gap := 40.0, 8.0, 14.0, 12.0
	names := monthNames
	if l.Class == "narrow" {
		ml, mr = 38, 6
		runsH, liftH, painH, gap = 32, 8, 12, 10
		names = monthLetters
	}
	x0, x1 := ml, l.Width-mr
	rowH := runsH + 3 + liftH + 3 + painH
	// months labels the months above (or below) the rows at baseline y.
	months := func(y float64) {
		for m := range 12 {
			d.text(x0+(float64(m)+0.5)/12*(x1-x0), y, "middle", l.Tick, `fill="`+cssMuted+`"`, names[m])
		}
	}
	y := l.Tick + 4
	months(y - 2)
	y += 6
	kmTop := t.maxKm * 1.05
	for year := t.first; year <= t.last; year++ {
		start := float64(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
		end := float64(time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
		x := func(u float64) float64 { return x0 + (u-start)/(end-start)*(x1-x0) }
		in := func(at time.Time) (float64, bool) {
			u := float64(at.Unix())
			return x(u), u >= start && u < end
		}
		top := y
		if t.shade {
			a, b := math.Max(t.from, start), math.Min(t.to, end)
			if b > a {
				d.rect(x(a), top, x(b)-x(a), rowH, cssPeriod)
			}
		}
		var g path
		for m := 1; m < 12; m++ {
			g.vbar(x(float64(time.Date(year, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC).Unix())), top, rowH)
		}
		d.strokes(&g, 1, cssGrid, "")
		d.line(x0, top+runsH, x1, top+runsH, cssAxis, 1, "")
		d.text(0, top+runsH-2, "start", l.Label, `font-weight="bold" fill="`+cssInk+`"`, fmt.Sprint(year))

		t.runMarks(&d, l, func(r analysis.ChartRun) (float64, float64, bool) {
			km, hasKm := runKm(r)
			px, ok := in(r.Start)
			if !ok || !hasKm {
				return 0, 0, false
			}
			return px, top + runsH - km/kmTop*(runsH-2), true
		})
		lt := top + runsH + 3
		t.liftMarks(&d, in, lt, liftH, 0, 1.2)
		pc := lt + liftH + 3 + painH/2
		t.painMarks(&d, l, func(p analysis.ChartPain) (float64, float64, bool) {
			px, ok := in(p.At)
			return px, pc, ok
		})
		y = top + rowH + gap
	}
	if t.last-t.first >= 5 {
		months(y + l.Tick - 2)
		y += l.Tick + 4
	}
	return d.svg(l, y, title)
}
