package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/backtrack/backtrack/internal/plural"
)

// The verdicts' words (docs/statistics.md, "Sentences"). Counts come first:
// they are the at-risk onset counts, which a runner can check against the
// diary.

// weeksText writes a number of weeks, rounded, at least 1 ("1 week", "26
// weeks").
func weeksText(w float64) string {
	return plural.Of(max(1, int(math.Round(w))), "week", "weeks")
}

// MoreSentence says how many more episode onsets the report needs before
// it tests anything, when it has fewer than MinOnsets: onsets so far over a
// diary of weeks weeks (0 without a diary). It is the one "how many more"
// figure of a report: every suspect and the headline say the same.
func MoreSentence(onsets int, weeks float64) string {
	need := MinOnsets - onsets
	switch {
	case need <= 0:
		return ""
	case weeks <= 0:
		return fmt.Sprintf("Nothing is in the pain diary yet, so nothing can be tested: testing starts once %d pain episodes have begun. Log pain as it happens, and pain-free days too.", MinOnsets)
	case onsets == 0:
		return fmt.Sprintf("No pain episode has begun in the %s of the diary yet; testing starts at %d. Keep logging, including pain-free days.", weeksText(weeks), MinOnsets)
	}
	per := weeks / float64(onsets)
	pace := "one a week"
	if math.Round(per) > 1 {
		pace = fmt.Sprintf("one every %.0f weeks", per)
	}
	began := "have begun"
	if onsets == 1 {
		began = "has begun"
	}
	return fmt.Sprintf("%s %s in the %s of the diary; testing starts at %d, so it needs %d more: at your pace (%s) about %s more of logging.",
		plural.Of(onsets, "pain episode", "pain episodes"), began, weeksText(weeks), MinOnsets, need, pace, weeksText(math.Ceil(per*float64(need))))
}

// evidence writes the counts behind a suspect's verdict, one to three
// sentences.
func evidence(a *suspectAnalysis, s *suspectResult, weeks float64) string {
	return strings.Join(evidenceSentences(a, s, weeks), " ")
}

// summary is the one sentence of evidence the report's opening gives for a
// suspect: the counts of new pain episodes after runs with it and
// without; for a suspect likely only through the episodes that began away
// from runs, those counts.
func summary(a *suspectAnalysis, s *suspectResult, weeks float64) string {
	v := evidenceSentences(a, s, weeks)
	if s.verdict == VerdictLikely && !s.adjSupport && s.ccSets > 0 && len(v) > 1 {
		return v[len(v)-1]
	}
	return v[0]
}

// evidenceSentences writes the counts behind a suspect's verdict as
// sentences, the main comparison first.
func evidenceSentences(a *suspectAnalysis, s *suspectResult, weeks float64) []string {
	if !a.tested() {
		return []string{MoreSentence(a.es.onsets, weeks)}
	}
	d := s.def
	if d.kind == kindDose {
		if math.IsNaN(a.doseCut) {
			return []string{"Too few runs came after deadlifts to compare volumes."}
		}
		r, o := s.doseRuns, s.doseOnsets
		v := fmt.Sprintf("A new pain episode followed %d of %d runs with no deadlifts in the 72 h before, %d of %d after up to %s kg of deadlift volume, and %d of %d after more.",
			o[0], r[0], o[1], r[1], FormatSetting(math.Round(a.doseCut)), o[2], r[2])
		if !s.testable {
			v += " Too few runs on one side to test."
		}
		return []string{v}
	}
	if !s.testable {
		v := fmt.Sprintf("Too few runs to compare: %d %s and %d %s", s.exposed.N, d.exposed, s.unexposed.N, d.other)
		if d.windowRule {
			v += fmt.Sprintf(" (runs with pain logged in the %s before are left out of this one)", weeksOrDays(d.lookBack.Hours()/24))
		}
		return []string{v + "."}
	}
	v := []string{fmt.Sprintf("A new pain episode followed %d of %d %s, against %d of %d %s.",
		s.exposed.Events, s.exposed.N, d.exposed, s.unexposed.Events, s.unexposed.N, d.other)}
	if s.withinExp.N > 0 && s.withinUnexp.N > 0 {
		v = append(v, fmt.Sprintf("While pain was already there, %d of %d such runs hurt, against %d of %d.",
			s.withinExp.Events, s.withinExp.N, s.withinUnexp.Events, s.withinUnexp.N))
	}
	if s.ccSets > 0 {
		v = append(v, fmt.Sprintf("Of %s that began away from runs, %d began %s; at the same time on the same weekday in the other weeks of the same 8 weeks, %d of %d times were.",
			plural.Of(s.ccSets, "pain episode", "pain episodes"), s.ccCaseExp, d.apart, s.ccRefExp, s.ccRefs))
	}
	return v
}

// weeksOrDays writes a number of days ("14 days").
func weeksOrDays(days float64) string {
	return FormatSetting(days) + " days"
}

// reason writes the one-sentence reason of a verdict.
func reason(a *suspectAnalysis, s *suspectResult, short func(id string) string) string {
	switch s.verdict {
	case VerdictNotEnoughData:
		if !a.tested() {
			return fmt.Sprintf("Nothing is tested until %d pain episodes have begun in the diary.", MinOnsets)
		}
		return "Too few runs with it, or without it, to compare."
	case VerdictLikely:
		if s.adjSupport {
			return "Pain episodes began more often after it, more than chance would explain, and it still stands out with the other suspects taken into account."
		}
		return "Pain episodes that began away from runs followed it more often than the same weekday in other weeks, more than chance would explain."
	case VerdictPossible:
		switch {
		case s.ridesAlong && s.rides != "":
			return fmt.Sprintf("Pain went with it, but it mostly came together with %s, and with that taken into account it no longer stands out: it may only ride along.", short(s.rides))
		case s.ridesAlong:
			return "Pain went with it, but with the other suspects taken into account it no longer stands out: it may only ride along with them."
		case s.q < QLikely && !s.inModel && !s.ccRoute:
			return "Pain went with it, but it could not be checked against the other suspects (see the notes)."
		}
		return "Pain went with it somewhat more often, but not clearly more than chance would explain: worth watching, and it could well be chance."
	}
	switch {
	case s.direction == DirectionLowers:
		return "Pain episodes began less often after it; that is no sign of a trigger."
	case s.harmful:
		return "Pain episodes began a little more often after it, but no more than chance could easily explain."
	}
	return "Pain episodes began no more often after it than otherwise."
}

