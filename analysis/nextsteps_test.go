package analysis

import (
	"strings"
	"testing"
)

// stepsReport is a tested report whose suspects have the verdicts given
// (id → verdict, direction raises unless "lowers" follows a slash).
func stepsReport(verdicts map[string]string) *Report {
	r := &Report{Data: ReportData{Runs: 80, EpisodeOnsets: 12, DiaryFrom: "2025-01-01", DiaryTo: "2025-06-30"},
		Settings: ReportSettings{StrengthWindowH: 48, HillyClimbMPerKm: 15, CadenceDriftPct: 3, LongRunKm: 11, LoadSpikeRatio: 1.3}}
	for _, id := range []string{ExpDeadlift48h, ExpStrength48h, ExpDeadlift14d, ExpHillyRun, ExpCadenceDrift, ExpLongRun, ExpLoadSpike, ExpDeadliftVolume} {
		v, dir := VerdictNoSign, DirectionNone
		if x, ok := verdicts[id]; ok {
			v, dir, _ = strings.Cut(x, "/")
			if dir == "" {
				dir = DirectionRaises
			}
		}
		s := Suspect{Exposure: id, Short: "short " + id, Verdict: v, Direction: dir,
			Summary: "A new pain episode followed 8 of 22 runs with it, against 1 of 55 other runs."}
		if id == ExpDeadliftVolume {
			s.Findings.Dose = &DoseFinding{LightUpToKg: 2220, Runs: [3]int{43, 17, 17}, Onsets: [3]int{1, 4, 4}}
		}
		r.Suspects = append(r.Suspects, s)
	}
	return r
}

// stepsCase is a case of TestNextSteps.
type stepsCase struct {
	name string
	r    *Report
	// tries are the suspects with an experiment, in order; steps are
	// substrings, in order, of the steps' texts.
	tries, steps []string
	// inShort must be in the bottom line, notInShort not.
	inShort, notInShort []string
}

// TestNextSteps: the next steps follow the verdicts: a cautious four-week
// experiment per likely suspect (the dose folded into deadlifts when both
// are likely), "one thing at a time" with more than one, the possible
// suspects to watch, to keep logging (with the one "how many more" figure
// when nothing was tested) and, always last, when to see a professional.
// The bottom line names the likely, possible and protective suspects in
// the sentences made for them.
func TestNextSteps(t *testing.T) {
	tests := []stepsCase{
		{"deadlifts likely", stepsReport(map[string]string{ExpDeadlift48h: VerdictLikely}),
			[]string{ExpDeadlift48h},
			[]string{"For four weeks, keep deadlift sessions at least 72 h before your next run", "`backtrack pain none`", "physiotherapist or doctor"},
			[]string{InShortLikely + ": short deadlift_48h.", "8 of 22 runs", "Nothing else stands out."}, []string{InShortPossible}},
		{"deadlifts and their volume likely", stepsReport(map[string]string{ExpDeadlift48h: VerdictLikely, ExpDeadliftVolume: VerdictLikely}),
			[]string{ExpDeadlift48h}, nil,
			[]string{InShortLikely + "s: short deadlift_48h and short deadlift_volume_72h."}, nil},
		{"volume alone", stepsReport(map[string]string{ExpDeadliftVolume: VerdictLikely}),
			[]string{ExpDeadliftVolume}, []string{"up to about 2220 kg"}, nil, nil},
		{"hills and drift", stepsReport(map[string]string{ExpHillyRun: VerdictLikely, ExpCadenceDrift: VerdictLikely, ExpLongRun: VerdictPossible}),
			[]string{ExpHillyRun, ExpCadenceDrift},
			[]string{"flatter routes (under 15 m of climb per km)", "cadence holds up to the end", "one thing at a time", "Nothing to change yet for short long_run"},
			[]string{InShortLikely + "s: short hilly_run and short cadence_drift.", InShortPossible + " short long_run."}, []string{"Nothing else stands out"}},
		{"possible only", stepsReport(map[string]string{ExpLongRun: VerdictPossible, ExpLoadSpike: VerdictNoSign + "/" + DirectionLowers}),
			nil, []string{"Nothing to change yet for short long_run", "every month or so"},
			[]string{"stands out clearly as a trigger", InShortPossible + " short long_run.", InShortLowers + " short load_spike than after other runs."},
			[]string{InShortLikely}},
		{"nothing", stepsReport(nil), nil, []string{"every month or so"},
			[]string{"Nothing in your records stands out as a trigger"}, []string{InShortLikely, InShortPossible}},
	}
	untested := stepsReport(nil)
	untested.Data.EpisodeOnsets = 2
	for i := range untested.Suspects {
		untested.Suspects[i].Verdict = VerdictNotEnoughData
	}
	tests = append(tests, stepsCase{"too few episodes", untested, nil, []string{untested.NeedMore() + " Then run `backtrack report` again."},
		[]string{"Too early to say", untested.NeedMore()}, []string{InShortLikely}})
	window := stepsReport(map[string]string{ExpDeadlift48h: VerdictLikely})
	window.Settings.StrengthWindowH = 24
	tests = append(tests, stepsCase{"a 24 h window", window, []string{ExpDeadlift48h}, []string{"at least 48 h before your next run"}, nil, nil})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps := nextSteps(tt.r)
			var tries []string
			var all []string
			for _, s := range steps {
				if s.Kind == StepTry && s.Exposure != "" {
					tries = append(tries, s.Exposure)
				}
				all = append(all, s.Text)
			}
			if strings.Join(tries, ",") != strings.Join(tt.tries, ",") {
				t.Errorf("experiments for %q, want %q", tries, tt.tries)
			}
			text := strings.Join(all, "\n")
			at := 0
			for _, want := range tt.steps {
				i := strings.Index(text[at:], want)
				if i < 0 {
					t.Errorf("the steps lack %q (in order):\n%s", want, text)
					continue
				}
				at += i
			}
			if last := steps[len(steps)-1]; last.Kind != StepSeeProfessional || !strings.Contains(last.Text, "numbness") ||
				!strings.Contains(last.Text, "bladder or bowel") || !strings.Contains(last.Text, "not medical advice") {
				t.Errorf("the last step is %+v, want when to see a professional", last)
			}
			in := inShort(tt.r)
			for _, want := range tt.inShort {
				if !strings.Contains(in, want) {
					t.Errorf("In short lacks %q: %q", want, in)
				}
			}
			for _, bad := range tt.notInShort {
				if strings.Contains(in, bad) {
					t.Errorf("In short says %q: %q", bad, in)
				}
			}
		})
	}
	if got := inShort(&Report{}); !strings.HasPrefix(got, "There are no runs in this period yet") {
		t.Errorf("no runs: In short %q", got)
	}
}
