package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// near reports whether got is within tol of want, relative to |want| when
// |want| > 1 and absolute otherwise; NaN equals NaN.
func near(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestRiskRatio(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name          string
		a, n1, c, n0  int
		rr, lo, hi    float64
		tol           float64
		correctedNote string
	}{
		// The counts of Wikipedia's worked example in "Relative risk reduction"
		// (experimental group 15 events of 150, control 100 of 250): RR = 0.25.
		// Katz by hand:
		// SE = √(1/15 − 1/150 + 1/100 − 1/250) = √0.066 = 0.256905,
		// 0.25·exp(∓1.959964·0.256905) = 0.151099, 0.413635.
		{name: "worked example 15/150 vs 100/250", a: 15, n1: 150, c: 100, n0: 250,
			rr: 0.25, lo: 0.151099, hi: 0.413635, tol: 1e-5},
		// By hand: RR = 0.2/0.1 = 2, SE = √(1/20 − 1/100 + 1/10 − 1/100) = √0.13
		// = 0.360555, 2·exp(∓0.706673) = 0.986563, 4.054479.
		{name: "20/100 vs 10/100", a: 20, n1: 100, c: 10, n0: 100,
			rr: 2, lo: 0.986563, hi: 4.054479, tol: 1e-5},
		// Zero cell: RR = 0 uncorrected; the interval adds 0.5 to every cell:
		// (0.5/11)/(5.5/21) = 0.173554, SE = √(1/0.5 − 1/11 + 1/5.5 − 1/21) =
		// 1.429437, limits 0.173554·exp(∓2.801645) = 0.010536, 2.858728.
		{name: "no events among exposed", a: 0, n1: 10, c: 5, n0: 20,
			rr: 0, lo: 0.010536, hi: 2.858728, tol: 1e-5},
		// c = 0: RR = +Inf; the groups of the table above swapped, so the
		// corrected interval is its reciprocal: 1/2.858728, 1/0.010536.
		{name: "no events among unexposed", a: 5, n1: 20, c: 0, n0: 10,
			rr: math.Inf(1), lo: 0.349806, hi: 94.9085, tol: 1e-5},
		{name: "no events at all", a: 0, n1: 10, c: 0, n0: 10, rr: nan, lo: nan, hi: nan},
		{name: "no exposed runs", a: 0, n1: 0, c: 3, n0: 10, rr: nan, lo: nan, hi: nan},
		{name: "no unexposed runs", a: 3, n1: 10, c: 0, n0: 0, rr: nan, lo: nan, hi: nan},
		{name: "more events than runs", a: 11, n1: 10, c: 3, n0: 10, rr: nan, lo: nan, hi: nan},
		{name: "negative count", a: -1, n1: 10, c: 3, n0: 10, rr: nan, lo: nan, hi: nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr, lo, hi := RiskRatio(tt.a, tt.n1, tt.c, tt.n0)
			if !near(rr, tt.rr, 1e-12) || !near(lo, tt.lo, tt.tol) || !near(hi, tt.hi, tt.tol) {
				t.Errorf("RiskRatio(%d, %d, %d, %d) = %v (%v, %v), want %v (%v, %v)",
					tt.a, tt.n1, tt.c, tt.n0, rr, lo, hi, tt.rr, tt.lo, tt.hi)
			}
		})
	}
}

func TestRiskRatioAllEventsCorrected(t *testing.T) {
	// Every exposed run had pain (b = 0): the Katz SE is finite, but the
	// Haldane–Anscombe correction still applies; by hand with 0.5 added:
	// (5.5/6)/(2.5/11) = 4.033333, SE = √(1/5.5 − 1/6 + 1/2.5 − 1/11) =
	// √0.324242 = 0.569423, limits 4.033333·exp(∓1.116048) = 1.321206, 12.312826.
	rr, lo, hi := RiskRatio(5, 5, 2, 10)
	if rr != 5 {
		t.Errorf("rr = %v, want 5 (uncorrected)", rr)
	}
	wantLo, wantHi := 1.321206, 12.312826
	if !near(lo, wantLo, 1e-6) || !near(hi, wantHi, 1e-6) {
		t.Errorf("interval (%v, %v), want (%v, %v)", lo, hi, wantLo, wantHi)
	}
}

