package report

import "testing"

// TestLayoutTextSize: at the narrowest width each layout is shown at, its
// smallest text is 11 CSS px or more (a layout's user units scale by the
// shown width over its Width).
func TestLayoutTextSize(t *testing.T) {
	for _, c := range []struct {
		l     layout
		minPx float64
	}{{wideLayout, wideMinPx}, {narrowLayout, narrowMinPx}} {
		if px := c.l.Tick * c.minPx / c.l.Width; px < 11 {
			t.Errorf("%s layout: its smallest text is %.1f px at %.0f px wide, want 11 or more", c.l.Class, px, c.minPx)
		}
		if c.l.Label < c.l.Tick {
			t.Errorf("%s layout: labels (%v) smaller than ticks (%v)", c.l.Class, c.l.Label, c.l.Tick)
		}
	}
}
