package analysis_test

import (
	"math"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

func nan() float64 { return math.NaN() }

// TestRunMetricsOnlyForRuns: the same samples as a ride or a walk give no
// run metrics; as a run they do.
func TestRunMetricsOnlyForRuns(t *testing.T) {
	set := analysis.DefaultSettings()
	s, _ := genRun(runSpec{seed: 1, minutes: 30, speedMPS: 3, prof: hillRepeats, noise: noiseBaro, cadence: 170, dropPct: 5, dropAt: 0.7})
	for _, sport := range model.Sports {
		t.Run(string(sport), func(t *testing.T) {
			s.Sport = sport
			m := analysis.SessionMetrics(&s, set)
			known := !math.IsNaN(m.Hills.AscentM) && !math.IsNaN(m.Drift.CadenceDriftPct)
			if known != (sport == model.Running) {
				t.Errorf("ascent %v, drift %v for %s", m.Hills.AscentM, m.Drift.CadenceDriftPct, sport)
			}
		})
	}
}

func TestIsIndoor(t *testing.T) {
	for sub, want := range map[string]bool{"treadmill": true, "indoor_running": true, "virtual_activity": true,
		"indoor_cycling": true, "trail": false, "": false, "street": false, "track": false} {
		if got := analysis.IsIndoor(sub); got != want {
			t.Errorf("IsIndoor(%q) = %v, want %v", sub, got, want)
		}
	}
}

func TestHasStrength(t *testing.T) {
	run := model.NewSession(model.Running, time.Now())
	if analysis.HasStrength(&run) {
		t.Error("a run without sets is strength")
	}
	other := model.NewSession(model.Other, time.Now())
	other.Sets = []model.StrengthSet{{Category: "deadlift", Reps: 5, WeightKg: 100}}
	if !analysis.HasStrength(&other) {
		t.Error("a session of sport other with sets is not strength")
	}
}
