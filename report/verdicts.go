package report

import (
	"math"
	"slices"
	"strings"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/plural"
)

// The verdicts as the report's opening names them, one per line: a reader
// of the Markdown or the HTML (and the tests that hold them to the JSON)
// can tell each suspect's verdict from these words.
const (
	VerdictNameLikely   = "Likely"
	VerdictNamePossible = "Possible"
	VerdictNameNoSign   = "No sign"
	// VerdictNameLowers is a no-sign verdict whose suspect went with less
	// pain beyond chance: protective, never a trigger.
	VerdictNameLowers      = "No sign, less pain with it"
	VerdictNameNotEnough   = "Not enough data"
	verdictSeparator       = " — "
	allSuspectsNotEnoughOf = "all "
)

// verdictName names s's verdict for the opening's lines.
func verdictName(s analysis.Suspect) string {
	switch s.Verdict {
	case analysis.VerdictLikely:
		return VerdictNameLikely
	case analysis.VerdictPossible:
		return VerdictNamePossible
	case analysis.VerdictNoSign:
		if s.Direction == analysis.DirectionLowers {
			return VerdictNameLowers
		}
		return VerdictNameNoSign
	}
	return VerdictNameNotEnough
}

// verdictClass is s's verdict as a CSS class.
func verdictClass(s analysis.Suspect) string {
	switch s.Verdict {
	case analysis.VerdictLikely:
		return "likely"
	case analysis.VerdictPossible:
		return "possible"
	case analysis.VerdictNoSign:
		if s.Direction == analysis.DirectionLowers {
			return "nosign lowers"
		}
		return "nosign"
	}
	return "nodata"
}

// verdictRank orders the opening's lines: likely first, then possible, no
// sign, less pain, not enough data.
func verdictRank(s analysis.Suspect) int {
	switch verdictName(s) {
	case VerdictNameLikely:
		return 0
	case VerdictNamePossible:
		return 1
	case VerdictNameNoSign:
		return 2
	case VerdictNameLowers:
		return 3
	}
	return 4
}

// byVerdict returns r's suspects in the opening's order (report order
// within a verdict).
func byVerdict(r *analysis.Report) []analysis.Suspect {
	out := slices.Clone(r.Suspects)
	slices.SortStableFunc(out, func(a, b analysis.Suspect) int { return verdictRank(a) - verdictRank(b) })
	return out
}

// nothingTested reports whether no suspect was tested, for want of pain
// episodes or of runs: the opening then gives one line for all of them.
func nothingTested(r *analysis.Report) bool {
	for _, s := range r.Suspects {
		if s.Verdict != analysis.VerdictNotEnoughData {
			return false
		}
	}
	return r.Data.Runs == 0 || !r.Tested()
}

// untestedLine is the opening's one line when nothing was tested: "all 8
// suspects (deadlifts in the 48 h before, …)."
func untestedLine(r *analysis.Report) string {
	var names []string
	for _, s := range r.Suspects {
		names = append(names, s.Short)
	}
	return allSuspectsNotEnoughOf + plural.Of(len(r.Suspects), "suspect", "suspects") + " (" + strings.Join(names, "; ") + ")."
}

// verdictSentence is the evidence the opening gives for s: its one
// sentence in counts, and for a possible suspect why it is only possible.
func verdictSentence(r *analysis.Report, s analysis.Suspect) string {
	out := s.Summary
	if out == "" {
		out = s.Evidence
	}
	if s.Verdict == analysis.VerdictPossible {
		if other := s.Findings.RidesAlongWith; other != "" {
			out += " It may only ride along with " + shortName(r, other) + "."
		} else {
			out += " Worth watching; it could well be chance."
		}
	}
	return out
}

// shortName returns the short name of the suspect id in r (the id when
// there is none).
func shortName(r *analysis.Report, id string) string {
	for _, s := range r.Suspects {
		if s.Exposure == id && s.Short != "" {
			return s.Short
		}
	}
	return id
}

// hugeBound is the upper bound of an interval from which it no longer
// says anything (1892 times the odds): the interval is then written "at
// least" its lower bound; tinyBound is the lower bound below which it is
// written "at most" its upper bound.
const (
	hugeBound = 100
	tinyBound = 0.01
)

// intervalText writes a 95% interval of a ratio for a reader: "3.7 to
// 93", "at least 1.2" when it runs off to infinity or to a huge upper
// bound, "at most 0.5" when it runs down to nothing, "" when neither bound
// says anything.
func intervalText(lo, hi analysis.Num) string {
	l, h := float64(lo), float64(hi)
	lowOpen := math.IsNaN(l) || l < tinyBound
	highOpen := math.IsNaN(h) || math.IsInf(h, 1) || h > hugeBound
	switch {
	case lowOpen && highOpen:
		return ""
	case highOpen:
		return "at least " + analysis.FormatRatio(l)
	case lowOpen:
		return "at most " + analysis.FormatRatio(h)
	}
	return analysis.FormatRatio(l) + " to " + analysis.FormatRatio(h)
}

// adjustedSentence says what the adjusted model made of a suspect: its
// odds ratio with the others taken into account, in words with its
// interval when there is one (computed for likely and possible suspects),
// else as a number with the model's p (which alone judges nothing: the
// model is the check, the time test the test); "" when the suspect was not
// in the model.
func adjustedSentence(s analysis.Suspect) string {
	a := s.Findings.Adjusted
	if a == nil || !a.OddsRatio.Known() {
		return ""
	}
	const lead = "With the other suspects taken into account"
	or := numText(a.OddsRatio, false)
	if ci := intervalText(a.CILow, a.CIHigh); ci != "" {
		return lead + ", the odds of a new pain episode were " + oddsWords(float64(a.OddsRatio)) +
			" (odds ratio " + or + ", 95% interval " + ci + ")."
	}
	if !a.PValue.Known() {
		return lead + ": odds ratio " + or + "."
	}
	return lead + ": odds ratio " + or + " (p " + numText(a.PValue, true) + ")."
}

// oddsWords puts an odds ratio into words: "about 15 times as high with
// it", "lower with it: about 0.5 times as high", "about the same with it as
// without".
func oddsWords(x float64) string {
	switch {
	case x >= 0.9 && x <= 1.1:
		return "about the same with it as without"
	case x > 1.1:
		return "about " + analysis.FormatRatio(x) + " times as high with it"
	}
	return "lower with it: about " + analysis.FormatRatio(x) + " times as high"
}
