package analysis

import (
	"math"
	"strings"
	"testing"
)

func TestHowSure(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name      string
		p, lo, hi float64
		want      string
	}{
		{"interval spans 1 even with small p", 0.001, 0.9, 5, "could easily be chance"},
		{"interval touches 1", 0.03, 1, 4, "could easily be chance"},
		{"large p, clear interval", 0.2, 1.1, 3, "could be chance"},
		{"p just at 0.05", 0.05, 1.01, 3, "could be chance"},
		{"suggestive", 0.03, 1.2, 8, "is suggestive, but could still be chance"},
		{"p at 0.01 is still suggestive", 0.01, 1.5, 8, "is suggestive, but could still be chance"},
		{"unlikely", 0.004, 1.5, 8, "is unlikely to be chance"},
		{"very unlikely, protective", 0.0002, 0.1, 0.5, "is very unlikely to be chance"},
		{"no interval: judge on p", 0.0455, nan, nan, "is suggestive, but could still be chance"},
		{"no p", nan, 2, 3, "cannot be judged yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HowSure(tt.p, tt.lo, tt.hi); got != tt.want {
				t.Errorf("HowSure(%v, %v, %v) = %q, want %q", tt.p, tt.lo, tt.hi, got, tt.want)
			}
		})
	}
}

func TestTimesWord(t *testing.T) {
	tests := []struct {
		ratio float64
		want  string
	}{
		{9.2, "about 9 times the risk"},
		{1.5, "about 1.5 times the risk"},
		{1.96, "about twice the risk"},
		{2.44, "about 2.4 times the risk"},
		{3.4, "about 3 times the risk"},
		{27.7, "about 28 times the risk"},
		{1.05, "about the same risk"},
		{0.92, "about the same risk"},
		{0.7, "about 30% less risk"},
		{0.62, "about 40% less risk"},
		{0.5, "about half the risk"},
		{0.33, "about a third of the risk"},
		{0.25, "about a quarter of the risk"},
		{0.1, "about a tenth of the risk"},
		{0.02, "under a tenth of the risk"},
		{0, "no pain with it at all"},
		{math.Inf(1), "pain only with it"},
		{math.NaN(), "no ratio to give"},
	}
	for _, tt := range tests {
		if got := TimesWord(tt.ratio); got != tt.want {
			t.Errorf("TimesWord(%v) = %q, want %q", tt.ratio, got, tt.want)
		}
	}
}

func TestEventsNeeded(t *testing.T) {
	tests := []struct {
		name   string
		events int
		min    int
		share  float64
		want   int
	}{
		// Share 0.2: π₀ = 0.2, π₁ = 0.4/1.2 = 1/3; by hand
		// [1.959964·0.4 + 0.841621·0.471405]² / (2/15)² = 1.394105/0.017778
		// = 78.42 → 79 events in total.
		{"share 0.2, none yet", 0, 5, 0.2, 79},
		{"share 0.2, 30 so far", 30, 5, 0.2, 49},
		{"share 0.2, already enough", 100, 5, 0.2, 0},
		// Share 0.5: π₁ = 2/3; [0.979982 + 0.841621·0.471405]² / (1/6)² =
		// 1.376725²/0.027778 = 68.23 → 69 in total.
		{"share 0.5", 10, 5, 0.5, 59},
		{"share unknown: the minimum only", 2, 5, math.NaN(), 3},
		{"share unknown, minimum met", 7, 5, math.NaN(), 0},
		{"exposure never happens", 3, 5, 0, -1},
		{"exposure always happens", 3, 5, 1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EventsNeeded(tt.events, tt.min, tt.share); got != tt.want {
				t.Errorf("EventsNeeded(%d, %d, %v) = %d, want %d", tt.events, tt.min, tt.share, got, tt.want)
			}
		})
	}
	t.Run("rarer exposure needs more events", func(t *testing.T) {
		// Below a share of about 0.3 (the minimum of the rule; 0.5 needs 69).
		prev := 0
		for _, s := range []float64{0.3, 0.2, 0.1, 0.05} {
			n := EventsNeeded(0, 5, s)
			if n <= prev {
				t.Errorf("share %v needs %d events, not more than %d for a commoner exposure", s, n, prev)
			}
			prev = n
		}
	})
}

func TestRiskSentence(t *testing.T) {
	tests := []struct {
		name         string
		a, n1, c, n0 int
		p            float64
		want         string
	}{
		// RR = 0.3/0.03 = 10, SE = √(1/12 − 1/40 + 1/6 − 1/200) = 0.469042,
		// 10·exp(∓0.919305) = 3.988, 25.07.
		{
			name: "clear finding", a: 12, n1: 40, c: 6, n0: 200, p: 0.00001,
			want: "Pain went with 12 of 40 runs with a deadlift session in the 48 h before and 6 of 200 runs without: " +
				"about 10 times the risk (95% interval 4.0 to 25); this is very unlikely to be chance.",
		},
		// RR = 0.2/0.125 = 1.6, SE = √(1/2 − 1/10 + 1/5 − 1/40) = 0.758288,
		// 1.6·exp(∓1.486217) = 0.3616, 7.080.
		{
			name: "could be chance", a: 2, n1: 10, c: 5, n0: 40, p: 0.59,
			want: "Pain went with 2 of 10 runs with a deadlift session in the 48 h before and 5 of 40 runs without: " +
				"about 1.6 times the risk (95% interval 0.36 to 7.1); this could easily be chance.",
		},
		{
			name: "no events at all", a: 0, n1: 10, c: 0, n0: 40, p: 1,
			want: "Pain went with 0 of 10 runs with a deadlift session in the 48 h before and 0 of 40 runs without: cannot be judged yet.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr, lo, hi := RiskRatio(tt.a, tt.n1, tt.c, tt.n0)
			got := RiskSentence("with a deadlift session in the 48 h before", tt.a, tt.n1, tt.c, tt.n0, rr, lo, hi, tt.p)
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if strings.Contains(strings.ToLower(got), "caus") {
				t.Errorf("sentence claims a cause: %q", got)
			}
		})
	}
}

func TestFormatRatio(t *testing.T) {
	tests := []struct {
		x    float64
		want string
	}{
		{math.Inf(1), "no upper limit"},
		{24.6, "25"},
		{9.95, "10"},
		{9.94, "9.9"},
		{3, "3.0"},
		{1.46, "1.5"},
		{1, "1.0"},
		{0.4216, "0.42"},
		{0.001234, "0.0012"},
		{0, "0"},
	}
	for _, tt := range tests {
		if got := FormatRatio(tt.x); got != tt.want {
			t.Errorf("FormatRatio(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}
