package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/synth"
)

// TestDemoFormDriftTrigger: the demo's athlete with planted late form drift
// (synth.TriggerFormDrift) instead of the deadlift trigger, through files,
// import and report: form_drift is likely, deadlift_48h is not, and what
// to try next names the form.
func TestDemoFormDriftTrigger(t *testing.T) {
	ctx := context.Background()
	r, err := app.Demo(ctx, app.DemoOptions{Dir: t.TempDir(), Now: func() time.Time { return goldenNow },
		Warn: func(string) {}, Trigger: synth.TriggerFormDrift})
	if err != nil {
		t.Fatal(err)
	}
	verdicts := map[string]string{}
	for _, s := range r.Report.Suspects {
		verdicts[s.Exposure] = s.Verdict
	}
	if verdicts[analysis.ExpFormDrift] != analysis.VerdictLikely || verdicts[analysis.ExpDeadlift48h] == analysis.VerdictLikely {
		t.Errorf("verdicts %v: want form_drift likely and deadlift_48h not", verdicts)
	}
	found := false
	for _, s := range r.Report.NextSteps {
		found = found || strings.Contains(s.Text, "your form holds up to the end")
	}
	if !found {
		t.Errorf("what to try next does not name the form: %+v", r.Report.NextSteps)
	}
}
