package analysis

import (
	"fmt"
	"math"
	"strings"
)

// share formats k of n as a whole percentage ("45%").
func share(k, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(k)/float64(n))
}

// ciText formats a 95% interval for a ratio ("95% CI 4–22"), or "" when it
// is missing.
func ciText(lo, hi Num) string {
	switch {
	case !lo.Known() && !math.IsInf(float64(hi), 1):
		return ""
	case math.IsInf(float64(hi), 1) || !hi.Known():
		return " (95% CI above " + FormatRatio(float64(lo)) + ")"
	}
	return " (95% CI " + FormatRatio(float64(lo)) + "–" + FormatRatio(float64(hi)) + ")"
}

// oddsWord is TimesWord for an odds ratio.
func oddsWord(or float64) string {
	s := TimesWord(or)
	s = strings.Replace(s, "less risk", "lower odds", 1)
	return strings.Replace(s, "the risk", "the odds", 1)
}

// plural returns n and the noun, in the plural unless n is 1.
func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// fewEvents explains that there are too few pain events to test, and about
// how many more would do, given the exposed share of the units.
func (b *builder) fewEvents(exposedShare float64) string {
	s := fmt.Sprintf("Not tested yet: %s so far, and a test needs at least %d.", plural(b.events, "pain event", "pain events"), MinPainEvents)
	if more := EventsNeeded(b.events, MinPainEvents, exposedShare); more > 0 {
		s += fmt.Sprintf(" About %d more would give it a fair chance to show a doubled risk.", more)
	}
	return s
}

// summarize writes f's plain sentence.
func (b *builder) summarize(f *Finding, defs []exposureDef) {
	d := defByID(defs, f.Exposure)
	n := f.Exposed.N + f.Unexposed.N
	shareExp := math.NaN()
	if n > 0 {
		shareExp = float64(f.Exposed.N) / float64(n)
	}
	if !f.Tested {
		f.Summary = b.untestedReason(f, d, shareExp)
		return
	}
	sure := HowSure(float64(f.QValue), float64(f.CILow), float64(f.CIHigh))
	switch f.Method {
	case MethodRunRiskRatio:
		f.Summary = fmt.Sprintf("%s were followed by pain %d times in %d (%s), against %d in %d (%s) otherwise: %s%s. This %s.",
			d.subject, f.Exposed.Events, f.Exposed.N, share(f.Exposed.Events, f.Exposed.N),
			f.Unexposed.Events, f.Unexposed.N, share(f.Unexposed.Events, f.Unexposed.N),
			TimesWord(float64(f.Estimate)), ciText(f.CILow, f.CIHigh), sure)
		if f.Holds {
			f.Summary += b.adjustedContext(f.Exposure, defs)
		}
	case MethodCaseCrossover:
		events := f.Exposed.Events + f.Unexposed.Events
		controls := n - events
		ctrlExp := f.Exposed.N - f.Exposed.Events
		f.Summary = fmt.Sprintf("Of the %s with earlier weeks to compare, %d (%s) came within %s h after %s, against %s of the same %s h windows 1 to 4 weeks earlier: %s%s. This %s.",
			plural(events, "pain event", "pain events"), f.Exposed.Events, share(f.Exposed.Events, events),
			FormatSetting(b.set.StrengthWindowH), d.ccWhat, share(ctrlExp, controls), FormatSetting(b.set.StrengthWindowH),
			oddsWord(float64(f.Estimate)), ciText(f.CILow, f.CIHigh), sure)
	case MethodAdjusted:
		f.Summary = fmt.Sprintf("With the other suspects taken into account together (%d runs), %s had %s of being followed by pain%s. This %s.",
			n, lowerFirst(d.subject), oddsWord(float64(f.Estimate)), ciText(f.CILow, f.CIHigh), sure)
		for _, g := range b.rep.Findings {
			if g.Exposure == f.Exposure && g.Method == MethodRunRiskRatio && g.Holds && !f.Holds {
				f.Summary += " Its link at the run level may ride along with another suspect."
			}
		}
	}
}

// untestedReason says why a finding was not tested.
func (b *builder) untestedReason(f *Finding, d exposureDef, shareExp float64) string {
	n := f.Exposed.N + f.Unexposed.N
	if b.events < MinPainEvents {
		return b.fewEvents(shareExp)
	}
	switch f.Method {
	case MethodCaseCrossover:
		if len(d.starts) == 0 {
			return fmt.Sprintf("Not tested: none of your sessions was %s, so there is nothing to compare.", d.ccWhat)
		}
		if f.Exposed.N == 0 {
			return fmt.Sprintf("Not tested: no pain event had %s in its %s h window or in the same window 1 to 4 weeks earlier.", d.ccWhat, FormatSetting(b.set.StrengthWindowH))
		}
		if f.Unexposed.N == 0 {
			return fmt.Sprintf("Not tested: every window compared held %s, so there is nothing to compare.", d.ccWhat)
		}
		return fmt.Sprintf("Not tested: fewer than %d pain events have 1 to 4 weeks of data before them to compare with.", MinPainEvents)
	case MethodAdjusted:
		for _, g := range b.rep.Findings {
			if g.Exposure == f.Exposure && g.Method == MethodRunRiskRatio && (g.Exposed.N == 0 || g.Unexposed.N == 0) {
				return "Not in the adjusted model: " + strings.TrimPrefix(b.untestedReason(&g, d, shareExp), "Not tested: ")
			}
		}
		return "Not in the adjusted model (see the notes for why)."
	}
	switch {
	case n == 0:
		return "Not tested: no run had the data to tell."
	case f.Exposed.N == 0:
		return fmt.Sprintf("Not tested: none of your %s had it, so there is nothing to compare.", plural(n, "run", "runs"))
	case f.Unexposed.N == 0:
		return fmt.Sprintf("Not tested: all of your %s had it, so there is nothing to compare.", plural(n, "run", "runs"))
	}
	events := f.Exposed.Events + f.Unexposed.Events
	s := fmt.Sprintf("Not tested: only %d of the %s where this could be told were followed by pain, and a test needs at least %d.",
		events, plural(n, "run", "runs"), MinPainEvents)
	if more := EventsNeeded(events, MinPainEvents, shareExp); more > 0 {
		s += fmt.Sprintf(" About %d more would give it a fair chance to show a doubled risk.", more)
	}
	return s
}

// adjustedContext says, for a run-level finding that holds, whether it
// still stands out in the adjusted model, so that a suspect that only rides
// along with another is not blamed in the headline.
func (b *builder) adjustedContext(id string, defs []exposureDef) string {
	var adj *Finding
	var best *Finding
	for i := range b.rep.Findings {
		g := &b.rep.Findings[i]
		if g.Method != MethodAdjusted || !g.Tested {
			continue
		}
		if g.Exposure == id {
			adj = g
		} else if g.CILow.Known() && g.CILow > 1 && (best == nil || g.CILow > best.CILow) {
			best = g
		}
	}
	switch {
	case adj == nil:
		return ""
	case adj.CILow.Known() && adj.CILow > 1:
		return fmt.Sprintf(" Taken together with the other suspects, it still stands out (odds ratio %s, %s).",
			FormatRatio(float64(adj.Estimate)), strings.TrimSuffix(strings.TrimPrefix(ciText(adj.CILow, adj.CIHigh), " ("), ")"))
	case best != nil:
		return fmt.Sprintf(" But taken together with the other suspects it no longer stands out: it may only ride along with another (%s).",
			lowerFirst(defByID(defs, best.Exposure).label))
	}
	return " But taken together with the other suspects it no longer stands out: it may only ride along with another."
}
