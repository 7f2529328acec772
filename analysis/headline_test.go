package analysis_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/reportcheck"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/report"
)

// TestHeadlineAgreesWithVerdicts renders the reports of Monte Carlo
// athletes of every scenario (flare-ups, new habits, planted triggers, the
// bystander, the dose), of one with too few pain episodes to test and of
// one with no runs, as Markdown, HTML and JSON, and checks that no
// sentence of the opening disagrees with the JSON's verdicts (issue 15):
// one line per suspect with its verdict, the In short paragraph the
// JSON's, naming exactly the likely, possible and protective suspects in
// its sentences about them. Ten athletes per scenario; 50 with
// BACKTRACK_HEAVY=1.
func TestHeadlineAgreesWithVerdicts(t *testing.T) {
	n := 10
	if testutil.Heavy() {
		n = 50
	}
	seen := map[string]int{}
	check := func(t *testing.T, in analysis.ReportInput) {
		t.Helper()
		r, err := analysis.BuildReport(in)
		if err != nil {
			t.Fatal(err)
		}
		var md, page, js bytes.Buffer
		if err := report.Markdown(&md, r); err != nil {
			t.Fatal(err)
		}
		if err := report.HTML(&page, r); err != nil {
			t.Fatal(err)
		}
		if err := report.JSON(&js, r); err != nil {
			t.Fatal(err)
		}
		for _, p := range append(reportcheck.Markdown(md.Bytes(), js.Bytes()), reportcheck.HTML(page.Bytes(), js.Bytes())...) {
			t.Error(p)
		}
		for _, s := range r.Suspects {
			seen[s.Verdict+"/"+s.Direction]++
		}
		if len(r.NextSteps) == 0 || r.NextSteps[len(r.NextSteps)-1].Kind != analysis.StepSeeProfessional {
			t.Errorf("the next steps do not end with when to see a professional: %+v", r.NextSteps)
		}
	}
	for _, sc := range mcScenarios {
		t.Run(sc.name, func(t *testing.T) {
			for i := range n {
				rng := rand.New(rand.NewPCG(mcSeed+1, mcHash(sc.name)+uint64(i)))
				check(t, mcInput(sc.make(rng)))
			}
		})
	}
	t.Run("few_episodes", func(t *testing.T) {
		in := mcInput(mcScenarios[0].make(rand.New(rand.NewPCG(mcSeed+1, 1))))
		in.Pain = in.Pain[:min(len(in.Pain), 6)]
		check(t, in)
	})
	t.Run("no_runs", func(t *testing.T) {
		check(t, analysis.ReportInput{Settings: analysis.DefaultSettings()})
	})
	t.Logf("verdicts seen (verdict/direction: suspects): %v", seen)
	for _, v := range []string{analysis.VerdictLikely, analysis.VerdictPossible, analysis.VerdictNoSign, analysis.VerdictNotEnoughData} {
		k := 0
		for key, c := range seen {
			if len(key) > len(v) && key[:len(v)+1] == v+"/" {
				k += c
			}
		}
		if k == 0 {
			t.Errorf("no athlete had a %q suspect: the check did not cover that verdict", v)
		}
	}
}