func TestFisherExact(t *testing.T) {
	tests := []struct {
		name       string
		a, b, c, d int
		want       float64
		tol        float64
	}{
		// Lady tasting tea: R fisher.test(matrix(c(3,1,1,3),2))$p.value =
		// 0.4857; exactly (1+16+16+1)/70 = 34/70.
		{name: "lady tasting tea", a: 3, b: 1, c: 1, d: 3, want: 34.0 / 70, tol: 1e-12},
		// Wikipedia's Fisher's exact test example (dieting by sex):
		// fisher.test(matrix(c(1,9,11,3),2)) p = 0.002759.
		{name: "wikipedia dieting", a: 1, b: 11, c: 9, d: 3, want: 0.002759, tol: 5e-7},
		// The same table transposed and with rows swapped: the same p.
		{name: "wikipedia transposed", a: 9, b: 3, c: 1, d: 11, want: 0.002759, tol: 5e-7},
		// All tables with margins 1,1 / 1,1 are equally likely: p = 1.
		{name: "tie everywhere", a: 1, b: 0, c: 0, d: 1, want: 1, tol: 1e-12},
		// Extreme 5/5 split: two tables of probability 1/252 each.
		{name: "complete split", a: 5, b: 0, c: 0, d: 5, want: 2.0 / 252, tol: 1e-12},
		{name: "zero margin", a: 0, b: 0, c: 3, d: 4, want: 1, tol: 0},
		{name: "negative", a: -1, b: 0, c: 3, d: 4, want: math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FisherExact(tt.a, tt.b, tt.c, tt.d)
			if !near(got, tt.want, tt.tol) {
				t.Errorf("FisherExact(%d, %d, %d, %d) = %v, want %v", tt.a, tt.b, tt.c, tt.d, got, tt.want)
			}
		})
	}
}

// fisherByRatios is an independent two-sided Fisher p: it walks the
// hypergeometric support with the ratio P(x+1)/P(x) = (r1−x)(c1−x) /
// ((x+1)(r2−c1+x+1)) instead of log-factorials.
func fisherByRatios(a, b, c, d int) float64 {
	r1, r2, c1 := a+b, c+d, a+c
	lo, hi := max(0, c1-r2), min(r1, c1)
	rel := make([]float64, hi-lo+1)
	rel[0] = 1
	for x := lo; x < hi; x++ {
		num := float64(r1-x) * float64(c1-x)
		den := float64(x+1) * float64(r2-c1+x+1)
		rel[x-lo+1] = rel[x-lo] * num / den
		if rel[x-lo+1] > 1e250 { // rescale to stay finite
			for i := range x - lo + 2 {
				rel[i] *= 1e-250
			}
		}
	}
	var total, tail float64
	for _, v := range rel {
		total += v
	}
	for _, v := range rel {
		if v <= rel[a-lo]*(1+1e-7) {
			tail += v
		}
	}
	return tail / total
}

func TestFisherExactLargeTable(t *testing.T) {
	// n = 100,000: 5,000 events each in two arms, against the ratio walk.
	tests := []struct {
		name       string
		a, b, c, d int
	}{
		{"balanced but shifted", 5200, 44800, 5000, 45000},
		{"rare events", 30, 49970, 12, 49988},
		{"unbalanced arms", 900, 9100, 7800, 82200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FisherExact(tt.a, tt.b, tt.c, tt.d)
			want := fisherByRatios(tt.a, tt.b, tt.c, tt.d)
			if !near(got, want, 1e-9) || math.Abs(got-want) > 1e-9*want+1e-15 {
				t.Errorf("FisherExact = %.12g, ratio walk = %.12g", got, want)
			}
		})
	}
}

