package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/backtrack/backtrack/analysis"
)

// The chart's drawing area in SVG units; the SVG stretches to the page's
// width, and its labels are HTML text beside it, so they stay readable.
const (
	chartW, chartH = 1000, 200
	chartBuckets   = 400
)

// chart is one series of a session over time: elevation, cadence or heart
// rate, with the pain moments marked.
type chart struct {
	Title, Unit string
	// Low and High label the vertical range; Span the time across.
	Low, High, Span string
	// Lines are polyline point lists, broken where the series has no
	// value (a step with samples but none with this value).
	Lines []string
	// Marks are the pain moments.
	Marks []chartMark
	// Label describes the chart for screen readers.
	Label string
}

// chartMark is a pain moment at X (SVG units).
type chartMark struct {
	X     float64
	Label string
}

// mark is a pain moment T seconds into the session.
type mark struct {
	T     float64
	Label string
}

// newChart draws ys against the times ts (seconds from the start),
// averaged into at most chartBuckets steps; ok is false when ys holds no
// value.
func newChart(title, unit string, ts, ys []float64, marks []mark) (chart, bool) {
	n := min(len(ts), len(ys))
	if n < 2 {
		return chart{}, false
	}
	t0, t1 := ts[0], ts[n-1]
	if !(t1 > t0) {
		return chart{}, false
	}
	sum := make([]float64, chartBuckets)
	cnt := make([]int, chartBuckets)
	gap := make([]bool, chartBuckets) // samples there, none with a value
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := 0; i < n; i++ {
		y := ys[i]
		if math.IsNaN(ts[i]) {
			continue
		}
		b := min(chartBuckets-1, int((ts[i]-t0)/(t1-t0)*chartBuckets))
		if math.IsNaN(y) {
			gap[b] = true
			continue
		}
		sum[b] += y
		cnt[b]++
		lo, hi = math.Min(lo, y), math.Max(hi, y)
	}
	if math.IsInf(lo, 1) {
		return chart{}, false
	}
	span := hi - lo
	if span < 1 {
		span = 1
		lo -= 0.5
	}
	c := chart{Title: title, Unit: unit, Low: fmt.Sprintf("%.0f %s", lo, unit), High: fmt.Sprintf("%.0f %s", lo+span, unit),
		Span: analysis.Span(time.Duration((t1 - t0) * float64(time.Second)))}
	var line strings.Builder
	flush := func() {
		if line.Len() > 0 {
			c.Lines = append(c.Lines, line.String())
			line.Reset()
		}
	}
	for b := range chartBuckets {
		if cnt[b] == 0 {
			if gap[b] {
				flush() // a gap in the recording breaks the line
			}
			continue
		}
		x := (float64(b) + 0.5) / chartBuckets * chartW
		y := chartH - 6 - (sum[b]/float64(cnt[b])-lo)/span*(chartH-12)
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(strconv.FormatFloat(x, 'f', 1, 64) + "," + strconv.FormatFloat(y, 'f', 1, 64))
	}
	flush()
	var at []string
	for _, m := range marks {
		if m.T < 0 || m.T > t1-t0 {
			continue
		}
		c.Marks = append(c.Marks, chartMark{X: m.T / (t1 - t0) * chartW, Label: m.Label + " at " + analysis.Span(time.Duration(m.T*float64(time.Second)))})
		at = append(at, c.Marks[len(c.Marks)-1].Label)
	}
	c.Label = fmt.Sprintf("%s from %s to %s over %s", title, c.Low, c.High, c.Span)
	if len(at) > 0 {
		c.Label += "; " + strings.Join(at, ", ")
	}
	return c, true
}
