package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/backtrack/backtrack/analysis"
)

// The charts' colours: the Okabe–Ito palette, which readers with colour
// blindness can tell apart, and two greys.
var (
	colBlue      = color.NRGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}
	colVermilion = color.NRGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}
	colOrange    = color.NRGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}
	colInk       = color.NRGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xFF}
	colGrey      = color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}
)

// chartFont is the charts' typeface: Liberation Sans, which has the metrics
// of Arial (the page's CSS falls back to Arial where it is not installed,
// so that the text keeps the width gonum/plot measured).
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// chart is one chart of the HTML report: either an inline <svg> element or,
// when there is nothing to draw, a sentence that says so.
type chart struct {
	// ID is the wrapper's id ("chart-timeline", …).
	ID string
	// Title heads the chart; Caption explains it.
	Title, Caption string
	// Keys explain the chart's marks (a swatch class and its words).
	Keys []chartKey
	// SVG is the chart, produced by gonum/plot from numbers; "" when Empty
	// is set.
	SVG template.HTML
	// Empty says why there is no chart.
	Empty string
}

// chartKey is one entry of a chart's key, shown in HTML under the chart.
type chartKey struct {
	// Swatch is the CSS class of the mark's swatch.
	Swatch string
	// Text says what the mark is.
	Text string
}

// newPlot returns a plot in the charts' typeface and sizes.
func newPlot() *plot.Plot {
	p := plot.New()
	for _, sty := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		size := sty.Size
		*sty = chartFont
		sty.Size = size
	}
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.TextStyle.Font.Size = vg.Points(10)
	p.X.Tick.Label.Font.Size = vg.Points(9)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.X.Tick.Length = vg.Points(4)
	p.Y.Tick.Length = vg.Points(4)
	return p
}

// renderSVG draws with fn on a w×h SVG canvas and returns the <svg> element
// without the XML prolog, ready to sit inline in HTML. A panic inside
// gonum/plot becomes an error.
func renderSVG(w, h vg.Length, fn func(dc draw.Canvas)) (svg template.HTML, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("draw chart: %v", p)
		}
	}()
	c := vgsvg.New(w, h)
	fn(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("write svg: %w", err)
	}
	s := buf.String()
	i := strings.Index(s, "<svg")
	if i < 0 {
		return "", fmt.Errorf("write svg: no <svg> element in gonum/plot's output")
	}
	// The SVG is made by gonum/plot from numbers and from labels that the
	// report builds (vgsvg escapes text with html.EscapeString); no user
	// string reaches it.
	return template.HTML(`<svg role="img" focusable="false"` + strings.TrimRight(s[i+len("<svg"):], "\n")), nil
}

// drawn returns c with svg, or with a sentence when drawing failed.
func drawn(c chart, w, h vg.Length, fn func(dc draw.Canvas)) chart {
	svg, err := renderSVG(w, h, fn)
	if err != nil {
		c.Empty = "This chart could not be drawn (" + err.Error() + ")."
		c.Keys = nil
		return c
	}
	c.SVG = svg
	return c
}

// reportCharts returns the report's charts: the timeline, the suspects'
// forest plot, the cadence curves and, when there is a table to draw, the
// deadlift volume and timing bars.
func reportCharts(r *analysis.Report) []chart {
	out := []chart{timelineChart(r), forestChart(r), cadenceChart(r)}
	if rows := doseRows(r); len(rows) > 0 {
		out = append(out, doseChart(rows))
	}
	return out
}

// marks draws a glyph at each point, without padding the plot for them
// (so that stacked panels keep the same data area).
type marks struct {
	xs, ys []float64
	// radii, if set, gives each point its own glyph radius.
	radii []vg.Length
	style draw.GlyphStyle
}

// Plot implements plot.Plotter.
func (m marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	sty := m.style
	for i := range m.xs {
		if m.radii != nil {
			sty.Radius = m.radii[i]
		}
		c.DrawGlyph(sty, vg.Point{X: trX(m.xs[i]), Y: trY(m.ys[i])})
	}
}

