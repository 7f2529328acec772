package analysis

import "math"

// The exact time-stratified tests (docs/statistics.md, "The time test").
// Under "no association", and with the chance of a new pain episode
// steady within a stratum, every unit of a stratum is equally likely to be
// one an onset belongs to, whatever the training around it: the number of
// exposed onsets in a stratum is hypergeometric (N units, N1 exposed, M
// onsets), and for an onset apart from runs the case window is exposed
// with probability N1/N of its matched set. Strata and sets are
// independent, so the null distribution of the total is their
// convolution: the exact permutation distribution, computed directly, with
// no Monte Carlo.

// pmf is a probability mass function over 0 … len−1.
type pmf []float64

// lchoose returns ln C(n, k).
func lchoose(n, k int) float64 {
	return lfact(n) - lfact(k) - lfact(n-k)
}

// hyperPMF is the pmf of the exposed units among m drawn without
// replacement from n units of which n1 are exposed.
func hyperPMF(n, n1, m int) pmf {
	lo, hi := max(0, m-(n-n1)), min(m, n1)
	out := make(pmf, hi+1)
	den := lchoose(n, m)
	for x := lo; x <= hi; x++ {
		out[x] = math.Exp(lchoose(n1, x) + lchoose(n-n1, m-x) - den)
	}
	return out
}

// scorePMF is the pmf of the sum of the scores (0, 1, 2) of m units drawn
// without replacement from c[0], c[1] and c[2] units of each score.
func scorePMF(c [3]int, m int) pmf {
	n := c[0] + c[1] + c[2]
	out := make(pmf, 2*m+1)
	den := lchoose(n, m)
	for j := 0; j <= min(m, c[1]); j++ {
		for k := 0; k <= min(m-j, c[2]); k++ {
			z := m - j - k
			if z > c[0] {
				continue
			}
			out[j+2*k] += math.Exp(lchoose(c[1], j) + lchoose(c[2], k) + lchoose(c[0], z) - den)
		}
	}
	return out
}

// convolve returns the pmf of the sum of two independent variables.
func convolve(a, b pmf) pmf {
	out := make(pmf, len(a)+len(b)-1)
	for i, x := range a {
		if x == 0 {
			continue
		}
		for j, y := range b {
			out[i+j] += x * y
		}
	}
	return out
}

// ExactResult is the outcome of an exact stratified test.
type ExactResult struct {
	// Observed is the statistic: the exposed onsets (ExactBinary) or the
	// sum of the onsets' scores (ExactTrend).
	Observed int
	// Expected and Variance are its mean and variance under no
	// association.
	Expected, Variance float64
	// P is the two-sided p-value: by Fisher's rule for ExactBinary (the
	// outcomes no more probable than the observed one, with R's relative
	// tolerance 1e-7), by distance from the mean for ExactTrend.
	P float64
	// PUp is the one-sided p-value for more exposure at the onsets than
	// chance, P(T ≥ observed); PDown for less, P(T ≤ observed).
	PUp, PDown float64
	// Units counts the informative strata and matched sets (those where
	// the exposure varies and an onset fell); Onsets the onsets in them.
	Units, Onsets int
}

// finish fills r's p-values from the null distribution dist; byProb
// selects Fisher's rule for the two-sided p. With midP each p-value counts
// the outcomes tied with the observed one at half their probability
// (Lancaster's mid-p).
func (r *ExactResult) finish(dist pmf, byProb, midP bool) {
	for x, pr := range dist {
		r.Expected += float64(x) * pr
	}
	for x, pr := range dist {
		d := float64(x) - r.Expected
		r.Variance += d * d * pr
	}
	obs := r.Observed
	if obs >= len(dist) {
		r.P, r.PUp, r.PDown = math.NaN(), math.NaN(), math.NaN()
		return
	}
	var p float64
	if byProb {
		lim := dist[obs] * fisherRelErr
		tie := dist[obs] * (2 - fisherRelErr)
		for _, pr := range dist {
			if pr <= lim {
				p += pr
				if midP && pr >= tie {
					p -= pr / 2
				}
			}
		}
	} else {
		far := math.Abs(float64(obs)-r.Expected) - 1e-9
		near := math.Abs(float64(obs)-r.Expected) + 1e-9
		for x, pr := range dist {
			d := math.Abs(float64(x) - r.Expected)
			if d >= far {
				p += pr
				if midP && d <= near {
					p -= pr / 2
				}
			}
		}
	}
	var up, down float64
	for x, pr := range dist {
		if x >= obs {
			up += pr
		}
		if x <= obs {
			down += pr
		}
	}
	if midP {
		up -= dist[obs] / 2
		down -= dist[obs] / 2
	}
	r.P, r.PUp, r.PDown = math.Min(1, p), math.Min(1, math.Max(0, up)), math.Min(1, math.Max(0, down))
}

