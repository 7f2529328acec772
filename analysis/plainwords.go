package analysis

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// JoinAnd joins phrases as "a, b and c" ("a and b", "a", "").
func JoinAnd(v []string) string {
	if len(v) <= 1 {
		return strings.Join(v, "")
	}
	return strings.Join(v[:len(v)-1], ", ") + " and " + v[len(v)-1]
}

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