// tickGlyph is a vertical line, like a tick on a ruler.
type tickGlyph struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (tickGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.StrokeLine2(draw.LineStyle{Color: sty.Color, Width: vg.Points(1)}, pt.X, pt.Y-sty.Radius, pt.X, pt.Y+sty.Radius)
}

// timeTicks marks calendar days, months or years, whichever gives a
// handful of ticks over the range (Unix seconds).
type timeTicks struct{}

// timeStep is one candidate spacing of timeTicks.
type timeStep struct {
	days, months, years int
	format              string
}

var timeSteps = []timeStep{
	{days: 1, format: "2 Jan"}, {days: 2, format: "2 Jan"}, {days: 7, format: "2 Jan"}, {days: 14, format: "2 Jan"},
	{months: 1, format: "Jan 2006"}, {months: 2, format: "Jan 2006"}, {months: 3, format: "Jan 2006"}, {months: 6, format: "Jan 2006"},
	{years: 1, format: "2006"}, {years: 2, format: "2006"}, {years: 5, format: "2006"}, {years: 10, format: "2006"},
	{years: 20, format: "2006"}, {years: 50, format: "2006"}, {years: 100, format: "2006"},
}

// Ticks implements plot.Ticker.
func (timeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || hi-lo > 200*365.25*86400 {
		return nil
	}
	from, to := time.Unix(int64(math.Floor(lo)), 0).UTC(), time.Unix(int64(math.Ceil(hi)), 0).UTC()
	for _, st := range timeSteps {
		var t time.Time
		switch {
		case st.years > 0:
			y := from.Year() - from.Year()%st.years
			t = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		case st.months > 0:
			m := int(from.Month()) - 1
			m -= m % st.months
			t = time.Date(from.Year(), time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
		default:
			t = time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
		}
		var ticks []plot.Tick
		for ; !t.After(to) && len(ticks) <= 8; t = t.AddDate(st.years, st.months, st.days) {
			if !t.Before(from) {
				ticks = append(ticks, plot.Tick{Value: float64(t.Unix()), Label: t.Format(st.format)})
			}
		}
		if len(ticks) <= 8 {
			return ticks
		}
	}
	return nil
}

// kmTicks marks 1, 2 or 5 times a power of ten, at most five or so over
// the range.
type kmTicks struct{}

// Ticks implements plot.Ticker.
func (kmTicks) Ticks(lo, hi float64) []plot.Tick {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return nil
	}
	step := math.Pow(10, math.Floor(math.Log10(span)))
	for _, m := range []float64{0.1, 0.2, 0.5, 1, 2, 5, 10} {
		if span/(step*m) <= 5 {
			step *= m
			break
		}
	}
	var ticks []plot.Tick
	for k := math.Ceil(lo / step); k*step <= hi; k++ {
		v := roundSig(k*step, 6)
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// timeGrid draws light vertical lines at the time axis' ticks (plotter.Grid
// would skip the unlabelled ticks of the upper panels).
type timeGrid struct{}

// Plot implements plot.Plotter.
func (timeGrid) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	ls := draw.LineStyle{Color: color.Gray{Y: 0xE4}, Width: vg.Points(0.5)}
	for _, t := range (timeTicks{}).Ticks(p.X.Min, p.X.Max) {
		if t.Value >= p.X.Min && t.Value <= p.X.Max {
			x := trX(t.Value)
			c.StrokeLine2(ls, x, c.Min.Y, x, c.Max.Y)
		}
	}
}

// blankTicks are a ticker's marks without their labels (for the upper
// panels of a stack that shares the bottom panel's axis labels).
type blankTicks struct{ plot.Ticker }

// Ticks implements plot.Ticker.
func (b blankTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := b.Ticker.Ticks(lo, hi)
	for i := range ts {
		ts[i].Label = ""
	}
	return ts
}

// stack draws the plots one above the other, top first, with heights in
// the given shares of dc, lining up their data areas on the left.
func stack(dc draw.Canvas, plots []*plot.Plot, shares []float64) {
	h := dc.Max.Y - dc.Min.Y
	cs := make([]draw.Canvas, len(plots))
	top := dc.Max.Y
	left := vg.Length(0)
	for i, p := range plots {
		c := dc
		c.Max.Y = top
		c.Min.Y = top - vg.Length(shares[i])*h
		top = c.Min.Y
		cs[i] = c
		left = max(left, p.DataCanvas(c).Min.X-c.Min.X)
	}
	for i, p := range plots {
		off := left - (p.DataCanvas(cs[i]).Min.X - cs[i].Min.X)
		p.Draw(draw.Crop(cs[i], off, 0, 0, 0))
	}
}

// timelineChart draws the runs, the strength sessions and the pain events
// over the report's period, in three panels over one time axis.
func timelineChart(r *analysis.Report) chart {
	c := chart{ID: "chart-timeline", Title: "Runs, strength sessions and pain over time"}
	ch := r.Charts
	if len(ch.Runs) == 0 && len(ch.Strength) == 0 && len(ch.Pain) == 0 {
		c.Empty = "There are no runs, strength sessions or pain events in this period to draw."
		return c
	}
	unix := func(t time.Time) float64 { return float64(t.Unix()) }
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(t time.Time) {
		lo, hi = math.Min(lo, unix(t)), math.Max(hi, unix(t))
	}
	for _, x := range ch.Runs {
		widen(x.Start)
	}
	for _, x := range ch.Strength {
		widen(x.Start)
	}
	for _, x := range ch.Pain {
		widen(x.At)
	}
	pad := math.Max((hi-lo)*0.02, 86400)
	lo, hi = lo-pad, hi+pad

	// Runs: distance in km; circle or triangle (hilly), blue or vermilion
	// (followed by pain).
	runs := newPlot()
	runs.Y.Label.Text = "run (km)"
	runs.Y.Min = 0
	runs.Add(timeGrid{})
	var groups [4]marks
	for i := range groups {
		g := &groups[i]
		g.style = draw.GlyphStyle{Color: withAlpha(colBlue, 0xB0), Radius: vg.Points(2), Shape: draw.CircleGlyph{}}
		if i&1 != 0 {
			g.style.Shape = draw.TriangleGlyph{}
			g.style.Radius = vg.Points(2.4)
		}
		if i&2 != 0 {
			g.style.Color = colVermilion
			g.style.Radius += vg.Points(1)
		}
	}
	maxKm, noDistance := 0.0, 0
	for _, x := range ch.Runs {
		km := x.DistanceM / 1000
		if math.IsNaN(km) || math.IsInf(km, 0) || km < 0 {
			noDistance++
			continue
		}
		k := 0
		if x.Hilly {
			k |= 1
		}
		if x.Pain {
			k |= 2
		}
		groups[k].xs = append(groups[k].xs, unix(x.Start))
		groups[k].ys = append(groups[k].ys, km)
		maxKm = math.Max(maxKm, km)
	}
	runs.Y.Max = math.Max(1, maxKm*1.08)
	runs.Y.Tick.Marker = kmTicks{}
	for _, g := range groups { // pain last, so it is drawn on top
		runs.Add(g)
	}

	// Strength sessions: ticks on two rows.
	lifts := newPlot()
	lifts.NominalY("other", "deadlift")
	lifts.Y.Min, lifts.Y.Max = -0.6, 1.6
	lifts.Y.Label.Text = "strength"
	lifts.Add(timeGrid{})
	other := marks{style: draw.GlyphStyle{Color: colGrey, Radius: vg.Points(4), Shape: tickGlyph{}}}
	dead := marks{style: draw.GlyphStyle{Color: colOrange, Radius: vg.Points(4), Shape: tickGlyph{}}}
	for _, s := range ch.Strength {
		if s.Deadlift {
			dead.xs, dead.ys = append(dead.xs, unix(s.Start)), append(dead.ys, 1)
		} else {
			other.xs, other.ys = append(other.xs, unix(s.Start)), append(other.ys, 0)
		}
	}
	lifts.Add(other, dead)

	// Pain: severity 0–10, the marker growing with it.
	pain := newPlot()
	pain.Y.Label.Text = "pain (0–10)"
	pain.Y.Min, pain.Y.Max = 0, 10.8
	pain.Add(timeGrid{})
	pain.Y.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0"}, {Value: 5, Label: "5"}, {Value: 10, Label: "10"}}
	pm := marks{style: draw.GlyphStyle{Color: withAlpha(colVermilion, 0xD0), Shape: draw.CircleGlyph{}}}
	for _, e := range ch.Pain {
		sev := math.Max(0, math.Min(10, float64(e.Severity)))
		pm.xs, pm.ys = append(pm.xs, unix(e.At)), append(pm.ys, sev)
		pm.radii = append(pm.radii, vg.Points(1.5+0.3*sev))
	}
	pain.Add(pm)

	for _, p := range []*plot.Plot{runs, lifts, pain} {
		p.X.Min, p.X.Max = lo, hi
		p.X.Tick.Marker = blankTicks{timeTicks{}}
		p.Y.Label.TextStyle.Font.Size = vg.Points(9)
	}
	pain.X.Tick.Marker = timeTicks{}

	c.Caption = fmt.Sprintf("Each run is a mark at its distance; strength sessions are ticks; pain events sit at their severity. %s, %s, %s.",
		plural(len(ch.Runs), "run", "runs"), plural(len(ch.Strength), "strength session", "strength sessions"), plural(len(ch.Pain), "pain event", "pain events"))
	if noDistance > 0 {
		c.Caption += fmt.Sprintf(" %s without a distance %s not shown.", plural(noDistance, "run", "runs"), map[bool]string{true: "is", false: "are"}[noDistance == 1])
	}
	if missing := r.Data.PainEvents - len(ch.Pain); missing > 0 {
		c.Caption += fmt.Sprintf(" %s without a usable date %s not shown.", plural(missing, "pain event", "pain events"), map[bool]string{true: "is", false: "are"}[missing == 1])
	}
	c.Keys = []chartKey{
		{"sw-run", "run"}, {"sw-hilly", "hilly run"}, {"sw-run-pain", "run followed by pain"},
		{"sw-lift", "strength session"}, {"sw-deadlift", "deadlift session"}, {"sw-pain", "pain event (larger = worse)"},
	}
	return drawn(c, 7*vg.Inch, 3.6*vg.Inch, func(dc draw.Canvas) {
		// Room on the right and at the top for the tick labels at the ends.
		dc = draw.Crop(dc, 0, -vg.Points(16), 0, -vg.Points(5))
		stack(dc, []*plot.Plot{runs, lifts, pain}, []float64{0.52, 0.18, 0.30})
	})
}

// withAlpha returns c with alpha a.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// The forest plot's axis is clipped to [forestMin, forestMax].
const (
	forestMin = 0.01
	forestMax = 100
)

// forestRow is one row of the forest plot: an exposure's heading, or one
// tested finding of it.
type forestRow struct {
	// heading, when set, makes the row the heading of the findings below.
	heading     string
	est, lo, hi float64
	holds       bool
}

// forestRows draws the forest plot's rows, the first at the top (at
// y = len−1−i), under a row that says which side means more pain. Interval
// ends beyond the axis become arrows.
type forestRows struct {
	rows []forestRow
	// headingX is how far left of the data area the headings start.
	headingX vg.Length
	heading  draw.TextStyle
	note     draw.TextStyle
}

// Plot implements plot.Plotter.
func (f forestRows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	xmin, xmax := p.X.Min, p.X.Max
	n := len(f.rows)
	row := vg.Length(0)
	if n > 0 {
		row = trY(1) - trY(0)
	}
	// The line at 1 (no difference), broken where a heading runs across.
	ref := draw.LineStyle{Color: colGrey, Width: vg.Points(0.75), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	x1 := trX(1)
	top := c.Max.Y
	for i, r := range f.rows {
		if r.heading == "" {
			continue
		}
		y := trY(float64(n - 1 - i))
		c.StrokeLine2(ref, x1, y+row/2, x1, top)
		top = y - row/2
	}
	c.StrokeLine2(ref, x1, c.Min.Y, x1, top)
	// Which side is which.
	yTop := trY(float64(n))
	left, right := f.note, f.note
	left.XAlign, right.XAlign = draw.XRight, draw.XLeft
	c.FillText(left, vg.Point{X: x1 - vg.Points(5), Y: yTop}, "← less pain")
	c.FillText(right, vg.Point{X: x1 + vg.Points(5), Y: yTop}, "more pain →")

	arrow := vg.Points(4)
	for i, r := range f.rows {
		y := trY(float64(n - 1 - i))
		if r.heading != "" {
			c.FillText(f.heading, vg.Point{X: c.Min.X - f.headingX, Y: y}, r.heading)
			continue
		}
		col, width := colInk, vg.Points(1.2)
		if r.holds {
			col, width = colVermilion, vg.Points(2.2)
		}
		ls := draw.LineStyle{Color: col, Width: width}
		// The interval, unless it is missing altogether.
		if !math.IsNaN(r.lo) || !math.IsNaN(r.hi) {
			lo, loClipped := clipLog(r.lo, xmin, xmax, xmin)
			hi, hiClipped := clipLog(r.hi, xmin, xmax, xmax)
			x0, x1 := trX(lo), trX(hi)
			c.StrokeLine2(ls, x0, y, x1, y)
			if loClipped {
				c.FillPolygon(col, []vg.Point{{X: x0 - arrow, Y: y}, {X: x0, Y: y + arrow*0.6}, {X: x0, Y: y - arrow*0.6}})
			} else {
				c.StrokeLine2(ls, x0, y-arrow*0.6, x0, y+arrow*0.6)
			}
			if hiClipped {
				c.FillPolygon(col, []vg.Point{{X: x1 + arrow, Y: y}, {X: x1, Y: y + arrow*0.6}, {X: x1, Y: y - arrow*0.6}})
			} else {
				c.StrokeLine2(ls, x1, y-arrow*0.6, x1, y+arrow*0.6)
			}
		}
		// The estimate: a square, or a triangle pointing off the chart when
		// it lies beyond the axis (an infinite or zero ratio).
		est, off := clipLog(r.est, xmin, xmax, math.NaN())
		switch {
		case math.IsNaN(est):
		case off:
			x, d := trX(est), arrow*1.6
			if est == xmin {
				d = -d
			}
			c.FillPolygon(col, []vg.Point{{X: x + d, Y: y}, {X: x, Y: y + arrow*1.1}, {X: x, Y: y - arrow*1.1}})
		default:
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: col, Radius: vg.Points(3.5), Shape: draw.BoxGlyph{}}, vg.Point{X: trX(est), Y: y})
		}
	}
}