// ExactStratum is one stratum of units (runs) for ExactBinary: N units, N1
// of them exposed, M with an onset, A both.
type ExactStratum struct{ N, N1, M, A int }

// ExactSet is one matched set for ExactBinary: an onset apart from runs,
// its case window and its referent windows, N windows in all (the case's
// included), N1 of them exposed.
type ExactSet struct {
	N, N1 int
	// CaseExposed reports whether the case window was exposed.
	CaseExposed bool
}

// ExactBinary tests a yes/no exposure over strata of units and matched
// sets: the statistic is the number of exposed onsets, and its null
// distribution the convolution of each stratum's hypergeometric
// distribution and each set's Bernoulli(N1/N). Strata without an onset or
// in which the exposure does not vary, and sets with fewer than two windows
// or in which it does not vary, carry no information and are skipped. With
// one stratum and no sets, P is Fisher's exact test. With midP the p-values
// are mid-p values. With nothing informative every p is NaN.
func ExactBinary(strata []ExactStratum, sets []ExactSet, midP bool) ExactResult {
	var r ExactResult
	dist := pmf{1}
	for _, s := range strata {
		if s.M == 0 || s.N1 == 0 || s.N1 == s.N {
			continue
		}
		r.Observed += s.A
		r.Units++
		r.Onsets += s.M
		dist = convolve(dist, hyperPMF(s.N, s.N1, s.M))
	}
	for _, s := range sets {
		if s.N < 2 || s.N1 == 0 || s.N1 == s.N {
			continue
		}
		if s.CaseExposed {
			r.Observed++
		}
		r.Units++
		r.Onsets++
		pr := float64(s.N1) / float64(s.N)
		dist = convolve(dist, pmf{1 - pr, pr})
	}
	if r.Units == 0 {
		r.P, r.PUp, r.PDown = math.NaN(), math.NaN(), math.NaN()
		return r
	}
	r.finish(dist, true, midP)
	return r
}

// TrendStratum is one stratum of units for ExactTrend: Units[l] units at
// level l (0 none, 1 light, 2 heavy), Onsets[l] of them with an onset.
type TrendStratum struct {
	Units, Onsets [3]int
}

// TrendSet is one matched set for ExactTrend: Windows[l] windows at level
// l (the case's included) and the case window's level.
type TrendSet struct {
	Windows [3]int
	Case    int
}

// ExactTrend is the exact stratified test for a linear trend over three
// ordered levels (Cochran–Armitage with scores 0, 1, 2, conditioned within
// strata): the statistic is the sum of the onsets' scores, and its null
// distribution the convolution of each stratum's distribution of the sum
// of M scores drawn without replacement (and each set's single draw).
// Strata and sets with one level only, or without an onset, are skipped.
// The two-sided P counts the outcomes at least as far from the mean as the
// observed one.
func ExactTrend(strata []TrendStratum, sets []TrendSet, midP bool) ExactResult {
	var r ExactResult
	dist := pmf{1}
	levels := func(c [3]int) int {
		n := 0
		for _, v := range c {
			if v > 0 {
				n++
			}
		}
		return n
	}
	for _, s := range strata {
		m := s.Onsets[0] + s.Onsets[1] + s.Onsets[2]
		if m == 0 || levels(s.Units) < 2 {
			continue
		}
		r.Observed += s.Onsets[1] + 2*s.Onsets[2]
		r.Units++
		r.Onsets += m
		dist = convolve(dist, scorePMF(s.Units, m))
	}
	for _, s := range sets {
		if levels(s.Windows) < 2 {
			continue
		}
		r.Observed += s.Case
		r.Units++
		r.Onsets++
		dist = convolve(dist, scorePMF(s.Windows, 1))
	}
	if r.Units == 0 {
		r.P, r.PUp, r.PDown = math.NaN(), math.NaN(), math.NaN()
		return r
	}
	r.finish(dist, false, midP)
	return r
}
