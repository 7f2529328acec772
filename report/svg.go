package report

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// layout is one rendering of the charts: the wide one for screens wider
// than a phone and for print, the narrow one for phones. Sizes are in SVG
// user units, which the page scales to the width it has: Width is chosen
// so that at the narrowest width a layout is shown at (665 CSS px for the
// wide one, just over the phone breakpoint of 700 px; 364 px for the
// narrow one, a 390 px phone) its smallest text, Tick, is still 11 CSS px
// or more.
type layout struct {
	// Class is the <svg> element's class: "wide" or "narrow".
	Class string
	// Width is the chart's width.
	Width float64
	// Tick is the size of tick labels and small text, Label of axis
	// titles and row headings.
	Tick, Label float64
	// MaxTicks bounds the time axis' labelled ticks.
	MaxTicks int
}

// The narrowest widths, in CSS px, at which the page shows each layout:
// just over the phone breakpoint (43.75rem, 700 px) less the page's
// padding (1.1rem each side) for the wide one; a 390 px phone less its
// padding (0.8rem each side) for the narrow one. At print widths (A4 less
// margins, about 688 px) the wide layout is shown wider than at
// wideMinPx.
const (
	wideMinPx   = 700 - 2*1.1*16
	narrowMinPx = 390 - 2*0.8*16
)

// The two renderings.
var (
	wideLayout   = layout{Class: "wide", Width: 760, Tick: 13, Label: 13.5, MaxTicks: 8}
	narrowLayout = layout{Class: "narrow", Width: 340, Tick: 11.5, Label: 12, MaxTicks: 4}
)

// svgDoc writes an SVG element by hand: compact paths for many marks,
// text in the charts' typeface.
type svgDoc struct {
	b strings.Builder
}

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*10+sign(v)*0.5))/10, 'f', -1, 64)
}

// sign returns −1 for a negative v, else 1.
func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// text writes a text element at x, y (the baseline) with its anchor
// ("start", "middle", "end"), size and extra attributes; s is escaped.
func (d *svgDoc) text(x, y float64, anchor string, size float64, attrs, s string) {
	d.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `" font-size="` + num(size) + `"`)
	if anchor != "start" {
		d.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if attrs != "" {
		d.b.WriteString(" " + attrs)
	}
	d.b.WriteString(">" + html.EscapeString(s) + "</text>")
}

// rect writes a filled rectangle.
func (d *svgDoc) rect(x, y, w, h float64, fill string) {
	d.b.WriteString(`<rect x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) + `" fill="` + fill + `"/>`)
}

// line writes a straight line.
func (d *svgDoc) line(x1, y1, x2, y2 float64, stroke string, width float64, extra string) {
	d.b.WriteString(`<path d="M` + num(x1) + " " + num(y1) + "L" + num(x2) + " " + num(y2) + `" stroke="` + stroke +
		`" stroke-width="` + num(width) + `"`)
	if extra != "" {
		d.b.WriteString(" " + extra)
	}
	d.b.WriteString("/>")
}

// path collects the subpaths of many marks of one style, drawn as one
// <path> element.
type path struct {
	b strings.Builder
}

// dot adds a point: a zero-length line that the round line cap of the
// path's style makes a circle.
func (p *path) dot(x, y float64) {
	p.b.WriteString("M" + num(x) + " " + num(y) + "h0")
}

// vbar adds a vertical line from y down h.
func (p *path) vbar(x, y, h float64) {
	p.b.WriteString("M" + num(x) + " " + num(y) + "v" + num(h))
}

// triangle adds a triangle pointing up, centred on x, y, r from centre to
// corner.
func (p *path) triangle(x, y, r float64) {
	p.b.WriteString("M" + num(x) + " " + num(y-r) + "l" + num(r*0.87) + " " + num(r*1.5) + "h" + num(-r*1.74) + "z")
}

// empty reports whether nothing was added.
func (p *path) empty() bool { return p.b.Len() == 0 }

// dots writes p as circles of radius r.
func (d *svgDoc) dots(p *path, r float64, color, extra string) {
	if p.empty() {
		return
	}
	d.b.WriteString(`<path d="` + p.b.String() + `" stroke="` + color + `" stroke-width="` + num(2*r) + `" stroke-linecap="round"`)
	if extra != "" {
		d.b.WriteString(" " + extra)
	}
	d.b.WriteString("/>")
}

// strokes writes p as lines.
func (d *svgDoc) strokes(p *path, width float64, color, extra string) {
	if p.empty() {
		return
	}
	d.b.WriteString(`<path d="` + p.b.String() + `" stroke="` + color + `" stroke-width="` + num(width) + `" fill="none"`)
	if extra != "" {
		d.b.WriteString(" " + extra)
	}
	d.b.WriteString("/>")
}

// fills writes p's shapes filled.
func (d *svgDoc) fills(p *path, color, extra string) {
	if p.empty() {
		return
	}
	d.b.WriteString(`<path d="` + p.b.String() + `" fill="` + color + `"`)
	if extra != "" {
		d.b.WriteString(" " + extra)
	}
	d.b.WriteString("/>")
}

// svg returns the finished element, w × h user units, with the layout's
// class and the chart's title as its accessible name.
func (d *svgDoc) svg(l layout, h float64, title string) template.HTML {
	// The text is built from numbers and from labels the report makes
	// (html.EscapeString escapes them all); no user string reaches it.
	return template.HTML(`<svg class="` + l.Class + `" role="img" focusable="false" width="` + num(l.Width) + `" height="` + num(h) +
		`" viewBox="0 0 ` + num(l.Width) + " " + num(h) + `" aria-label="` + html.EscapeString(title) +
		`" font-family="Liberation Sans, Arial, Helvetica, sans-serif">` + d.b.String() + "</svg>")
}