// clipLog puts v within [lo, hi] for a log axis: a value outside, zero or
// infinite is clipped (clipped true); NaN becomes missing.
func clipLog(v, lo, hi, missing float64) (float64, bool) {
	switch {
	case math.IsNaN(v):
		return missing, true
	case v < lo:
		return lo, true
	case v > hi:
		return hi, true
	}
	return v, false
}

// ratioTicks returns the forest plot's ticks over [lo, hi]: 1, 2, 5 times
// the powers of ten, or the powers of ten alone over a wide range.
func ratioTicks(lo, hi float64) plot.ConstantTicks {
	steps := []float64{1, 2, 5}
	if hi/lo > 300 {
		steps = []float64{1}
	}
	var ticks plot.ConstantTicks
	for e := -2; e <= 2; e++ {
		for _, s := range steps {
			v := s * math.Pow(10, float64(e))
			if v >= lo*0.999 && v <= hi*1.001 {
				ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
			}
		}
	}
	return ticks
}

// forestChart draws, for each tested suspect, the risk ratio of a new
// pain episode after runs with it against other runs and its adjusted odds
// ratio, each with its 95% interval, on a log axis with a line at 1; the
// likely suspects' thicker.
func forestChart(r *analysis.Report) chart {
	c := chart{ID: "chart-forest", Title: "Each suspect: risk ratio and adjusted odds ratio with 95% intervals"}
	var rows []forestRow
	var names []string
	lo, hi := 0.5, 2.0
	widen := func(v float64) {
		if v > 0 && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	likely, tested := 0, 0
	add := func(name string, est, l, h analysis.Num, holds bool) {
		rows = append(rows, forestRow{est: float64(est), lo: float64(l), hi: float64(h), holds: holds})
		names = append(names, name)
		widen(float64(est))
		widen(float64(l))
		widen(float64(h))
	}
	for _, s := range r.Suspects {
		f := s.Findings
		if f.TimeTest == nil || f.Onsets == nil || s.Exposure == analysis.ExpDeadliftVolume {
			continue
		}
		holds := s.Verdict == analysis.VerdictLikely
		rows = append(rows, forestRow{heading: s.Label})
		names = append(names, "")
		add("new episodes", f.Onsets.RiskRatio, f.Onsets.CILow, f.Onsets.CIHigh, holds)
		if a := f.Adjusted; a != nil && a.OddsRatio.Known() {
			add("adjusted", a.OddsRatio, a.CILow, a.CIHigh, holds)
		}
		tested++
		if holds {
			likely++
		}
	}
	if tested == 0 {
		c.Empty = "No suspect could be tested yet, so there is nothing to plot."
		if !r.Tested() {
			c.Empty = fmt.Sprintf("No suspect could be tested yet (testing needs %d pain episodes begun in the diary), so there is nothing to plot.", analysis.MinOnsets)
		}
		return c
	}
	lo = math.Max(forestMin, lo/1.3)
	hi = math.Min(forestMax, hi*1.3)
	p := newPlot()
	// NominalY's names go from the bottom up; the top row is the note on
	// which side is which.
	rev := []string{""}
	for _, n := range names {
		rev = append([]string{n}, rev...)
	}
	p.NominalY(rev...)
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))+0.5
	p.X.Scale = plot.LogScale{}
	p.X.Min, p.X.Max = lo, hi
	p.X.Tick.Marker = ratioTicks(lo, hi)
	p.X.Label.Text = "ratio (log scale)"
	labelW := vg.Length(0)
	for _, n := range names {
		labelW = max(labelW, p.Y.Tick.Label.Width(n))
	}
	indent := vg.Points(12)
	fr := forestRows{rows: rows, headingX: labelW + p.Y.Padding + indent, heading: p.Y.Tick.Label, note: p.Y.Tick.Label}
	fr.heading.XAlign = draw.XLeft
	fr.heading.Font.Weight = xfont.WeightBold
	fr.note.Color = colGrey
	p.Add(fr)
	c.Caption = "Squares are the estimates and lines their 95% intervals; the dashed line at 1 is no difference. \"New episodes\" compares how often a pain episode began after runs with the suspect and after the others (the verdict rests on the time test, which compares like with like); \"adjusted\" takes the other suspects into account (its interval is computed for likely and possible suspects only). An arrow means the interval runs off the chart."
	if likely > 0 {
		c.Caption += " The likely suspects are drawn thicker, in orange-red."
	}
	c.Keys = []chartKey{{"sw-est", "estimate and interval"}}
	if likely > 0 {
		c.Keys = append(c.Keys, chartKey{"sw-est-holds", "a likely suspect"})
	}
	h := 0.7*vg.Inch + vg.Length(len(rows)+1)*0.2*vg.Inch
	return drawn(c, 7*vg.Inch, h, func(dc draw.Canvas) { p.Draw(draw.Crop(dc, indent, -vg.Points(8), 0, 0)) })
}