// severityLines reruns the analysis counting only pain of severity
// severity_min or more, for the sensitivity line under each likely
// suspect. It is not part of the verdicts or of the multiple-testing set.
func (b *builder) severityLines(a *suspectAnalysis) {
	var likely []*suspectResult
	for _, s := range a.suspects {
		if s.verdict == VerdictLikely {
			likely = append(likely, s)
		}
	}
	if len(likely) == 0 {
		return
	}
	minSev := int(b.set.SeverityMin)
	r := b.analyse(minSev, analyseTimeTests)
	for _, s := range likely {
		t := r.get(s.def.id)
		sf := &SeverityFinding{MinSeverity: minSev, PValue: Num(t.p)}
		if !r.tested() {
			sf.Evidence = fmt.Sprintf("Counting only pain of severity %d or more: %s began, too few to test.",
				minSev, plural.Of(r.es.onsets, "pain episode", "pain episodes"))
		} else {
			sf.Evidence = fmt.Sprintf("Counting only pain of severity %d or more: %s", minSev, lowerFirst(evidence(r, t, b.period.weeks())))
		}
		s.severity = sf
	}
}

// short names a suspect mid-sentence.
func (b *builder) short(id string) string {
	for _, d := range b.defs {
		if d.id == id {
			return d.short
		}
	}
	return id
}

// suspects writes the report's suspects from the analysis.
func (b *builder) suspects(a *suspectAnalysis) {
	weeks := b.period.weeks()
	for _, s := range a.suspects {
		j := Suspect{Exposure: s.def.id, Label: s.def.label, Short: s.def.short, Verdict: s.verdict, Direction: s.direction,
			Reason: reason(a, s, b.short), Summary: summary(a, s, weeks), Evidence: evidence(a, s, weeks)}
		f := &j.Findings
		if a.tested() {
			f.Onsets = comparison(s.exposed, s.unexposed)
			if s.withinExp.N+s.withinUnexp.N > 0 && s.def.kind != kindDose {
				f.WithinEpisodes = comparison(s.withinExp, s.withinUnexp)
			}
			if s.ccSets > 0 && s.def.kind == kindWindow {
				f.ApartFromRuns = &ApartFromRuns{Episodes: s.ccSets, CaseExposed: s.ccCaseExp, Referents: s.ccRefs,
					ReferentsExposed: s.ccRefExp, OddsRatio: Num(s.ccOR), PValue: Num(s.cc.PUp)}
			}
			if s.all.Units > 0 {
				f.TimeTest = &TimeTest{Observed: s.all.Observed, Expected: Num(s.all.Expected), PValue: Num(s.p), QValue: Num(s.q),
					PLower: Num(s.all.PDown), QLower: Num(s.qDown), Strata: s.all.Units}
				if !s.testable {
					f.TimeTest.PValue, f.TimeTest.PLower = Num(math.NaN()), Num(math.NaN())
				}
			}
			if s.inModel {
				f.Adjusted = &AdjustedFinding{OddsRatio: Num(s.adjOR), CILow: Num(s.adjLo), CIHigh: Num(s.adjHi), PValue: Num(s.adjP), Model: s.adjModel}
			}
			f.RidesAlongWith = s.rides
			if s.def.kind == kindDose && !math.IsNaN(a.doseCut) {
				f.Dose = &DoseFinding{LightUpToKg: Num(a.doseCut), Runs: s.doseRuns, Onsets: s.doseOnsets}
			}
			f.Severity = s.severity
		}
		b.rep.Suspects = append(b.rep.Suspects, j)
	}
	if a.tested() && b.lifts.dlCount[len(b.lifts.start)] > 0 {
		labels := []string{"0–24 h", "24–48 h", "48–72 h", "72 h+", "none yet"}
		for i, g := range a.hours {
			b.rep.HoursSinceDeadlift = append(b.rep.HoursSinceDeadlift, LevelCount{Label: labels[i], Group: g})
		}
	}
	for _, n := range a.notes {
		if !slices.Contains(b.rep.Notes, n) {
			b.rep.Notes = append(b.rep.Notes, n)
		}
	}
}

// comparison returns the crude comparison of two groups.
func comparison(x, y Group) *Comparison {
	rr, lo, hi := RiskRatio(x.Events, x.N, y.Events, y.N)
	return &Comparison{Exposed: x, Unexposed: y, RiskRatio: Num(rr), CILow: Num(lo), CIHigh: Num(hi)}
}

// NeedMore is the report's one "how many more" sentence (MoreSentence
// over its diary), "" once it tested: the headline says what every
// suspect's evidence says.
func (r *Report) NeedMore() string {
	weeks := 0.0
	from, ok1 := dayNumber(r.Data.DiaryFrom)
	to, ok2 := dayNumber(r.Data.DiaryTo)
	if ok1 && ok2 {
		weeks = float64(to-from+1) / 7
	}
	return MoreSentence(r.Data.EpisodeOnsets, weeks)
}
