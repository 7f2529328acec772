package analysis

import (
	"fmt"
	"math"
	"strings"
)

// The kinds of a next step (NextStep.Kind); stable, as the JSON carries
// them.
const (
	// StepTry is a cautious experiment with a likely suspect: four weeks
	// without it (or with less of it), nothing else changed.
	StepTry = "try"
	// StepWatch names the possible suspects: nothing to change yet.
	StepWatch = "watch"
	// StepKeepLogging says to keep logging, pain-free days too, and how
	// long before the report can say more.
	StepKeepLogging = "keep_logging"
	// StepSeeProfessional is the line that is always there: the report is
	// not medical advice, and when to see a physiotherapist or doctor.
	StepSeeProfessional = "see_professional"
)

// ExperimentWeeks is how long a suggested experiment runs: long enough for
// about one pain episode at the usual pace of a month, short enough to
// keep to.
const ExperimentWeeks = 4

// experimentSpan is ExperimentWeeks in words.
const experimentSpan = "four weeks"

// NextStep is one thing the report suggests trying next.
type NextStep struct {
	// Kind is StepTry, StepWatch, StepKeepLogging or StepSeeProfessional.
	Kind string `json:"kind"`
	// Exposure is the suspect a StepTry step is about ("" otherwise).
	Exposure string `json:"exposure,omitempty"`
	// Text says it in plain words; a command to type is between
	// backticks.
	Text string `json:"text"`
}

// SeeProfessional is the report's last word on what to do, always there.
const SeeProfessional = "This report is not medical advice: it shows what went together in your records, not what causes your pain. See a physiotherapist or doctor if the pain is severe, getting worse or not settling, and straight away if it comes with numbness, tingling or weakness in a leg, numbness around the groin or buttocks, or changes in bladder or bowel control."

// suspectsWith returns the suspects whose verdict is v (and, if dir is not
// "", whose direction is dir), in report order.
func (r *Report) suspectsWith(v, dir string) []Suspect {
	var out []Suspect
	for _, s := range r.Suspects {
		if s.Verdict == v && (dir == "" || s.Direction == dir) {
			out = append(out, s)
		}
	}
	return out
}

// verdictOf returns the verdict of the suspect id ("" when there is none).
func (r *Report) verdictOf(id string) string {
	for _, s := range r.Suspects {
		if s.Exposure == id {
			return s.Verdict
		}
	}
	return ""
}

// shorts joins the suspects' short names as "a, b and c".
func shorts(ss []Suspect) string {
	var v []string
	for _, s := range ss {
		v = append(v, s.Short)
	}
	return JoinAnd(v)
}

// The lead words of the sentences of InShort that name suspects: a
// reader of the report (and its tests) can tell from them which verdict a
// named suspect has.
const (
	// InShortLikely opens the sentence that names the likely suspects.
	InShortLikely = "Likely trigger"
	// InShortPossible opens the sentence that names the possible ones.
	InShortPossible = "Worth watching, though it could well be chance:"
	// InShortLowers opens the sentence that names the suspects that went
	// with less pain.
	InShortLowers = "Fewer new pain episodes began after"
)

// inShort writes the report's bottom line: what the verdicts come to, in a
// few plain sentences, and the first thing to try.
func inShort(r *Report) string {
	switch {
	case r.Data.Runs == 0:
		return "There are no runs in this period yet, so there is nothing to compare. Import your watch files with `backtrack import`."
	case !r.Tested():
		return "Too early to say what goes with your pain. " + r.NeedMore()
	}
	var b strings.Builder
	likely := r.suspectsWith(VerdictLikely, "")
	possible := r.suspectsWith(VerdictPossible, "")
	lowers := r.suspectsWith(VerdictNoSign, DirectionLowers)
	switch len(likely) {
	case 0:
		if len(possible) == 0 {
			fmt.Fprintf(&b, "Nothing in your records stands out as a trigger: no suspect went with new pain episodes more often than chance could easily explain. ")
		} else {
			fmt.Fprintf(&b, "Nothing in your records stands out clearly as a trigger. ")
		}
	case 1:
		s := likely[0]
		fmt.Fprintf(&b, "%s: %s. %s: more than chance would explain. ", InShortLikely, s.Short, strings.TrimSuffix(s.Summary, "."))
	default:
		fmt.Fprintf(&b, "%ss: %s. New pain episodes began clearly more often after each, more than chance would explain. ",
			InShortLikely, shorts(likely))
	}
	if len(possible) > 0 {
		fmt.Fprintf(&b, "%s %s. ", InShortPossible, shorts(possible))
	}
	if len(lowers) > 0 {
		fmt.Fprintf(&b, "%s %s than after other runs. ", InShortLowers, shorts(lowers))
	}
	if len(likely) > 0 {
		if len(possible) == 0 {
			b.WriteString("Nothing else stands out. ")
		}
		fmt.Fprintf(&b, "To check %s, try %s with one change (see What to try next) and run the report again. ",
			map[bool]string{true: "it", false: "them"}[len(likely) == 1], experimentSpan)
		b.WriteString("This shows what went together, not proof of what causes the pain.")
	} else {
		b.WriteString("That is not proof that none matters: with more pain episodes a modest link could still show.")
	}
	return strings.TrimSpace(b.String())
}