func TestFisherExactNullCalibration(t *testing.T) {
	// Under H0 (both arms share one event probability) at most ~5% of
	// p-values may fall at or below 0.05; Fisher's test is conservative, so
	// allow 5% plus three binomial standard errors (√(.05·.95/500) = 0.0097).
	// Under a large difference nearly all must.
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(n int, p float64) int {
		k := 0
		for range n {
			if rng.Float64() < p {
				k++
			}
		}
		return k
	}
	const trials = 500
	var nullHits, altHits int
	for range trials {
		n1, n0 := 10+rng.IntN(60), 10+rng.IntN(60)
		p := 0.05 + 0.45*rng.Float64()
		a, c := draw(n1, p), draw(n0, p)
		if FisherExact(a, n1-a, c, n0-c) <= 0.05 {
			nullHits++
		}
		a, c = draw(60, 0.6), draw(60, 0.15)
		if FisherExact(a, 60-a, c, 60-c) <= 0.05 {
			altHits++
		}
	}
	if rate := float64(nullHits) / trials; rate > 0.05+3*0.0097 {
		t.Errorf("under H0, %d of %d p-values ≤ 0.05 (%.3f), want ≤ 0.079", nullHits, trials, rate)
	}
	if altHits < trials*95/100 {
		t.Errorf("under a 0.60 vs 0.15 difference with 60 per arm only %d of %d p-values ≤ 0.05", altHits, trials)
	}
	t.Logf("H0 rejections: %d/%d; H1 rejections: %d/%d", nullHits, trials, altHits, trials)
}

func TestBenjaminiHochberg(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		p    []float64
		want []float64
	}{
		{name: "equal steps", p: []float64{0.01, 0.02, 0.03, 0.04, 0.05},
			want: []float64{0.05, 0.05, 0.05, 0.05, 0.05}},
		// Benjamini & Hochberg (1995, JRSS B 57:289, section 4.1), the 15
		// p-values of the thrombolysis trial; their procedure at 0.05 rejects
		// the four smallest. q by hand: 15·p(j)/j, then running minimum from
		// the top: 0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.063857 (the
		// 6th takes the 7th's 15·0.0298/7), 0.063857, 0.0645, 0.0765, 0.486,
		// 0.581182, 0.714875, 0.753231, 0.813214, 1.
		{name: "Benjamini Hochberg 1995 example",
			p: []float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
				0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000},
			want: []float64{0.0015, 0.003, 0.0095, 0.035625, 0.0603, 15 * 0.0298 / 7, 15 * 0.0298 / 7,
				0.0645, 0.0765, 0.486, 15 * 0.4262 / 11, 15 * 0.5719 / 12, 15 * 0.6528 / 13,
				15 * 0.7590 / 14, 1}},
		// Unsorted with NaN: m = 3 (NaN not counted), sorted 0.01, 0.02, 0.5:
		// 0.03, 0.03, 0.5.
		{name: "unsorted with NaN", p: []float64{0.5, nan, 0.02, 0.01},
			want: []float64{0.5, nan, 0.03, 0.03}},
		// R: p.adjust(c(0.04, 0.04, 0.9), "BH") = 0.06 0.06 0.90.
		{name: "ties", p: []float64{0.04, 0.04, 0.9}, want: []float64{0.06, 0.06, 0.9}},
		{name: "capped at one", p: []float64{0.9, 0.8}, want: []float64{0.9, 0.9}},
		{name: "empty", p: []float64{}, want: []float64{}},
		{name: "only NaN", p: []float64{nan}, want: []float64{nan}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := BenjaminiHochberg(tt.p)
			if len(got) != len(tt.want) {
				t.Fatalf("len = %d, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if !near(got[i], tt.want[i], 1e-9) {
					t.Errorf("q[%d] = %v, want %v (all: %v)", i, got[i], tt.want[i], got)
				}
			}
		})
	}
	t.Run("input unchanged", func(t *testing.T) {
		p := []float64{0.3, 0.1, 0.2}
		BenjaminiHochberg(p)
		if p[0] != 0.3 || p[1] != 0.1 || p[2] != 0.2 {
			t.Errorf("input modified: %v", p)
		}
	})
}

// BenchmarkFisherExactLarge times Fisher's exact test on a table of n =
// 100,000 (5,000 events in each arm); the target is well under 200 ms a
// test (TestFisherExactLargeTable checks the answer, not the time).
func BenchmarkFisherExactLarge(b *testing.B) {
	for b.Loop() {
		FisherExact(5200, 44800, 5000, 45000)
	}
}
