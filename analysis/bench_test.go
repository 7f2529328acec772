package analysis_test

import (
	"sync"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// tenYears returns 4,000 sessions of the synthetic athlete: the plan of
// about ten years (synth.GenerateSummaries: starts, sports, sets), each run
// given the 1 Hz samples of a run from six months of synth.Generate, in
// turn (its hills, treadmill runs, pauses and late cadence drops).
var tenYears = sync.OnceValue(func() []model.Session {
	start := time.Date(2015, 1, 5, 0, 0, 0, 0, time.UTC)
	plan := synth.GenerateSummaries(synth.Config{Seed: 11, Start: start, Months: 160})
	full := synth.Generate(synth.Config{Seed: 11, Start: start, Months: 6})
	var pool []model.Session
	for _, s := range full.Sessions {
		if s.Sport == model.Running {
			pool = append(pool, s)
		}
	}
	out := plan.Sessions
	if len(out) > 4000 {
		out = out[:4000]
	}
	k := 0
	for i := range out {
		if out[i].Sport != model.Running {
			continue
		}
		src := &pool[k%len(pool)]
		k++
		out[i].SubSport, out[i].Samples = src.SubSport, src.Samples
	}
	return out
})

// computeAll computes every session's metrics and every run's exposures,
// as `backtrack analyze` does for a whole database, and returns the number
// of runs with a known ascent and with a known drift.
func computeAll(sessions []model.Session, set analysis.Settings) (hills, drifts int) {
	var runs []model.ExposureRun
	var lifts []model.ExposureStrength
	for i := range sessions {
		s := &sessions[i]
		if s.Sport == model.Running {
			m := analysis.SessionMetrics(s, set)
			if model.Known(m.Hills.AscentM) {
				hills++
			}
			if model.Known(m.Drift.CadenceDriftPct) {
				drifts++
			}
			runs = append(runs, model.ExposureRun{SessionID: int64(i), Start: s.Start, ClimbPerKm: m.Hills.ClimbPerKm, CadenceDriftPct: m.Drift.CadenceDriftPct})
		}
		if analysis.HasStrength(s) {
			st := analysis.StrengthTotals(s)
			lifts = append(lifts, model.ExposureStrength{SessionID: int64(i), Start: s.Start, DeadliftSets: st.DeadliftSets, DeadliftVolumeKg: st.DeadliftVolumeKg})
		}
	}
	analysis.Exposures(runs, lifts, set)
	return hills, drifts
}

// BenchmarkMetrics4000 computes the metrics of 4,000 sessions (about 2,700
// runs with 1 Hz samples) and the exposures of every run; the budget is 2 s
// per op (TestMetrics4000Budget).
func BenchmarkMetrics4000(b *testing.B) {
	sessions := tenYears()
	set := analysis.DefaultSettings()
	samples := 0
	for i := range sessions {
		samples += sessions[i].Samples.Len()
	}
	b.ReportMetric(float64(len(sessions)), "sessions")
	b.ResetTimer()
	for b.Loop() {
		computeAll(sessions, set)
	}
	b.ReportMetric(float64(samples)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Msamples/s")
}

// TestMetrics4000Budget checks that the ten years BenchmarkMetrics4000
// measures (the budget in docs/README.md: metrics for 4,000 sessions in
// under 2 s) have metrics to compute; it asserts no time. Skipped under
// -short and -race (4,000 sessions are slow under the race detector).
func TestMetrics4000Budget(t *testing.T) {
	if testing.Short() || testutil.RaceEnabled {
		t.Skip("4,000 sessions: skipped under -short and -race")
	}
	// How fast is BenchmarkMetrics4000's to measure; this checks that the
	// ten years it measures have metrics to compute.
	sessions := tenYears()
	if len(sessions) != 4000 {
		t.Fatalf("%d sessions, want 4000", len(sessions))
	}
	hills, drifts := computeAll(sessions, analysis.DefaultSettings())
	if hills < 1000 || drifts < 1000 {
		t.Errorf("only %d runs with hills and %d with drift: the benchmark measures too little", hills, drifts)
	}
}