// nextSteps writes what to try next, tied to the verdicts: a cautious
// experiment for each likely suspect, the possible ones to watch, to keep
// logging (with how many more weeks the report needs, when it tested
// nothing yet), and always when to see a professional.
func nextSteps(r *Report) []NextStep {
	var out []NextStep
	likely := r.suspectsWith(VerdictLikely, "")
	tries := 0
	for _, s := range likely {
		if s.Exposure == ExpDeadliftVolume && r.verdictOf(ExpDeadlift48h) == VerdictLikely {
			continue // keeping deadlifts 72 h from runs leaves no volume in the 72 h before
		}
		out = append(out, NextStep{Kind: StepTry, Exposure: s.Exposure, Text: experiment(r, s)})
		tries++
	}
	if tries > 1 {
		out = append(out, NextStep{Kind: StepTry, Text: "Change one thing at a time: after two changes at once, the next report cannot tell which one mattered."})
	}
	if possible := r.suspectsWith(VerdictPossible, ""); len(possible) > 0 {
		out = append(out, NextStep{Kind: StepWatch, Text: fmt.Sprintf("Nothing to change yet for %s: it could well be chance, and more pain episodes will tell.", shorts(possible))})
	}
	logging := "Keep logging every pain as it happens (`backtrack pain 4 \"note\"`), and pain-free days too (`backtrack pain none`), so that the report knows which days were fine."
	switch {
	case r.Data.Runs == 0:
		logging = "Import your watch files (`backtrack import`) and log pain as it happens, and pain-free days too (`backtrack pain none`)."
	case !r.Tested():
		logging += " " + r.NeedMore() + " Then run `backtrack report` again."
	case len(likely) > 0:
		logging += " After the " + experimentSpan + ", run `backtrack report` again: if the change helped, fewer new pain episodes will have begun."
	default:
		logging += " Run `backtrack report` again every month or so."
	}
	out = append(out, NextStep{Kind: StepKeepLogging, Text: logging})
	return append(out, NextStep{Kind: StepSeeProfessional, Text: SeeProfessional})
}

// experiment words a cautious experiment with a likely suspect: four
// weeks without it, or with less of it, and nothing else changed.
func experiment(r *Report, s Suspect) string {
	f := FormatSetting
	set := r.Settings
	weeks := "For " + experimentSpan + ", "
	same := ", and change nothing else."
	gap := f(set.StrengthWindowH + 24)
	switch s.Exposure {
	case ExpDeadlift48h:
		return weeks + "keep deadlift sessions at least " + gap + " h before your next run (lift after a run rather than the day before one)" + same
	case ExpStrength48h:
		return weeks + "keep strength sessions at least " + gap + " h before your next run, or make the ones closer to a run lighter" + same
	case ExpDeadlift14d:
		return weeks + "make your deadlifts clearly lighter, or leave them out" + same
	case ExpDeadliftVolume:
		if d := s.Findings.Dose; d != nil && d.LightUpToKg.Known() && d.Runs[2] > 0 {
			return weeks + "keep the deadlift volume (sets × reps × kg) of the 72 h before a run at your lighter level, up to about " +
				f(math.Round(float64(d.LightUpToKg))) + " kg" + same
		}
		return weeks + "keep the deadlift volume of the 72 h before a run lighter" + same
	case ExpHillyRun:
		return weeks + "run flatter routes (under " + f(set.HillyClimbMPerKm) + " m of climb per km), or fewer hilly runs" + same
	case ExpCadenceDrift:
		return weeks + "keep your runs short or easy enough that your cadence holds up to the end (it dropped " + f(set.CadenceDriftPct) +
			"% or more late in the runs it is about)" + same
	case ExpFormDrift:
		return weeks + "keep your runs short or easy enough that your form holds up to the end (your ground contact time rose " +
			f(set.FormDriftGCTPct) + "% or more late in the runs it is about, at an unchanged pace and grade), or end a run when it starts to go" + same
	case ExpBalanceShift:
		return weeks + "keep your runs short or easy enough that your left/right balance holds up to the end (it moved " +
			PointsWords(set.BalanceShiftPts) + " or more from your usual late in the runs it is about)" + same
	case ExpLongRun:
		if set.LongRunKm.Known() {
			return weeks + "keep your runs under " + f(float64(set.LongRunKm)) + " km (split a long run into two shorter ones)" + same
		}
		return weeks + "keep your runs shorter than your longest quarter" + same
	case ExpLoadSpike:
		return weeks + "raise your weekly distance by less than " + pct(set.LoadSpikeRatio-1) + " over the average of the 4 weeks before" + same
	}
	return weeks + "avoid " + s.Short + " where you can" + same
}
