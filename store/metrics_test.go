package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// runMetrics returns plausible stored metrics of a run, some unknown.
func runMetrics(id int64) model.Metrics {
	nan := math.NaN()
	return model.Metrics{SessionID: id, Version: 1, Params: "hysteresis_m=3",
		Hills: model.HillMetrics{AltitudeSource: "gps", AltitudeNoiseM: 3.1, AscentM: 251.5, DescentM: 249, ClimbPerKm: 24.6,
			Grade5UpShare: 0.24, Grade5DownShare: 0.18},
		Drift: model.DriftMetrics{MovingS: 2400, CadenceEarlySPM: 170.2, CadenceLateSPM: 163.1, CadenceDriftPct: -4.17,
			SpeedEarlyMPS: 3.1, SpeedLateMPS: nan, SpeedChangePct: nan},
		Form: model.FormMetrics{GroundContactMS: model.FormMeasure{Early: 262.4, Late: 281.25, LateExpected: 268.125},
			BalanceLeftPct:        model.FormMeasure{Early: 49.6, Late: 48.1, LateExpected: 49.5},
			VerticalOscillationMM: model.UnknownFormMeasure(), StepLengthMM: model.FormMeasure{Early: 1104, Late: 1021.5, LateExpected: nan},
			PowerW: model.UnknownFormMeasure(), GradeEarlyPct: 0.4, GradeLatePct: nan}}
}

// strengthMetrics returns stored metrics of a strength session.
func strengthMetrics(id int64, deadliftSets int, vol float64) model.Metrics {
	nan := math.NaN()
	return model.Metrics{SessionID: id, Version: 1, Hills: model.UnknownHills(), Drift: model.UnknownDrift(), Form: model.UnknownForm(),
		Strength: &model.StrengthTotals{Sets: 12, Reps: 80, VolumeKg: nan, DeadliftSets: deadliftSets, DeadliftVolumeKg: vol}}
}

// importRun imports one run (its own source) starting at start and returns
// its ID.
func importRun(t testing.TB, db *DB, name string, start time.Time) int64 {
	t.Helper()
	s := model.NewSession(model.Running, start)
	s.ElapsedS = 1800
	return importOne(t, db, testSource(name), s).SessionIDs[0]
}

// importLift imports one strength session starting at start.
func importLift(t testing.TB, db *DB, name string, start time.Time) int64 {
	t.Helper()
	s := model.NewSession(model.Strength, start)
	s.ElapsedS = 3600
	s.Sets = []model.StrengthSet{{Start: start, DurationS: 30, Category: "deadlift", Exercise: "barbell_deadlift", Reps: 5, WeightKg: 100}}
	return importOne(t, db, testSource(name), s).SessionIDs[0]
}

func TestMetricsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := mustTime(t, "2024-03-05T07:00:00Z")
	run := importRun(t, db, "run.fit", t0)
	lift := importLift(t, db, "lift.fit", t0.Add(-24*time.Hour))
	other := importRun(t, db, "run2.fit", t0.Add(24*time.Hour))
	want := []model.Metrics{runMetrics(run), strengthMetrics(lift, 4, 2000)}
	want[1].Strength.VolumeKg = 3150.5
	if err := db.PutMetrics(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := db.ListMetrics(ctx, SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(map[int64]model.Metrics{run: want[0], lift: want[1]}, got, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("ListMetrics (-want +got):\n%s", d)
	}
	one, err := db.GetMetrics(ctx, lift)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want[1], one, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("GetMetrics (-want +got):\n%s", d)
	}
	if _, err := db.GetMetrics(ctx, other); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetMetrics of a session never analysed: %v, want ErrNotFound", err)
	}
	filtered, err := db.ListMetrics(ctx, SessionFilter{Sport: model.Strength})
	if err != nil || len(filtered) != 1 || filtered[lift].Strength == nil {
		t.Errorf("ListMetrics(strength) = %v, %v; want the strength session only", filtered, err)
	}
	// NULL in the database for every unknown value, not 0.
	var nulls int
	if err := db.r.QueryRow("SELECT (speed_late_mps IS NULL) + (strength_sets IS NULL) + (hilly IS NULL) FROM session_metrics WHERE session_id = ?", run).Scan(&nulls); err != nil {
		t.Fatal(err)
	}
	if nulls != 3 {
		t.Errorf("%d of 3 unknown columns are NULL", nulls)
	}
	if err := db.PutMetrics(ctx, []model.Metrics{runMetrics(9999)}); err == nil {
		t.Error("metrics of a session that does not exist were stored")
	}
}

