package analysis

import (
	"math"
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

func TestJoinAnd(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{{nil, ""}, {[]string{"hills"}, "hills"}, {[]string{"hills", "deadlifts"}, "hills and deadlifts"},
		{[]string{"hills", "deadlifts", "long runs"}, "hills, deadlifts and long runs"}} {
		if got := JoinAnd(tc.in); got != tc.want {
			t.Errorf("JoinAnd(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