// wholeTicks marks a zero-based axis at whole numbers: five steps of 1, 2,
// 5 or 10 times a power of ten.
type wholeTicks struct{}

// Ticks implements plot.Ticker.
func (wholeTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for _, m := range []float64{1, 2, 5, 10, 20, 50, 100} {
		if step = m; (hi-lo)/m <= 5 {
			break
		}
	}
	var out []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		out = append(out, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return out
}

// doseChart draws how often a new pain episode began after runs, by the
// deadlift volume of the 72 h before and by the hours since the last
// deadlift session: two bar panels on a zero-based axis, each bar labelled
// with its counts.
func doseChart(rows []doseRow) chart {
	c := chart{ID: "chart-dose", Title: "New pain episodes by deadlift volume and by hours since deadlifts"}
	var groups [][]doseRow
	var titles []string
	top := 0.0
	for _, r := range rows {
		if r.Heading {
			groups = append(groups, nil)
			titles = append(titles, r.Label)
			continue
		}
		if len(groups) == 0 {
			continue
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], r)
		if r.N > 0 {
			top = math.Max(top, 100*float64(r.Events)/float64(r.N))
		}
	}
	top = math.Max(10, math.Ceil(top*1.25/10)*10)
	var plots []*plot.Plot
	for g, grp := range groups {
		p := newPlot()
		p.Title.Text = titles[g]
		p.Title.TextStyle.Font.Size = vg.Points(10)
		vals := make(plotter.Values, len(grp))
		var names []string
		var labels plotter.XYLabels
		for i, r := range grp {
			if r.N > 0 {
				vals[i] = 100 * float64(r.Events) / float64(r.N)
			}
			names = append(names, r.Label)
			labels.XYs = append(labels.XYs, plotter.XY{X: float64(i), Y: vals[i]})
			labels.Labels = append(labels.Labels, fmt.Sprintf("%d / %d", r.Events, r.N))
		}
		bars, err := plotter.NewBarChart(vals, vg.Points(22))
		if err != nil {
			c.Empty = "This chart could not be drawn (" + err.Error() + ")."
			return c
		}
		bars.Color = colVermilion
		bars.LineStyle.Width = 0
		p.Add(bars)
		if l, err := plotter.NewLabels(labels); err == nil {
			for i := range l.TextStyle {
				l.TextStyle[i].Font = chartFont
				l.TextStyle[i].Font.Size = vg.Points(8)
				l.TextStyle[i].XAlign = draw.XCenter
				l.TextStyle[i].YAlign = draw.YBottom
			}
			l.Offset = vg.Point{Y: vg.Points(2)}
			p.Add(l)
		}
		p.NominalX(names...)
		p.X.Tick.Label.Font.Size = vg.Points(8)
		p.Y.Min, p.Y.Max = 0, top
		p.Y.Tick.Marker = wholeTicks{}
		p.Y.Label.Text = "per 100 runs at risk"
		plots = append(plots, p)
	}
	c.Caption = "How many runs at risk (no pain episode under way) a new pain episode began with, per 100, with the counts over each bar. Descriptive: the volume trend is the one test of this family, in the table of suspects."
	return drawn(c, 7*vg.Inch, 2.6*vg.Inch, func(dc draw.Canvas) {
		w := (dc.Max.X - dc.Min.X) / vg.Length(len(plots))
		for i, p := range plots {
			cc := dc
			cc.Min.X = dc.Min.X + vg.Length(i)*w
			cc.Max.X = cc.Min.X + w
			p.Draw(draw.Crop(cc, vg.Points(4), -vg.Points(4), 0, 0))
		}
	})
}