// TestMetricsStatus: new sessions are stale until analysed; a new version
// makes every session stale, new sample parameters only the runs; new
// settings only the exposures.
func TestMetricsStatus(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := mustTime(t, "2024-03-05T07:00:00Z")
	run := importRun(t, db, "run.fit", t0)
	lift := importLift(t, db, "lift.fit", t0.Add(-24*time.Hour))
	status := func(version int, params, fp string) MetricsStatus {
		t.Helper()
		st, err := db.MetricsStatus(ctx, version, params, fp)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	stale := func(version int, params string) []int64 {
		t.Helper()
		var ids []int64
		err := db.ForEachStaleSession(ctx, version, params, func(s *StoredSession) error {
			ids = append(ids, s.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	if got, want := status(1, "h=3", "fp"), (MetricsStatus{Sessions: 2, Stale: 2, StaleExposures: 1}); got != want {
		t.Errorf("new sessions: %+v, want %+v", got, want)
	}
	if d := cmp.Diff([]int64{lift, run}, stale(1, "h=3")); d != "" {
		t.Errorf("stale sessions in start order (-want +got):\n%s", d)
	}
	rm := runMetrics(run)
	rm.Params = "h=3"
	if err := db.PutMetrics(ctx, []model.Metrics{rm, strengthMetrics(lift, 1, 500)}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		version        int
		params, fp     string
		want           MetricsStatus
		wantStaleIDs   []int64
		wantCurrentNow bool
	}{
		{"analysed, exposures not yet", 1, "h=3", "fp", MetricsStatus{2, 0, 1}, nil, false},
		{"new version", 2, "h=3", "fp", MetricsStatus{2, 2, 1}, []int64{lift, run}, false},
		{"new sample parameters", 1, "h=5", "fp", MetricsStatus{2, 1, 1}, []int64{run}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := status(tt.version, tt.params, tt.fp); got != tt.want {
				t.Errorf("status %+v, want %+v", got, tt.want)
			}
			if d := cmp.Diff(tt.wantStaleIDs, stale(tt.version, tt.params)); d != "" {
				t.Errorf("stale sessions (-want +got):\n%s", d)
			}
		})
	}
	n, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
		if len(in.Runs) != 1 || in.Runs[0].ClimbPerKm != 24.6 || len(in.Strength) != 1 || in.Strength[0].DeadliftVolumeKg != 500 {
			return nil, fmt.Errorf("inputs %+v", in)
		}
		return []model.Exposure{{SessionID: run, Deadlift48h: true}}, nil
	})
	if err != nil || n != 1 {
		t.Fatalf("UpdateExposures = %d, %v; want 1 run", n, err)
	}
	if got := status(1, "h=3", "fp"); !got.Current() {
		t.Errorf("after UpdateExposures: %+v, want current", got)
	}
	if got := status(1, "h=3", "other settings"); got.StaleExposures != 1 || got.Stale != 0 {
		t.Errorf("other settings: %+v, want only the exposures stale", got)
	}
}

// TestExposuresGoStale: rewriting a run's metrics makes its exposure stale;
// storing a strength session's makes every run's stale.
func TestExposuresGoStale(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := mustTime(t, "2024-03-05T07:00:00Z")
	r1 := importRun(t, db, "r1.fit", t0)
	r2 := importRun(t, db, "r2.fit", t0.Add(48*time.Hour))
	lift := importLift(t, db, "lift.fit", t0.Add(-24*time.Hour))
	put := func(ms ...model.Metrics) {
		t.Helper()
		if err := db.PutMetrics(ctx, ms); err != nil {
			t.Fatal(err)
		}
	}
	expose := func() {
		t.Helper()
		_, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
			var out []model.Exposure
			for _, r := range in.Runs {
				out = append(out, model.Exposure{SessionID: r.SessionID, HoursSinceStrength: 24})
			}
			return out, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	staleExposures := func() int {
		t.Helper()
		st, err := db.MetricsStatus(ctx, 1, "hysteresis_m=3", "fp")
		if err != nil {
			t.Fatal(err)
		}
		return st.StaleExposures
	}
	put(runMetrics(r1), runMetrics(r2), strengthMetrics(lift, 1, 500))
	expose()
	if n := staleExposures(); n != 0 {
		t.Fatalf("%d stale exposures after UpdateExposures", n)
	}
	put(runMetrics(r2))
	if n := staleExposures(); n != 1 {
		t.Errorf("after rewriting one run: %d stale exposures, want 1", n)
	}
	if m, _ := db.GetMetrics(ctx, r2); m.Exposure != nil {
		t.Errorf("a rewritten run keeps its old exposure %+v", m.Exposure)
	}
	expose()
	put(strengthMetrics(lift, 2, 900))
	if n := staleExposures(); n != 2 {
		t.Errorf("after rewriting a strength session: %d stale exposures, want 2", n)
	}
	m, err := db.GetMetrics(ctx, r1)
	if err != nil || m.Exposure == nil || m.Exposure.HoursSinceStrength != 24 || m.Exposure.Settings != "" {
		t.Errorf("stale exposure of r1: %+v, %v; want kept, marked out of date", m.Exposure, err)
	}
}

// TestMetricsTriggers: a session replaced by a richer recording (a FIT
// after Strava's GPX) loses its metrics; a strength session that goes (its
// source deleted) makes every run's exposures stale.
func TestMetricsTriggers(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	run := fullRun(t)
	gpx := importOne(t, db, sourceOf("strava/1.gpx", model.FormatGPX), gpxCopy(run, "Morning hills"))
	id := gpx.SessionIDs[0]
	lift := importLift(t, db, "lift.fit", run.Start.Add(-30*time.Hour))
	if err := db.PutMetrics(ctx, []model.Metrics{runMetrics(id), strengthMetrics(lift, 1, 500)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
		return []model.Exposure{{SessionID: id}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	fit := importOne(t, db, sourceOf("watch/run.fit", model.FormatFIT), run)
	if len(fit.MergedIDs) != 1 || fit.MergedIDs[0] != id {
		t.Fatalf("FIT outcome %+v, want merged into %d", fit, id)
	}
	if _, err := db.GetMetrics(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("metrics of the replaced session: %v, want none (ErrNotFound)", err)
	}
	if _, err := db.GetMetrics(ctx, lift); err != nil {
		t.Errorf("metrics of the untouched strength session: %v", err)
	}
	// Back to current, then the strength session's source goes.
	if err := db.PutMetrics(ctx, []model.Metrics{runMetrics(id)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
		return []model.Exposure{{SessionID: id}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec("DELETE FROM sources WHERE path = 'lift.fit'"); err != nil {
		t.Fatal(err)
	}
	st, err := db.MetricsStatus(ctx, 1, "hysteresis_m=3", "fp")
	if err != nil {
		t.Fatal(err)
	}
	if st.StaleExposures != 1 || st.Stale != 0 || st.Sessions != 1 {
		t.Errorf("after deleting the strength session: %+v, want 1 session, its exposure stale", st)
	}
}

// TestUpdateExposuresSkipsUnanalysedRuns: a run without a metrics row is
// not written (nor counted).
func TestUpdateExposuresSkipsUnanalysedRuns(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := mustTime(t, "2024-03-05T07:00:00Z")
	r1 := importRun(t, db, "r1.fit", t0)
	r2 := importRun(t, db, "r2.fit", t0.Add(time.Hour))
	if err := db.PutMetrics(ctx, []model.Metrics{runMetrics(r1)}); err != nil {
		t.Fatal(err)
	}
	n, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
		if len(in.Runs) != 2 || !math.IsNaN(in.Runs[1].ClimbPerKm) {
			return nil, fmt.Errorf("inputs %+v, want both runs, the second without a climb", in.Runs)
		}
		return []model.Exposure{{SessionID: r1}, {SessionID: r2}}, nil
	})
	if err != nil || n != 1 {
		t.Errorf("UpdateExposures = %d, %v; want 1", n, err)
	}
	if _, err := db.UpdateExposures(ctx, "", nil); err == nil {
		t.Error("an empty fingerprint was accepted")
	}
	boom := errors.New("boom")
	if _, err := db.UpdateExposures(ctx, "fp2", func(model.ExposureInputs) ([]model.Exposure, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("compute error: %v, want it wrapped", err)
	}
}

// importMany imports n sessions (two runs to one strength session) in one
// source and returns their IDs.
func importMany(b testing.TB, db *DB, n int) []int64 {
	b.Helper()
	t0 := time.Date(2015, 1, 1, 7, 0, 0, 0, time.UTC)
	sessions := make([]model.Session, n)
	for i := range sessions {
		start := t0.Add(time.Duration(i) * 22 * time.Hour)
		if i%3 == 2 {
			s := model.NewSession(model.Strength, start)
			s.Sets = []model.StrengthSet{{Start: start, Category: "deadlift", Exercise: "barbell_deadlift", Reps: 5, WeightKg: 100}}
			sessions[i] = s
		} else {
			sessions[i] = model.NewSession(model.Running, start)
			sessions[i].ElapsedS = 1800
		}
	}
	return importOne(b, db, testSource(fmt.Sprintf("many-%d", n)), sessions...).SessionIDs
}

// BenchmarkMetricsStore4000 stores metrics for 4,000 sessions and updates
// every run's exposures, as `backtrack analyze` does for ten years of data.
func BenchmarkMetricsStore4000(b *testing.B) {
	ctx := context.Background()
	db := openTest(b)
	ids := importMany(b, db, 4000)
	ms := make([]model.Metrics, len(ids))
	for i, id := range ids {
		if i%3 == 2 {
			ms[i] = strengthMetrics(id, 1, 500)
		} else {
			ms[i] = runMetrics(id)
		}
	}
	for b.Loop() {
		if err := db.PutMetrics(ctx, ms); err != nil {
			b.Fatal(err)
		}
		n, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
			out := make([]model.Exposure, len(in.Runs))
			for i, r := range in.Runs {
				out[i] = model.Exposure{SessionID: r.SessionID, HoursSinceStrength: math.NaN()}
			}
			return out, nil
		})
		if err != nil || n != 2667 {
			b.Fatalf("UpdateExposures = %d, %v", n, err)
		}
		if _, err := db.ListMetrics(ctx, SessionFilter{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMetricsStoreSpeed holds the store's share of the 2 s budget for
// 4,000 sessions (writing all metrics, updating all exposures and reading
// them back: half a second, BenchmarkMetricsStore4000 measures it) with a
// generous bound of 2 s, and only with BACKTRACK_HEAVY=1: plain go test
// asserts no time.
func TestMetricsStoreSpeed(t *testing.T) {
	testutil.NeedHeavy(t)
	if testutil.RaceEnabled {
		t.Skip("timing budget: skipped under -race")
	}
	res := testing.Benchmark(BenchmarkMetricsStore4000)
	per := time.Duration(res.NsPerOp())
	t.Logf("store 4,000 sessions' metrics, update 2,667 exposures, read back: %v", per)
	if per > 2*time.Second {
		t.Errorf("took %v, budget 500 ms (bound 2 s)", per)
	}
}

// TestFormExposures: the exposure inputs carry each run's form metrics and
// the device that measured them (from the session's recorder), and the
// form flags and balance baseline written by UpdateExposures read back.
func TestFormExposures(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t0 := mustTime(t, "2024-03-05T07:00:00Z")
	s := model.NewSession(model.Running, t0)
	s.ElapsedS = 1800
	s.Recorder = model.Recorder{Manufacturer: "garmin", Product: "fenix6", Serial: 3903248639, FormSensor: "garmin hrm_pro"}
	run := importOne(t, db, testSource("strap.fit"), s).SessionIDs[0]
	plain := importRun(t, db, "plain.fit", t0.Add(24*time.Hour))
	got, err := db.GetSession(ctx, run, false)
	if err != nil || got.Recorder != s.Recorder {
		t.Fatalf("recorder %+v (%v), want %+v", got.Recorder, err, s.Recorder)
	}
	m := runMetrics(run)
	if err := db.PutMetrics(ctx, []model.Metrics{m, runMetrics(plain)}); err != nil {
		t.Fatal(err)
	}
	n, err := db.UpdateExposures(ctx, "fp", func(in model.ExposureInputs) ([]model.Exposure, error) {
		if len(in.Runs) != 2 || in.Runs[0].FormDevice != "garmin fenix6 / garmin hrm_pro" || in.Runs[1].FormDevice != "" {
			t.Errorf("inputs %+v", in.Runs)
		}
		if d := cmp.Diff(m.Form, in.Runs[0].Form, cmpopts.EquateNaNs()); d != "" {
			t.Errorf("form in the inputs (-want +got):\n%s", d)
		}
		return []model.Exposure{
			{SessionID: run, FormDrift: model.FlagYes, BalanceShift: model.FlagNo, BalanceBaselinePct: 49.6},
			{SessionID: plain, BalanceBaselinePct: math.NaN()},
		}, nil
	})
	if err != nil || n != 2 {
		t.Fatalf("UpdateExposures: %d, %v", n, err)
	}
	ms, err := db.ListMetrics(ctx, SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if e := ms[run].Exposure; e == nil || e.FormDrift != model.FlagYes || e.BalanceShift != model.FlagNo || e.BalanceBaselinePct != 49.6 {
		t.Errorf("run's exposure %+v", e)
	}
	if e := ms[plain].Exposure; e == nil || e.FormDrift.Known() || e.BalanceShift.Known() || !math.IsNaN(e.BalanceBaselinePct) {
		t.Errorf("plain run's exposure %+v", e)
	}
}
