package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// HowSure says in plain words how far a finding could be chance, from its
// p-value (pass the Benjamini–Hochberg q-value when several exposures are
// tested) and its 95% interval for a ratio. The phrase reads after a subject
// ("this could easily be chance"). The bands:
//
//   - the interval spans 1: "could easily be chance";
//   - p ≥ 0.05 with the interval clear of 1 (the test and the interval can
//     disagree near the edge): "could be chance";
//   - 0.01 ≤ p < 0.05: "is suggestive, but could still be chance";
//   - 0.001 ≤ p < 0.01: "is unlikely to be chance";
//   - p < 0.001: "is very unlikely to be chance".
//
// A missing interval (NaN bounds, as when no event fell on one side) leaves
// the judgement to p alone; a missing p gives "cannot be judged yet". None
// of the phrases says why two things went together: a finding is never a
// cause.
func HowSure(p, lo, hi float64) string {
	switch {
	case math.IsNaN(p) || p < 0:
		return "cannot be judged yet"
	case !math.IsNaN(lo) && !math.IsNaN(hi) && lo <= 1 && hi >= 1:
		return "could easily be chance"
	case p >= 0.05:
		return "could be chance"
	case p >= 0.01:
		return "is suggestive, but could still be chance"
	case p >= 0.001:
		return "is unlikely to be chance"
	default:
		return "is very unlikely to be chance"
	}
}

// TimesWord puts a risk (or odds) ratio into words:
//
//   - 0.9 to 1.1: "about the same risk";
//   - above 1.1: "about 1.5 times the risk" (one decimal below 3, whole
//     numbers from 3, "about twice the risk" for 2);
//   - 0.6 to 0.9: "about 30% less risk" (to the nearest 10%);
//   - below 0.6: "about half the risk", "about a third of the risk", "about a
//     quarter of the risk", then "about a fifth" … "about a tenth", then
//     "under a tenth of the risk";
//   - 0: "no pain with it at all" and +Inf: "pain only with it" (too few
//     events to put a number on it);
//   - NaN or negative: "no ratio to give".
func TimesWord(ratio float64) string {
	switch {
	case math.IsNaN(ratio) || ratio < 0:
		return "no ratio to give"
	case math.IsInf(ratio, 1):
		return "pain only with it"
	case ratio == 0:
		return "no pain with it at all"
	case ratio >= 0.9 && ratio <= 1.1:
		return "about the same risk"
	case ratio > 1.1:
		var s string
		if ratio < 3 {
			s = strconv.FormatFloat(math.Round(ratio*10)/10, 'f', -1, 64)
		} else {
			s = strconv.FormatFloat(math.Round(ratio), 'f', -1, 64)
		}
		if s == "2" {
			return "about twice the risk"
		}
		return "about " + s + " times the risk"
	case ratio >= 0.6:
		pct := int(math.Round((1-ratio)*10)) * 10
		return fmt.Sprintf("about %d%% less risk", pct)
	}
	fractions := []string{2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "a sixth",
		7: "a seventh", 8: "an eighth", 9: "a ninth", 10: "a tenth"}
	n := int(math.Round(1 / ratio))
	switch {
	case n > 10:
		return "under a tenth of the risk"
	case n == 2:
		return "about half the risk"
	default:
		return "about " + fractions[n] + " of the risk"
	}
}

// EventsNeeded returns roughly how many more pain events a test needs, from
// the events so far, the minimum the report asks for before testing at all
// (5, docs/statistics.md "Too few events") and exposedShare, the share of
// runs (or windows) that had the exposure. The rule, kept simple and
// honest:
//
//  1. never fewer than min events in total;
//  2. with exposedShare known, enough events to detect a doubled risk with
//     80% power in a two-sided 5% test: under no effect, the share of pain
//     events that follow exposure is π₀ = s; with twice the risk it is
//     π₁ = 2s/(2s + 1 − s); the events needed are
//     [1.96·√(π₀(1−π₀)) + 0.84·√(π₁(1−π₁))]² / (π₁ − π₀)², rounded up.
//
// It returns max(0, that total − events), or −1 when no number of events
// would do because the exposure never or always happens (exposedShare 0 or 1
// or outside [0, 1]). A NaN exposedShare applies rule 1 only.
func EventsNeeded(events, min int, exposedShare float64) int {
	need := min
	if !math.IsNaN(exposedShare) {
		if exposedShare <= 0 || exposedShare >= 1 {
			return -1
		}
		need = max(need, eventsToDetect(exposedShare, 2))
	}
	return max(0, need-events)
}

// eventsToDetect returns the pain events needed to detect a risk ratio with
// 80% power at two-sided 5%, when a share s of exposure opportunities is
// exposed (the one-sample binomial test of the share of events that follow
// exposure, normal approximation).
func eventsToDetect(s, ratio float64) int {
	const zBeta = 0.8416212335729143 // standard normal quantile at 0.80
	p0 := s
	p1 := ratio * s / (ratio*s + 1 - s)
	num := z95*math.Sqrt(p0*(1-p0)) + zBeta*math.Sqrt(p1*(1-p1))
	return int(math.Ceil(num * num / ((p1 - p0) * (p1 - p0))))
}

// RiskSentence writes one run-level finding as a sentence a runner
// understands: the counts, the ratio in words, the 95% interval and how sure.
// what names the exposure as it reads after "runs" (for example "with a
// deadlift session in the 48 h before"). It says that pain went with the
// exposure, never that the exposure caused it.
func RiskSentence(what string, a, n1, c, n0 int, rr, lo, hi, p float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Pain went with %d of %d runs %s and %d of %d runs without", a, n1, what, c, n0)
	if math.IsNaN(rr) {
		fmt.Fprintf(&b, ": %s.", HowSure(math.NaN(), lo, hi))
		return b.String()
	}
	fmt.Fprintf(&b, ": %s", TimesWord(rr))
	if !math.IsNaN(lo) && !math.IsNaN(hi) {
		fmt.Fprintf(&b, " (95%% interval %s to %s)", FormatRatio(lo), FormatRatio(hi))
	}
	fmt.Fprintf(&b, "; this %s.", HowSure(p, lo, hi))
	return b.String()
}

// FormatRatio formats a risk or odds ratio as the report's sentences and
// tables show it: a whole number from 9.95 ("12"), one decimal from 1
// ("1.5", "3.0"), two significant figures below 1 ("0.42"), and "no upper
// limit" for +Inf.
func FormatRatio(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "no upper limit"
	case x >= 9.95:
		return strconv.FormatFloat(math.Round(x), 'f', -1, 64)
	case x >= 1:
		return strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return strconv.FormatFloat(x, 'g', 2, 64)
	}
}
