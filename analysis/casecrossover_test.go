package analysis

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// pairs returns n copies of one 1:1 matched set.
func pairs(n int, caseExposed bool, controlExposed int) []MatchedSet {
	out := make([]MatchedSet, n)
	for i := range out {
		out[i] = MatchedSet{CaseExposed: caseExposed, ControlsExposed: controlExposed, Controls: 1}
	}
	return out
}

func TestMantelHaenszelMatched(t *testing.T) {
	nan := math.NaN()
	// Agresti, Categorical Data Analysis (2nd ed., §10.1, Table 10.1):
	// approval of the Prime Minister in two surveys of the same 1600 people,
	// 794 approve both times, 150 approve then disapprove, 86 the reverse,
	// 570 disapprove both. As 1:1 matched pairs (case = first survey's
	// "approve" as the exposure) the MH odds ratio is b/c = 150/86 =
	// 1.744186, RGB variance 1/150 + 1/86 (SE 0.135257, Agresti's
	// conditional ML SE), interval 1.744186·exp(∓0.265100) = 1.338017,
	// 2.273653, and the MH chi-square is McNemar's (150−86)²/236 = 17.356
	// (Agresti's z = 4.17), p = 3.0993e-5.
	agresti := append(append(append(pairs(794, true, 1), pairs(150, true, 0)...), pairs(86, false, 1)...), pairs(570, false, 0)...)

	// A 1:M example worked by hand (a = case exposed, b = exposed controls,
	// c = 1 − a, d = unexposed controls, n = M + 1; R = ad/n, S = bc/n,
	// P = (a+d)/n, Q = (b+c)/n):
	//   3 × (case exposed, 0 of 4): R = 4/5, S = 0, P = 1, Q = 0
	//   2 × (case exposed, 1 of 4): R = 3/5, S = 0, P = 4/5, Q = 1/5
	//   1 × (case unexposed, 2 of 4): R = 0, S = 2/5, P = 2/5, Q = 3/5
	//   1 × (case unexposed, 1 of 3): R = 0, S = 1/4, P = 1/2, Q = 1/2
	//   1 × (case exposed, 4 of 4) and 1 × (case unexposed, 0 of 4):
	//       concordant, R = S = 0
	//   1 × no control windows: skipped
	// ΣR = 3.6, ΣS = 0.65, OR = 5.538462.
	// ΣPR = 3·4/5 + 2·(4/5)(3/5) = 3.36; Σ(PS+QR) = 2·(1/5)(3/5) +
	// (2/5)(2/5) + (1/2)(1/4) = 0.525; ΣQS = (3/5)(2/5) + (1/2)(1/4) = 0.365.
	// Var ln OR = 3.36/(2·3.6²) + 0.525/(2·3.6·0.65) + 0.365/(2·0.65²) =
	// 0.673762, SE = 0.820830, interval 1.108402, 27.674568.
	// MH chi-square: Σa = 6 (the concordant exposed set counts), ΣE = 3·1/5 +
	// 2·2/5 + 2/5 + 1/4 + 1 = 3.05, ΣVar = 3·4/25 + 2·6/25 + 6/25 + 3/16 + 0 =
	// 1.3875, chi² = 2.95²/1.3875 = 6.272072, p = 0.0122656.
	handMade := []MatchedSet{
		{true, 0, 4}, {true, 0, 4}, {true, 0, 4},
		{true, 1, 4}, {true, 1, 4},
		{false, 2, 4},
		{false, 1, 3},
		{true, 4, 4}, {false, 0, 4},
		{true, 0, 0},
	}
	tests := []struct {
		name          string
		sets          []MatchedSet
		or, lo, hi, p float64
		tolCI         float64
	}{
		{name: "Agresti matched pairs", sets: agresti,
			or: 150.0 / 86, lo: 1.338017, hi: 2.273653, p: 3.0993e-5, tolCI: 1e-6},
		{name: "1:M by hand", sets: handMade,
			or: 3.6 / 0.65, lo: 1.108402, hi: 27.674568, p: 0.0122656, tolCI: 1e-6},
		{name: "only concordant sets", sets: []MatchedSet{{true, 2, 2}, {false, 0, 4}},
			or: nan, lo: nan, hi: nan, p: nan},
		{name: "no sets", sets: nil, or: nan, lo: nan, hi: nan, p: nan},
		// Only "case exposed, control not" pairs: OR = +Inf, no interval;
		// McNemar (4 − 0)²/4 = 4, p = 0.0455003.
		{name: "one direction only", sets: pairs(4, true, 0),
			or: math.Inf(1), lo: nan, hi: nan, p: 0.0455003},
		{name: "other direction only", sets: pairs(4, false, 1),
			or: 0, lo: nan, hi: nan, p: 0.0455003},
		{name: "malformed set", sets: []MatchedSet{{true, 3, 2}, {true, 0, 4}},
			or: nan, lo: nan, hi: nan, p: nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			or, lo, hi, p := MantelHaenszelMatched(tt.sets)
			if !near(or, tt.or, 1e-12) {
				t.Errorf("OR = %v, want %v", or, tt.or)
			}
			if !near(lo, tt.lo, tt.tolCI) || !near(hi, tt.hi, tt.tolCI) {
				t.Errorf("interval (%v, %v), want (%v, %v)", lo, hi, tt.lo, tt.hi)
			}
			// The p-values above are quoted to 5–6 significant digits.
			if math.IsNaN(p) != math.IsNaN(tt.p) || math.Abs(p-tt.p) > 1e-4*tt.p {
				t.Errorf("p = %v, want %v", p, tt.p)
			}
		})
	}
}

