package analysis

import (
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
)

// MatchedSet is one pain event in a case-crossover analysis: its hazard
// window (the case) and the control windows of the same length earlier in
// time that fall inside the data (the matched controls).
type MatchedSet struct {
	// CaseExposed reports whether the exposure happened in the hazard window.
	CaseExposed bool
	// ControlsExposed is how many of the control windows held the exposure.
	ControlsExposed int
	// Controls is how many control windows were available (M); fewer near
	// the start of the data.
	Controls int
}

// MantelHaenszelMatched returns the Mantel–Haenszel odds ratio over 1:M
// matched sets, its 95% confidence interval and the Mantel–Haenszel
// chi-square p-value.
//
// Each set is a stratum of one case window and M control windows, with
// a = case exposed (0/1), b = exposed controls, c = 1 − a, d = unexposed
// controls, n = M + 1. Then
//
//	OR = Σ aᵢdᵢ/nᵢ / Σ bᵢcᵢ/nᵢ
//
// and the interval is exp(ln OR ± 1.96·SE) with the Robins–Breslow–Greenland
// variance of ln OR. The p-value is that of the Mantel–Haenszel chi-square
// (Σ aᵢ − Σ E aᵢ)² / Σ Var aᵢ on one degree of freedom without continuity
// correction, with E aᵢ = m₁ᵢ/nᵢ and Var aᵢ = m₁ᵢm₀ᵢ/nᵢ² (m₁, m₀ the exposed
// and unexposed windows of the set); with 1:1 pairs it is McNemar's
// uncorrected test and OR = pairs with only the case exposed / pairs with
// only the control exposed.
//
// Concordant sets (every window exposed, or none) and sets without controls
// contribute nothing. With no discordant set every result is NaN. When only
// one direction is discordant the ratio is +Inf or 0, the interval is NaN and
// the p-value is still computed. Every result is NaN when a set is malformed
// (negative counts or more exposed controls than controls).
func MantelHaenszelMatched(sets []MatchedSet) (or, lo, hi, p float64) {
	nan := math.NaN()
	var sumR, sumS, sumPR, sumPSQR, sumQS float64
	var sumA, sumE, sumV float64
	for _, s := range sets {
		if s.Controls < 0 || s.ControlsExposed < 0 || s.ControlsExposed > s.Controls {
			return nan, nan, nan, nan
		}
		if s.Controls == 0 {
			continue
		}
		var a float64
		if s.CaseExposed {
			a = 1
		}
		b := float64(s.ControlsExposed)
		c := 1 - a
		d := float64(s.Controls - s.ControlsExposed)
		n := float64(s.Controls + 1)
		ri, si := a*d/n, b*c/n
		pi, qi := (a+d)/n, (b+c)/n
		sumR += ri
		sumS += si
		sumPR += pi * ri
		sumPSQR += pi*si + qi*ri
		sumQS += qi * si
		m1, m0 := a+b, c+d
		sumA += a
		sumE += m1 / n
		sumV += m1 * m0 / (n * n)
	}
	if sumR == 0 && sumS == 0 {
		return nan, nan, nan, nan
	}
	p = distuv.ChiSquared{K: 1}.Survival((sumA - sumE) * (sumA - sumE) / sumV)
	if sumR == 0 || sumS == 0 {
		return sumR / sumS, nan, nan, p
	}
	or = sumR / sumS
	v := sumPR/(2*sumR*sumR) + sumPSQR/(2*sumR*sumS) + sumQS/(2*sumS*sumS)
	se := math.Sqrt(v)
	return or, math.Exp(math.Log(or) - z95*se), math.Exp(math.Log(or) + z95*se), p
}

// CaseCrossoverSets builds one matched set per pain event for
// MantelHaenszelMatched, with unidirectional referents: an event at t has
// the hazard window [t − hazard, t); its control windows are
// [t − lag − hazard, t − lag) for each lag. (The report's first version
// used 7, 14, 21 and 28 days; the report now takes time-stratified
// referents before and after the event instead, docs/statistics.md,
// "Episodes that began away from runs", because a trend such as a new
// habit biases referents taken on one side only.)
// A window is exposed when any exposure start falls inside it (start
// inclusive, end exclusive). A control
// window is available only when it starts on or after dataStart, so early
// events get fewer controls, and an event with none contributes nothing to
// the odds ratio. Times compare as instants (their zones do not matter).
// The sets come back in the order of events.
func CaseCrossoverSets(events []time.Time, exposureStarts []time.Time, hazard time.Duration, lags []time.Duration, dataStart time.Time) []MatchedSet {
	starts := slices.Clone(exposureStarts)
	slices.SortFunc(starts, func(x, y time.Time) int { return x.Compare(y) })
	// exposed reports whether a start lies in [from, to).
	exposed := func(from, to time.Time) bool {
		i, _ := slices.BinarySearchFunc(starts, from, func(e, target time.Time) int { return e.Compare(target) })
		return i < len(starts) && starts[i].Before(to)
	}
	sets := make([]MatchedSet, len(events))
	for k, t := range events {
		s := MatchedSet{CaseExposed: exposed(t.Add(-hazard), t)}
		for _, lag := range lags {
			end := t.Add(-lag)
			from := end.Add(-hazard)
			if from.Before(dataStart) {
				continue
			}
			s.Controls++
			if exposed(from, end) {
				s.ControlsExposed++
			}
		}
		sets[k] = s
	}
	return sets
}
