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
	colInk       = color.NRGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xFF}
	colGrey      = color.NRGBA{R: 0x88, G: 0x88, B: 0x88, A: 0xFF}
	// colGreen (bluish green) marks a protective finding: less pain.
	colGreen = color.NRGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}
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
	// SVG is the chart for wide screens and print, SVGNarrow the same
	// chart for phones (class "narrow"; "" when the wide one serves both),
	// drawn from numbers and from labels the report builds; "" when Empty
	// is set.
	SVG, SVGNarrow template.HTML
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

// newPlot returns a plot in the charts' typeface, with layout l's sizes.
func newPlot(l layout) *plot.Plot {
	p := plot.New()
	for _, sty := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		*sty = chartFont
		sty.Size = vg.Length(l.Tick)
	}
	p.X.Label.TextStyle.Font.Size = vg.Length(l.Label)
	p.Y.Label.TextStyle.Font.Size = vg.Length(l.Label)
	p.X.Tick.Length = vg.Points(4)
	p.Y.Tick.Length = vg.Points(4)
	return p
}

// renderSVG draws with fn on an SVG canvas of layout l's width and height
// h and returns the <svg> element without the XML prolog, with l's class,
// ready to sit inline in HTML. A panic inside gonum/plot becomes an error.
func renderSVG(l layout, h vg.Length, fn func(dc draw.Canvas)) (svg template.HTML, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("draw chart: %v", p)
		}
	}()
	c := vgsvg.New(vg.Length(l.Width), h)
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
	return template.HTML(`<svg class="` + l.Class + `" role="img" focusable="false"` + strings.TrimRight(s[i+len("<svg"):], "\n")), nil
}

// drawn returns c with its wide and narrow SVG, drawn by draw for each
// layout, or with a sentence when drawing failed.
func drawn(c chart, render func(l layout) (template.HTML, error)) chart {
	wide, err := render(wideLayout)
	var narrow template.HTML
	if err == nil {
		narrow, err = render(narrowLayout)
	}
	if err != nil {
		c.Empty = "This chart could not be drawn (" + err.Error() + ")."
		c.Keys = nil
		return c
	}
	c.SVG, c.SVGNarrow = wide, narrow
	return c
}

// upperFirst capitalises s's first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// reportCharts returns the report's charts: the timeline, the suspects'
// forest plot, the cadence curves, the ground contact time curves when
// some run had running dynamics and, when there is a table to draw, the
// deadlift volume and timing bars.
func reportCharts(r *analysis.Report) []chart {
	out := []chart{timelineChart(r), forestChart(r), cadenceChart(r)}
	if ch := r.Charts; ch.ContactRunsPain+ch.ContactRunsRest > 0 {
		out = append(out, contactChart(r))
	}
	if rows := doseRows(r); len(rows) > 0 {
		out = append(out, doseChart(rows))
	}
	return out
}

// timeStep is one candidate spacing of the time axis' ticks.
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