func TestMantelHaenszelMatchedRGBEqualsPairs(t *testing.T) {
	// With 1:1 pairs the RGB variance reduces to 1/b + 1/c, the textbook
	// matched-pairs variance: check it on a second table computed directly.
	sets := append(pairs(12, true, 0), pairs(5, false, 1)...)
	sets = append(sets, pairs(30, true, 1)...)
	or, lo, _, p := MantelHaenszelMatched(sets)
	se := math.Sqrt(1.0/12 + 1.0/5)
	if want := 12.0 / 5; !near(or, want, 1e-12) {
		t.Errorf("OR = %v, want %v", or, want)
	}
	if want := 2.4 * math.Exp(-z95*se); !near(lo, want, 1e-12) {
		t.Errorf("lower = %v, want %v", lo, want)
	}
	// McNemar (12 − 5)²/17 = 2.882353 on 1 df: p = erfc(√(χ²/2)).
	if want := math.Erfc(math.Sqrt(49.0 / 17 / 2)); !near(p, want, 1e-12) {
		t.Errorf("p = %v, want %v", p, want)
	}
}

func TestCaseCrossoverSets(t *testing.T) {
	day := 24 * time.Hour
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(d int, h int) time.Time { return start.Add(time.Duration(d)*day + time.Duration(h)*time.Hour) }
	lags := []time.Duration{7 * day, 14 * day, 21 * day, 28 * day}
	hazard := 48 * time.Hour
	tests := []struct {
		name      string
		events    []time.Time
		exposures []time.Time
		want      []MatchedSet
	}{
		{
			name:   "all four controls, case and one control exposed",
			events: []time.Time{at(40, 12)},
			// hazard [day 38 12:00, day 40 12:00); control lag 14: [24 12:00, 26 12:00).
			exposures: []time.Time{at(39, 0), at(25, 0)},
			want:      []MatchedSet{{CaseExposed: true, ControlsExposed: 1, Controls: 4}},
		},
		{
			name:   "window is start-inclusive, end-exclusive",
			events: []time.Time{at(40, 12)},
			// exactly at the hazard start: in; exactly at the event: out;
			// exactly at the lag-7 window end (day 33 12:00): out of it.
			exposures: []time.Time{at(38, 12), at(40, 12), at(33, 12)},
			want:      []MatchedSet{{CaseExposed: true, ControlsExposed: 0, Controls: 4}},
		},
		{
			name:   "controls before the data are not available",
			events: []time.Time{at(20, 0)},
			// lag 7 → [11, 13), lag 14 → [4, 6): available; lag 21 → [-3,-1),
			// lag 28: before the data.
			exposures: []time.Time{at(4, 0), at(5, 23), at(12, 0)},
			want:      []MatchedSet{{CaseExposed: false, ControlsExposed: 2, Controls: 2}},
		},
		{
			name:      "a control starting exactly at dataStart is available",
			events:    []time.Time{at(9, 0)},
			exposures: nil,
			want:      []MatchedSet{{CaseExposed: false, ControlsExposed: 0, Controls: 1}},
		},
		{
			name:   "several events keep their order; unsorted exposures",
			events: []time.Time{at(60, 0), at(30, 0)},
			// event 60: hazard [58, 60), lag 7 [51, 53); event 30: hazard
			// [28, 30), lag 28 [0, 2) starts at dataStart.
			exposures: []time.Time{at(29, 0), at(58, 6), at(1, 0), at(52, 1)},
			want: []MatchedSet{
				{CaseExposed: true, ControlsExposed: 1, Controls: 4},
				{CaseExposed: true, ControlsExposed: 1, Controls: 4},
			},
		},
		{
			name:      "times in other zones compare as instants",
			events:    []time.Time{at(40, 12).In(time.FixedZone("X", 5*3600))},
			exposures: []time.Time{at(40, 11).In(time.FixedZone("Y", -7*3600))},
			want:      []MatchedSet{{CaseExposed: true, ControlsExposed: 0, Controls: 4}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CaseCrossoverSets(tt.events, tt.exposures, hazard, lags, start)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCaseCrossoverEndToEnd(t *testing.T) {
	// Deadlift sessions every Monday; pain events every other Tuesday,
	// except that three pain events come on Thursdays after an extra
	// Wednesday session. The hazard window of a Tuesday event holds Monday's
	// session and so do its controls (concordant); the Thursday events hold
	// Wednesday's session while their controls hold nothing: three
	// discordant sets, OR = +Inf, p by McNemar-like MH chi-square.
	day := 24 * time.Hour
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC) // a Monday
	var exposures, events []time.Time
	for w := range 20 {
		exposures = append(exposures, start.Add(time.Duration(7*w)*day))
		if w%2 == 0 && w >= 4 {
			events = append(events, start.Add(time.Duration(7*w+1)*day))
		}
	}
	for _, w := range []int{5, 10, 16} { // more than 4 weeks apart
		exposures = append(exposures, start.Add(time.Duration(7*w+2)*day))
		events = append(events, start.Add(time.Duration(7*w+3)*day+6*time.Hour))
	}
	sets := CaseCrossoverSets(events, exposures, 48*time.Hour,
		[]time.Duration{7 * day, 14 * day, 21 * day, 28 * day}, start)
	or, lo, hi, p := MantelHaenszelMatched(sets)
	if !math.IsInf(or, 1) || !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("OR = %v (%v, %v), want +Inf with no interval", or, lo, hi)
	}
	// Each Thursday set: a = 1, m1 = 1, m0 = 4, n = 5: E = 1/5, Var = 4/25.
	// chi² = (3·4/5)² / (3·4/25) = 12, p = 0.000532.
	if want := math.Erfc(math.Sqrt(12.0 / 2)); !near(p, want, 1e-9) {
		t.Errorf("p = %v, want %v", p, want)
	}
}