// cadenceChart draws the median cadence over the course of the run, for
// the runs followed by pain and for the others.
func cadenceChart(r *analysis.Report) chart {
	c := chart{ID: "chart-cadence", Title: "Cadence over the course of a run"}
	ch := r.Charts
	type curve struct {
		ys    []float64
		runs  int
		label string
		col   color.NRGBA
		shape draw.GlyphDrawer
		dash  []vg.Length
	}
	curves := []curve{
		{ch.CadencePain, ch.CurveRunsPain, fmt.Sprintf("runs followed by pain (n=%d)", ch.CurveRunsPain), colVermilion, draw.CircleGlyph{}, nil},
		{ch.CadenceRest, ch.CurveRunsRest, fmt.Sprintf("other runs (n=%d)", ch.CurveRunsRest), colBlue, draw.BoxGlyph{}, []vg.Length{vg.Points(4), vg.Points(2)}},
	}
	p := newPlot()
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{Y: 0xE4}, color.Gray{Y: 0xE4}
	p.Add(grid)
	lo, hi := math.Inf(1), math.Inf(-1)
	drawnCurves := 0
	var missing []string
	for _, cv := range curves {
		var seg plotter.XYs
		var all plotter.XYs
		var segs []plotter.XYs
		for i, v := range cv.ys {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				if len(seg) > 0 {
					segs = append(segs, seg)
					seg = nil
				}
				continue
			}
			pt := plotter.XY{X: (float64(i) + 0.5) * 100 / float64(len(cv.ys)), Y: v}
			seg = append(seg, pt)
			all = append(all, pt)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if len(seg) > 0 {
			segs = append(segs, seg)
		}
		if len(all) == 0 || cv.runs == 0 {
			missing = append(missing, strings.TrimSuffix(cv.label, fmt.Sprintf(" (n=%d)", cv.runs)))
			continue
		}
		drawnCurves++
		ls := draw.LineStyle{Color: cv.col, Width: vg.Points(1.5), Dashes: cv.dash}
		var legendLine *plotter.Line
		for _, s := range segs {
			l, err := plotter.NewLine(s)
			if err != nil {
				continue
			}
			l.LineStyle = ls
			p.Add(l)
			legendLine = l
		}
		sc, err := plotter.NewScatter(all)
		if err != nil {
			continue
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: cv.col, Radius: vg.Points(2.2), Shape: cv.shape}
		p.Add(sc)
		if legendLine != nil {
			p.Legend.Add(cv.label, legendLine, sc)
		} else {
			p.Legend.Add(cv.label, sc)
		}
	}
	if drawnCurves == 0 {
		c.Empty = "No run in this period had the cadence data to draw this chart."
		return c
	}
	span := math.Max(hi-lo, 4)
	p.Y.Min, p.Y.Max = lo-0.15*span, hi+0.7*span
	p.X.Min, p.X.Max = 0, 100
	p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 25, Label: "25%"}, {Value: 50, Label: "50%"}, {Value: 75, Label: "75%"}, {Value: 100, Label: "100%"}}
	p.X.Label.Text = "share of the run's time"
	p.Y.Label.Text = "cadence (steps/min)"
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(6)
	p.Legend.YOffs = -vg.Points(6)
	p.Legend.Padding = vg.Points(3)
	c.Caption = fmt.Sprintf("The median cadence in each %d%% slice of a run's time, over the runs followed by pain and over the others. A curve that falls away late in the run is the cadence drift the report tests.", 100/analysis.CurvePoints)
	for _, m := range missing {
		c.Caption += " No " + strings.Replace(m, "runs", "run", 1) + " had cadence data."
	}
	return drawn(c, 7*vg.Inch, 3*vg.Inch, func(dc draw.Canvas) { p.Draw(draw.Crop(dc, 0, -vg.Points(14), 0, -vg.Points(5))) })
}
