package analysis_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/backtrack/backtrack/analysis"
)

// TestExactRabbits checks the exact stratified test against a published
// example: R's documentation of mantelhaen.test, the Rabbits data (Agresti
// 1990, pp. 231–237: penicillin level in 5 strata, injection immediate or
// delayed 1.5 h, cured or died). R gives, for
// mantelhaen.test(Rabbits, exact = TRUE), S = 16 and p-value = 0.03994,
// and with alternative = "greater" p-value = 0.01997.
func TestExactRabbits(t *testing.T) {
	// Per stratum: immediate cured, immediate died, delayed cured,
	// delayed died (R's array, column by column).
	tab := [][4]int{{0, 6, 0, 5}, {3, 3, 0, 6}, {6, 0, 2, 4}, {5, 1, 6, 0}, {2, 0, 5, 0}}
	var st []analysis.ExactStratum
	for _, x := range tab {
		st = append(st, analysis.ExactStratum{N: x[0] + x[1] + x[2] + x[3], N1: x[0] + x[1], M: x[0] + x[2], A: x[0]})
	}
	r := analysis.ExactBinary(st, nil, false)
	if r.Observed != 16 || math.Abs(r.P-0.03994) > 0.000005 || math.Abs(r.PUp-0.01997) > 0.000005 {
		t.Errorf("S = %d, p = %.5f, one-sided %.5f; R: 16, 0.03994, 0.01997", r.Observed, r.P, r.PUp)
	}
	// Stratum 1 has no cure (M = 0): it carries nothing. Stratum 5 (every
	// rabbit cured) counts, with a distribution of one point.
	if r.Units != 4 {
		t.Errorf("%d informative strata, want 4", r.Units)
	}
	mid := analysis.ExactBinary(st, nil, true)
	if !(mid.PUp < r.PUp) || math.Abs(r.PUp-mid.PUp-(r.PUp+r.PDown-1)/2) > 1e-12 {
		t.Errorf("mid-p %.6f (exact %.6f, lower %.6f): want the exact p less half the observed outcome's probability", mid.PUp, r.PUp, r.PDown)
	}
}

// TestExactOneStratumIsFisher: with one stratum the exact test is Fisher's.
func TestExactOneStratumIsFisher(t *testing.T) {
	for _, x := range [][4]int{{15, 21, 3, 68}, {3, 1, 1, 3}, {0, 10, 5, 5}, {12, 5, 8, 30}} {
		r := analysis.ExactBinary([]analysis.ExactStratum{{N: x[0] + x[1] + x[2] + x[3], N1: x[0] + x[1], M: x[0] + x[2], A: x[0]}}, nil, false)
		if f := analysis.FisherExact(x[0], x[1], x[2], x[3]); math.Abs(r.P-f) > 1e-9 {
			t.Errorf("%v: exact %.9f, Fisher %.9f", x, r.P, f)
		}
	}
}

// TestExactIsPermutation: the exact null distribution is the one of
// permuting the onsets among the units within each stratum (and each case
// among its matched windows), by brute-force simulation.
func TestExactIsPermutation(t *testing.T) {
	st := []analysis.ExactStratum{{N: 12, N1: 4, M: 2, A: 2}, {N: 9, N1: 5, M: 1, A: 1}, {N: 15, N1: 3, M: 3, A: 2}}
	sets := []analysis.ExactSet{{N: 5, N1: 2, CaseExposed: true}, {N: 4, N1: 1}}
	r := analysis.ExactBinary(st, sets, false)
	rng := rand.New(rand.NewPCG(1, 2))
	const sims = 200000
	ge := 0
	for range sims {
		tot := 0
		for _, s := range st {
			n, n1 := s.N, s.N1
			for range s.M {
				if rng.IntN(n) < n1 {
					tot++
					n1--
				}
				n--
			}
		}
		for _, s := range sets {
			if rng.IntN(s.N) < s.N1 {
				tot++
			}
		}
		if tot >= r.Observed {
			ge++
		}
	}
	sim := float64(ge) / sims
	if math.Abs(sim-r.PUp) > 5*math.Sqrt(r.PUp*(1-r.PUp)/sims) {
		t.Errorf("P(T ≥ %d): exact %.5f, permutation %.5f", r.Observed, r.PUp, sim)
	}
}

// TestExactTrend: the trend test's distribution by enumeration, and its
// uninformative strata.
func TestExactTrend(t *testing.T) {
	// One stratum with levels 0,0,0,1,1,2,2 and 3 onsets at levels 1, 2, 2
	// (score 5): P(sum ≥ 5) by enumerating the 35 triples.
	scores := []int{0, 0, 0, 1, 1, 2, 2}
	ge, eq, n := 0, 0, 0
	for i := 0; i < 7; i++ {
		for j := i + 1; j < 7; j++ {
			for k := j + 1; k < 7; k++ {
				s := scores[i] + scores[j] + scores[k]
				if s >= 5 {
					ge++
				}
				if s == 5 {
					eq++
				}
				n++
			}
		}
	}
	st := []analysis.TrendStratum{{Units: [3]int{3, 2, 2}, Onsets: [3]int{0, 1, 2}}, {Units: [3]int{4, 0, 0}, Onsets: [3]int{1, 0, 0}}}
	r := analysis.ExactTrend(st, nil, false)
	if r.Observed != 5 || r.Units != 1 || math.Abs(r.PUp-float64(ge)/float64(n)) > 1e-12 {
		t.Errorf("observed %d over %d units, P(T ≥ 5) = %.6f; want 5, 1, %.6f", r.Observed, r.Units, r.PUp, float64(ge)/float64(n))
	}
	mid := analysis.ExactTrend(st, nil, true)
	if want := float64(ge)/float64(n) - float64(eq)/float64(n)/2; math.Abs(mid.PUp-want) > 1e-12 {
		t.Errorf("mid-p %.6f, want %.6f", mid.PUp, want)
	}
	if e := analysis.ExactTrend(nil, []analysis.TrendSet{{Windows: [3]int{3, 0, 0}}}, true); !math.IsNaN(e.P) || e.Units != 0 {
		t.Errorf("a set at one level is informative: %+v", e)
	}
}