// timeTicksN marks calendar days, months or years over [lo, hi] (Unix
// seconds), the finest spacing that gives at most n ticks.
func timeTicksN(lo, hi float64, n int) []plot.Tick {
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
		for ; !t.After(to) && len(ticks) <= n; t = t.AddDate(st.years, st.months, st.days) {
			if !t.Before(from) {
				ticks = append(ticks, plot.Tick{Value: float64(t.Unix()), Label: t.Format(st.format)})
			}
		}
		if len(ticks) <= n {
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
		v := analysis.RoundSig(k*step, 6)
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
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
	// holds marks a row drawn thicker: a likely suspect, or a protective
	// one (less pain beyond chance), drawn in the protective colour.
	holds, protective bool
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
		switch {
		case r.holds && r.protective:
			col, width = colGreen, vg.Points(2.2)
		case r.holds:
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
	likely, protective, tested := 0, 0, 0
	add := func(name string, est, l, h analysis.Num, holds, protective bool) {
		rows = append(rows, forestRow{est: float64(est), lo: float64(l), hi: float64(h), holds: holds || protective, protective: protective})
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
		prot := s.Direction == analysis.DirectionLowers
		rows = append(rows, forestRow{heading: s.Label})
		names = append(names, "")
		add("new episodes", f.Onsets.RiskRatio, f.Onsets.CILow, f.Onsets.CIHigh, holds, prot)
		if a := f.Adjusted; a != nil && a.OddsRatio.Known() {
			add("adjusted", a.OddsRatio, a.CILow, a.CIHigh, holds, prot)
		}
		tested++
		if holds {
			likely++
		}
		if prot {
			protective++
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
	c.Caption = "Squares are the estimates and lines their 95% intervals; the dashed line at 1 is no difference. \"New episodes\" compares how often a pain episode began after runs with the suspect and after the others (the verdict rests on the time test, which compares like with like); \"adjusted\" takes the other suspects into account (its interval is computed for likely and possible suspects only). An arrow means the interval runs off the chart."
	if likely > 0 {
		c.Caption += " The likely suspects are drawn thicker, in orange-red."
	}
	c.Keys = []chartKey{{"sw-est", "estimate and interval"}}
	if likely > 0 {
		c.Keys = append(c.Keys, chartKey{"sw-est-holds", "a likely suspect"})
	}
	if protective > 0 {
		c.Caption += " Suspects that went with less pain beyond chance are drawn thicker, in bluish green."
		c.Keys = append(c.Keys, chartKey{"sw-est-prot", "less pain beyond chance"})
	}
	return drawn(c, func(l layout) (template.HTML, error) {
		p := newPlot(l)
		// NominalY's names go from the bottom up; the top row is the note
		// on which side is which.
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
		indent := vg.Points(l.Tick)
		fr := forestRows{rows: rows, headingX: labelW + p.Y.Padding + indent, heading: p.Y.Tick.Label, note: p.Y.Tick.Label}
		fr.heading.XAlign = draw.XLeft
		fr.heading.Font.Weight = xfont.WeightBold
		fr.note.Color = colGrey
		p.Add(fr)
		rowH := vg.Length(l.Tick * 1.6)
		h := vg.Length(3*l.Tick+l.Label+24) + vg.Length(len(rows)+1)*rowH
		return renderSVG(l, h, func(dc draw.Canvas) { p.Draw(draw.Crop(dc, indent, -vg.Points(8), 0, 0)) })
	})
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
	c.Caption = "How many runs at risk (no pain episode under way) a new pain episode began with, per 100, with the counts over each bar. Descriptive: the volume trend is the one test of this family, in the table of suspects."
	return drawn(c, func(l layout) (template.HTML, error) {
		var plots []*plot.Plot
		for g, grp := range groups {
			p := newPlot(l)
			p.Title.Text = titles[g]
			p.Title.TextStyle.Font.Size = vg.Length(l.Label)
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
			bars, err := plotter.NewBarChart(vals, vg.Length(l.Width/float64(3*max(1, len(grp))*len(groups))))
			if err != nil {
				return "", err
			}
			bars.Color = colVermilion
			bars.LineStyle.Width = 0
			p.Add(bars)
			if lb, err := plotter.NewLabels(labels); err == nil {
				for i := range lb.TextStyle {
					lb.TextStyle[i].Font = chartFont
					lb.TextStyle[i].Font.Size = vg.Length(l.Tick)
					lb.TextStyle[i].XAlign = draw.XCenter
					lb.TextStyle[i].YAlign = draw.YBottom
				}
				lb.Offset = vg.Point{Y: vg.Points(2)}
				p.Add(lb)
			}
			p.NominalX(names...)
			p.Y.Min, p.Y.Max = 0, top
			p.Y.Tick.Marker = wholeTicks{}
			p.Y.Label.Text = "per 100 runs at risk"
			plots = append(plots, p)
		}
		// Side by side on a wide screen, one above the other on a phone.
		h := vg.Length(14*l.Tick + 40)
		if l.Class == narrowLayout.Class {
			h *= vg.Length(len(plots))
		}
		return renderSVG(l, h, func(dc draw.Canvas) {
			n := vg.Length(len(plots))
			for i, p := range plots {
				cc := dc
				if l.Class == narrowLayout.Class {
					hh := (dc.Max.Y - dc.Min.Y) / n
					cc.Max.Y = dc.Max.Y - vg.Length(i)*hh
					cc.Min.Y = cc.Max.Y - hh
				} else {
					w := (dc.Max.X - dc.Min.X) / n
					cc.Min.X = dc.Min.X + vg.Length(i)*w
					cc.Max.X = cc.Min.X + w
				}
				p.Draw(draw.Crop(cc, vg.Points(4), -vg.Points(4), 0, 0))
			}
		})
	})
}

// cadenceChart draws the median cadence over the course of the run, for
// the runs followed by pain and for the others. Its axis does not start at
// zero (a cadence of 0 would squash a drift of a few percent flat): the
// axis carries a break mark, the caption says where it starts and how far
// apart the gridlines are, and the axis spans at least a tenth of the
// cadence, so that a difference of 1% never fills the chart.
func cadenceChart(r *analysis.Report) chart {
	ch := r.Charts
	return curveChart(curveSpec{id: "chart-cadence", title: "Cadence over the course of a run", what: "cadence",
		pain: ch.CadencePain, rest: ch.CadenceRest, painRuns: ch.CurveRunsPain, restRuns: ch.CurveRunsRest,
		unit: "steps/min", axis: "cadence (steps/min)", step: 5, bigStep: 10, bigSpan: 40,
		caption: fmt.Sprintf("The median cadence in each %d%% slice of a run's time, over the runs followed by pain and over the others. A curve that falls away late in the run is the cadence drift the report tests.", 100/analysis.CurvePoints)})
}

// contactChart draws the median ground contact time over the course of
// the run, like cadenceChart, over the runs with running dynamics.
func contactChart(r *analysis.Report) chart {
	ch := r.Charts
	return curveChart(curveSpec{id: "chart-contact", title: "Ground contact time over the course of a run", what: "ground contact time",
		pain: ch.ContactPain, rest: ch.ContactRest, painRuns: ch.ContactRunsPain, restRuns: ch.ContactRunsRest,
		unit: "ms", axis: "ground contact time (ms)", step: 10, bigStep: 20, bigSpan: 80,
		caption: fmt.Sprintf("The median ground contact time in each %d%% slice of a run's time, over the runs with running dynamics followed by pain and over the others. Contact time lengthens when you slow down or climb, not only when your form tires: the form-drift test compares at equal speed and grade, this chart does not.", 100/analysis.CurvePoints)})
}

// curveSpec is one measure drawn over the course of a run.
type curveSpec struct {
	id, title, what     string
	pain, rest          []float64
	painRuns, restRuns  int
	unit, axis, caption string
	// step is the gridlines' spacing, bigStep theirs for a span over
	// bigSpan.
	step, bigStep, bigSpan float64
}

// curveChart draws a measure's median curves over the course of a run.
func curveChart(s curveSpec) chart {
	c := chart{ID: s.id, Title: s.title}
	type curve struct {
		segs  []plotter.XYs
		all   plotter.XYs
		label string
		col   color.NRGBA
		shape draw.GlyphDrawer
		dash  []vg.Length
	}
	var curves []curve
	lo, hi := math.Inf(1), math.Inf(-1)
	var missing []string
	for _, cv := range []struct {
		ys          []float64
		runs        int
		label, what string
		col         color.NRGBA
		shape       draw.GlyphDrawer
		dash        []vg.Length
	}{
		{s.pain, s.painRuns, fmt.Sprintf("runs followed by pain (n=%d)", s.painRuns), "run followed by pain", colVermilion, draw.CircleGlyph{}, nil},
		{s.rest, s.restRuns, fmt.Sprintf("other runs (n=%d)", s.restRuns), "other run", colBlue, draw.BoxGlyph{}, []vg.Length{vg.Points(4), vg.Points(2)}},
	} {
		cu := curve{label: cv.label, col: cv.col, shape: cv.shape, dash: cv.dash}
		var seg plotter.XYs
		for i, v := range cv.ys {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				if len(seg) > 0 {
					cu.segs = append(cu.segs, seg)
					seg = nil
				}
				continue
			}
			pt := plotter.XY{X: (float64(i) + 0.5) * 100 / float64(len(cv.ys)), Y: v}
			seg = append(seg, pt)
			cu.all = append(cu.all, pt)
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if len(seg) > 0 {
			cu.segs = append(cu.segs, seg)
		}
		if len(cu.all) == 0 || cv.runs == 0 {
			missing = append(missing, cv.what)
			continue
		}
		curves = append(curves, cu)
	}
	if len(curves) == 0 {
		c.Empty = "No run in this period had the " + s.what + " data to draw this chart."
		return c
	}
	// The axis: at least a tenth of the measure, in steps of step (or
	// bigStep), with room at the top for the legend.
	span := math.Max(hi-lo, 0.1*(hi+lo)/2)
	step := s.step
	if span > s.bigSpan {
		step = s.bigStep
	}
	mid := (hi + lo) / 2
	yMin := math.Floor((mid-0.6*span)/step) * step
	yMax := math.Ceil((mid+span)/step) * step
	yMin = math.Max(yMin, 0)
	var yTicks plot.ConstantTicks
	for v := yMin; v <= yMax+1e-9; v += step {
		yTicks = append(yTicks, plot.Tick{Value: v, Label: analysis.FormatSetting(v)})
	}
	c.Caption = s.caption
	if yMin > 0 {
		c.Caption += fmt.Sprintf(" The %s axis starts at %s %s, not at 0 (the break on the axis marks it), so that a change of a few percent shows: its gridlines are %s %s (about %.0f%%) apart.",
			s.what, analysis.FormatSetting(yMin), s.unit, analysis.FormatSetting(step), s.unit, 100*step/mid)
	}
	for _, m := range missing {
		c.Caption += " No " + m + " had " + s.what + " data."
	}
	return drawn(c, func(l layout) (template.HTML, error) {
		p := newPlot(l)
		grid := plotter.NewGrid()
		grid.Vertical.Color, grid.Horizontal.Color = color.Gray{Y: 0xE4}, color.Gray{Y: 0xE4}
		p.Add(grid)
		for _, cu := range curves {
			ls := draw.LineStyle{Color: cu.col, Width: vg.Points(1.5), Dashes: cu.dash}
			var legendLine *plotter.Line
			for _, s := range cu.segs {
				ln, err := plotter.NewLine(s)
				if err != nil {
					continue
				}
				ln.LineStyle = ls
				p.Add(ln)
				legendLine = ln
			}
			sc, err := plotter.NewScatter(cu.all)
			if err != nil {
				continue
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: cu.col, Radius: vg.Points(2.2), Shape: cu.shape}
			p.Add(sc)
			if legendLine != nil {
				p.Legend.Add(cu.label, legendLine, sc)
			} else {
				p.Legend.Add(cu.label, sc)
			}
		}
		if yMin > 0 {
			p.Add(axisBreak{})
		}
		p.Y.Min, p.Y.Max = yMin, yMax
		p.Y.Tick.Marker = yTicks
		p.X.Min, p.X.Max = 0, 100
		p.X.Tick.Marker = plot.ConstantTicks{{Value: 0, Label: "0%"}, {Value: 25, Label: "25%"}, {Value: 50, Label: "50%"}, {Value: 75, Label: "75%"}, {Value: 100, Label: "100%"}}
		p.X.Label.Text = "share of the run's time"
		p.Y.Label.Text = s.axis
		p.Legend.Top = true
		p.Legend.Left = true
		p.Legend.XOffs = vg.Points(6)
		p.Legend.YOffs = -vg.Points(6)
		p.Legend.Padding = vg.Points(3)
		h := vg.Length(l.Width * 0.42)
		if l.Class == "narrow" {
			h = vg.Length(l.Width * 0.72)
		}
		return renderSVG(l, h, func(dc draw.Canvas) {
			p.Draw(draw.Crop(dc, 0, -vg.Length(l.Tick+3), 0, -vg.Points(5)))
		})
	})
}

// axisBreak draws the mark of an axis that does not start at zero: two
// slanted strokes across the bottom of the y axis.
type axisBreak struct{}

// Plot implements plot.Plotter.
func (axisBreak) Plot(c draw.Canvas, p *plot.Plot) {
	x, y := c.Min.X, c.Min.Y+vg.Points(9)
	w, h := vg.Points(5), vg.Points(2.5)
	c.FillPolygon(color.White, []vg.Point{{X: x - w, Y: y - h}, {X: x + w, Y: y + h}, {X: x + w, Y: y + h + 3}, {X: x - w, Y: y - h + 3}})
	ls := draw.LineStyle{Color: colInk, Width: vg.Points(1)}
	c.StrokeLine2(ls, x-w, y-h, x+w, y+h)
	c.StrokeLine2(ls, x-w, y-h+3, x+w, y+h+3)
}
