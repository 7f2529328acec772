package web

import (
	"crypto/sha256"
	"encoding/base64"
	"math"
	"strings"
	"testing"
	"time"
)

func TestNewPeriod(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 30, 15, 0, 0, 0, london) // a Sunday; the clocks go forward at 01:00
	tests := []struct {
		zoom, heading, first, last, prev, next string
		rows                                   int
	}{
		{zoomWeek, "Week of Monday 24 March 2025", "2025-03-24", "2025-03-30", "2025-03-17", "2025-03-31", 7},
		{zoomMonth, "March 2025", "2025-03-01", "2025-03-31", "2025-02-01", "2025-04-01", 31},
		{zoomYear, "2025", "2025-01-01", "2025-12-01", "2024-01-01", "2026-01-01", 12},
	}
	for _, tt := range tests {
		t.Run(tt.zoom, func(t *testing.T) {
			p := newPeriod(tt.zoom, at, london)
			day := func(x time.Time) string { return x.Format(time.DateOnly) }
			if p.heading != tt.heading || len(p.rows) != tt.rows || day(p.rows[0]) != tt.first || day(p.rows[len(p.rows)-1]) != tt.last ||
				day(p.prev) != tt.prev || day(p.next) != tt.next {
				t.Errorf("%q, %d rows %s to %s, prev %s, next %s", p.heading, len(p.rows), day(p.rows[0]), day(p.rows[len(p.rows)-1]), day(p.prev), day(p.next))
			}
			for i := range p.rows {
				if h := p.rows[i].Hour(); h != 0 {
					t.Errorf("row %d starts at %02d:00 local", i, h)
				}
			}
		})
	}
	// The day the clocks go forward is 23 hours long, and its rows say so.
	p := newPeriod(zoomWeek, at, london)
	if got := p.rowEnd(6).Sub(p.rows[6]); got != 23*time.Hour {
		t.Errorf("30 March 2025 in London lasts %v", got)
	}
	if i := p.rowOf(time.Date(2025, 3, 30, 0, 30, 0, 0, time.UTC)); i != 6 {
		t.Errorf("00:30 UTC on the 30th falls in row %d", i)
	}
}

func TestNewChart(t *testing.T) {
	nan := math.NaN()
	ts := []float64{0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600}
	ys := []float64{100, 102, 104, nan, nan, nan, nan, 110, 108, 106, 104}
	c, ok := newChart("Elevation", "m", ts, ys, []mark{{T: 300, Label: "pain 6"}, {T: 900, Label: "after"}})
	if !ok {
		t.Fatal("no chart")
	}
	if c.Low != "100 m" || c.High != "110 m" || c.Span != "10 min" {
		t.Errorf("range %s–%s over %s", c.Low, c.High, c.Span)
	}
	if len(c.Lines) != 2 {
		t.Errorf("the gap should break the line in two: %d lines", len(c.Lines))
	}
	if len(c.Marks) != 1 || c.Marks[0].X != 500 || c.Marks[0].Label != "pain 6 at 5 min" {
		t.Errorf("marks %+v", c.Marks)
	}
	if !strings.Contains(c.Label, "pain 6 at 5 min") {
		t.Errorf("label %q", c.Label)
	}
	if _, ok := newChart("Cadence", "spm", ts, []float64{nan, nan}, nil); ok {
		t.Errorf("a chart of nothing")
	}
}

func TestReportCSP(t *testing.T) {
	page := []byte(`<!DOCTYPE html><html><head><style>body{color:red}</style></head><body class="x"><svg><path style="fill:#0072B2"/><path style="fill:#0072B2"/><path style="a&amp;b"/></svg></body></html>`)
	h := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	want := "default-src 'none'; script-src 'none'; style-src 'unsafe-hashes' " + h("body{color:red}") + " " + h("fill:#0072B2") + " " + h("a&b") +
		"; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
	if got := reportCSP(page); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	out := string(withBackLink(page))
	if !strings.Contains(out, `<body class="x">`+backLink+`<svg>`) {
		t.Errorf("back link not after <body>: %s", out)
	}
	if got := string(withBackLink([]byte("no body"))); got != "no body" {
		t.Errorf("a page without <body> changed: %q", got)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:0": true, "localhost:8080": true, "[::1]:80": true, "127.3.4.5:1": true,
		"0.0.0.0:0": false, ":8080": false, "192.168.1.5:80": false, "[::]:0": false, "example.com:80": false, "nonsense": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v", addr, got)
		}
	}
}
