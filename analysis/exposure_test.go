package analysis_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

var london = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// local returns the instant of a wall-clock time in London.
func local(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, london)
}

// lift returns a strength session reference with deadlifts or not.
func lift(id int64, start time.Time, deadliftSets int, volumeKg float64) model.ExposureStrength {
	return model.ExposureStrength{SessionID: id, Start: start, DeadliftSets: deadliftSets, DeadliftVolumeKg: volumeKg}
}

// TestExposureWindowEdges: the strength window includes sessions that
// started 0 to 48 h before the run (47 h 59 m in, 48 h 01 m out, exactly
// 48 h in), never after it; so does the deadlift window at 14 days.
func TestExposureWindowEdges(t *testing.T) {
	set := analysis.DefaultSettings()
	run := time.Date(2024, 6, 12, 7, 0, 0, 0, time.UTC)
	tests := []struct {
		name                   string
		before                 time.Duration // the lift started this long before the run
		deadlift               bool
		want48h, wantStrength  bool
		want14d                bool
		wantVolume72h, want7d  float64
		wantHoursSinceDeadlift float64
	}{
		{"47h59m", 47*time.Hour + 59*time.Minute, true, true, true, true, 2000, 2000, 47 + 59.0/60},
		{"exactly 48h", 48 * time.Hour, true, true, true, true, 2000, 2000, 48},
		{"48h01m", 48*time.Hour + time.Minute, true, false, false, true, 2000, 2000, 48 + 1.0/60},
		{"72h01m", 72*time.Hour + time.Minute, true, false, false, true, 0, 2000, 72 + 1.0/60},
		{"same instant", 0, true, true, true, true, 2000, 2000, 0},
		{"1 minute after the run", -time.Minute, true, false, false, false, 0, 0, math.NaN()},
		{"no deadlifts 24h", 24 * time.Hour, false, false, true, false, 0, 0, math.NaN()},
		{"13d23h59m", 14*24*time.Hour - time.Minute, true, false, false, true, 0, 0, 14*24 - 1.0/60},
		{"14d01m", 14*24*time.Hour + time.Minute, true, false, false, false, 0, 0, 14*24 + 1.0/60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dl, vol := 0, 0.0
			if tt.deadlift {
				dl, vol = 4, 2000
			}
			got := analysis.Exposures([]model.ExposureRun{{SessionID: 1, Start: run}}, []model.ExposureStrength{lift(9, run.Add(-tt.before), dl, vol)}, set)
			e := got[0]
			if e.Deadlift48h != tt.want48h || e.Strength48h != tt.wantStrength || e.Deadlift14d != tt.want14d {
				t.Errorf("deadlift_48h %v strength_48h %v deadlift_14d %v, want %v %v %v", e.Deadlift48h, e.Strength48h, e.Deadlift14d, tt.want48h, tt.wantStrength, tt.want14d)
			}
			if e.DeadliftVolume72hKg != tt.wantVolume72h || e.DeadliftVolume7dKg != tt.want7d {
				t.Errorf("deadlift volume 72 h %v, 7 d %v; want %v, %v", e.DeadliftVolume72hKg, e.DeadliftVolume7dKg, tt.wantVolume72h, tt.want7d)
			}
			if !approxNaN(e.HoursSinceDeadlift, tt.wantHoursSinceDeadlift) {
				t.Errorf("hours since deadlift %v, want %v", e.HoursSinceDeadlift, tt.wantHoursSinceDeadlift)
			}
		})
	}
}

func approxNaN(a, b float64) bool {
	return math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) < 1e-9
}

// TestExposureDST: windows are UTC hours, not local days. Across the
// clocks going forward (last Sunday of March) Friday 18:00 to Sunday 18:30
// in London is 47.5 h; across the clocks going back (last Sunday of
// October) Friday 18:00 to Sunday 17:30 is 48.5 h.
func TestExposureDST(t *testing.T) {
	set := analysis.DefaultSettings()
	tests := []struct {
		name      string
		lift, run time.Time
		wantHours float64
		want48h   bool
	}{
		{"spring forward: 48h30m of wall clock is 47h30m", local(2024, 3, 29, 18, 0), local(2024, 3, 31, 18, 30), 47.5, true},
		{"spring forward: same wall-clock time two days on is 47h", local(2024, 3, 29, 18, 0), local(2024, 3, 31, 18, 0), 47, true},
		{"fall back: 47h30m of wall clock is 48h30m", local(2024, 10, 25, 18, 0), local(2024, 10, 27, 17, 30), 48.5, false},
		{"fall back: same wall-clock time two days on is 49h", local(2024, 10, 25, 18, 0), local(2024, 10, 27, 18, 0), 49, false},
		{"no change: two days is 48h", local(2024, 6, 7, 18, 0), local(2024, 6, 9, 18, 0), 48, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, off1 := tt.lift.Zone(); tt.name[:2] != "no" {
				if _, off2 := tt.run.Zone(); off1 == off2 {
					t.Fatalf("the lift and the run share the offset %d: the case crosses no change", off1)
				}
			}
			e := analysis.Exposures([]model.ExposureRun{{SessionID: 1, Start: tt.run}}, []model.ExposureStrength{lift(2, tt.lift, 3, 1500)}, set)[0]
			if e.HoursSinceDeadlift != tt.wantHours || e.HoursSinceStrength != tt.wantHours {
				t.Errorf("hours since deadlift %v, since strength %v; want %v", e.HoursSinceDeadlift, e.HoursSinceStrength, tt.wantHours)
			}
			if e.Deadlift48h != tt.want48h || e.Strength48h != tt.want48h {
				t.Errorf("deadlift_48h %v strength_48h %v, want %v", e.Deadlift48h, e.Strength48h, tt.want48h)
			}
		})
	}
}

// TestExposuresSeveral: several sessions, given out of order, with a
// strength session without deadlifts after the last deadlift one, and a
// deadlift session whose volume is unknown.
func TestExposuresSeveral(t *testing.T) {
	set := analysis.DefaultSettings()
	t0 := time.Date(2024, 1, 15, 18, 0, 0, 0, time.UTC)
	strength := []model.ExposureStrength{
		lift(30, t0.Add(100*time.Hour), 0, 0),         // upper body only
		lift(10, t0, 4, 2000),                         // deadlifts
		lift(20, t0.Add(50*time.Hour), 3, math.NaN()), // deadlifts, weights not recorded
		lift(5, t0.Add(-20*24*time.Hour), 4, 1800),    // long before
		lift(40, t0.Add(30*24*time.Hour), 4, 2100),    // after every run
	}
	nan := math.NaN()
	runs := []model.ExposureRun{
		{SessionID: 3, Start: t0.Add(110 * time.Hour), ClimbPerKm: nan, CadenceDriftPct: nan},
		{SessionID: 1, Start: t0.Add(13 * time.Hour), ClimbPerKm: nan, CadenceDriftPct: nan},
		{SessionID: 2, Start: t0.Add(-24 * time.Hour), ClimbPerKm: nan, CadenceDriftPct: nan},
	}
	got := analysis.Exposures(runs, strength, set)
	want := []model.Exposure{
		{SessionID: 3, Deadlift48h: false, Strength48h: true, Deadlift14d: true,
			HoursSinceStrength: 10, HoursSinceDeadlift: 60, DeadliftVolume72hKg: 0, DeadliftVolume7dKg: 2000, BalanceBaselinePct: nan},
		{SessionID: 1, Deadlift48h: true, Strength48h: true, Deadlift14d: true,
			HoursSinceStrength: 13, HoursSinceDeadlift: 13, DeadliftVolume72hKg: 2000, DeadliftVolume7dKg: 2000, BalanceBaselinePct: nan},
		{SessionID: 2, Deadlift48h: false, Strength48h: false, Deadlift14d: false,
			HoursSinceStrength: 19 * 24, HoursSinceDeadlift: 19 * 24, DeadliftVolume72hKg: 0, DeadliftVolume7dKg: 0, BalanceBaselinePct: nan},
	}
	if d := cmp.Diff(want, got, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("exposures (-want +got):\n%s", d)
	}
	// A shorter window from the settings.
	set.StrengthWindowH = 12
	if e := analysis.Exposures(runs[1:2], strength, set)[0]; e.Deadlift48h || e.Strength48h {
		t.Errorf("with a 12 h window a lift 13 h before counts: %+v", e)
	}
	set.StrengthWindowH, set.DeadliftWindowD = 48, 19
	if e := analysis.Exposures(runs[2:], strength, set)[0]; !e.Deadlift14d {
		t.Errorf("with a 19-day window a deadlift exactly 19 days before the run does not count: %+v", e)
	}
	set.DeadliftWindowD = 18.9
	if e := analysis.Exposures(runs[2:], strength, set)[0]; e.Deadlift14d {
		t.Errorf("with an 18.9-day window a deadlift 19 days before counts: %+v", e)
	}
}

// TestExposureFlags: a run's own flags come from its climb and drift under
// the settings' thresholds, unknown when those are.
func TestExposureFlags(t *testing.T) {
	set := analysis.DefaultSettings()
	t0 := time.Date(2024, 6, 12, 7, 0, 0, 0, time.UTC)
	runs := []model.ExposureRun{
		{SessionID: 1, Start: t0, ClimbPerKm: 15, CadenceDriftPct: -3},
		{SessionID: 2, Start: t0, ClimbPerKm: 14.9, CadenceDriftPct: -2.9},
		{SessionID: 3, Start: t0, ClimbPerKm: math.NaN(), CadenceDriftPct: math.NaN()},
	}
	want := []struct{ hilly, drift model.Flag }{
		{model.FlagYes, model.FlagYes}, {model.FlagNo, model.FlagNo}, {model.FlagUnknown, model.FlagUnknown},
	}
	for i, e := range analysis.Exposures(runs, nil, set) {
		if e.SessionID != runs[i].SessionID || e.Hilly != want[i].hilly || e.CadenceDrift != want[i].drift {
			t.Errorf("run %d: session %d, hilly %v, cadence drift %v; want %d, %v, %v", i, e.SessionID, e.Hilly, e.CadenceDrift,
				runs[i].SessionID, want[i].hilly, want[i].drift)
		}
	}
	set.HillyClimbMPerKm, set.CadenceDriftPct = 20, 2
	if e := analysis.Exposures(runs[:1], nil, set)[0]; e.Hilly != model.FlagNo || e.CadenceDrift != model.FlagYes {
		t.Errorf("with 20 m/km and 2%%: hilly %v, cadence drift %v; want no, yes", e.Hilly, e.CadenceDrift)
	}
}

// TestExposuresMatchBruteForce compares the sorted sweep with the
// definition applied run by run on random calendars.
func TestExposuresMatchBruteForce(t *testing.T) {
	set := analysis.DefaultSettings()
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		t0 := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		var runs []model.ExposureRun
		var lifts []model.ExposureStrength
		for i := 0; i < 200; i++ {
			at := t0.Add(time.Duration(r.IntN(365*24*60)) * time.Minute)
			if r.IntN(3) == 0 {
				dl := 0
				if r.IntN(2) == 0 {
					dl = 1 + r.IntN(5)
				}
				lifts = append(lifts, lift(int64(i), at, dl, float64(dl)*float64(r.IntN(5))*250))
			} else {
				runs = append(runs, model.ExposureRun{SessionID: int64(i), Start: at, ClimbPerKm: float64(r.IntN(30)), CadenceDriftPct: -float64(r.IntN(6))})
			}
		}
		got := analysis.Exposures(runs, lifts, set)
		for i, run := range runs {
			want := bruteExposure(run, lifts, set)
			if d := cmp.Diff(want, got[i], cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)); d != "" {
				t.Fatalf("seed %d run %d (-brute force +sweep):\n%s", seed, run.SessionID, d)
			}
		}
	}
}

func bruteExposure(run model.ExposureRun, lifts []model.ExposureStrength, set analysis.Settings) model.Exposure {
	e := model.Exposure{SessionID: run.SessionID, HoursSinceStrength: math.NaN(), HoursSinceDeadlift: math.NaN(),
		Hilly: set.Hilly(run.ClimbPerKm), CadenceDrift: set.CadenceDrift(run.CadenceDriftPct), BalanceBaselinePct: math.NaN()}
	for _, l := range lifts {
		d := run.Start.Sub(l.Start)
		if d < 0 {
			continue
		}
		h := d.Hours()
		if math.IsNaN(e.HoursSinceStrength) || h < e.HoursSinceStrength {
			e.HoursSinceStrength = h
		}
		if d <= set.StrengthWindow() {
			e.Strength48h = true
		}
		if l.DeadliftSets == 0 {
			continue
		}
		if math.IsNaN(e.HoursSinceDeadlift) || h < e.HoursSinceDeadlift {
			e.HoursSinceDeadlift = h
		}
		if d <= set.StrengthWindow() {
			e.Deadlift48h = true
		}
		if d <= set.DeadliftWindow() {
			e.Deadlift14d = true
		}
		if d <= 72*time.Hour {
			e.DeadliftVolume72hKg += l.DeadliftVolumeKg
		}
		if d <= 7*24*time.Hour {
			e.DeadliftVolume7dKg += l.DeadliftVolumeKg
		}
	}
	return e
}

// TestStrengthMetrics sums sets, reps and volume by category; bodyweight
// sets add to sets and reps but not to volume.
func TestStrengthMetrics(t *testing.T) {
	t0 := time.Date(2024, 2, 5, 18, 0, 0, 0, time.UTC)
	set := func(cat string, reps int, kg float64) model.StrengthSet {
		return model.StrengthSet{Start: t0, DurationS: 30, Category: cat, Exercise: cat, Reps: reps, WeightKg: kg}
	}
	nan := math.NaN()
	tests := []struct {
		name  string
		sets  []model.StrengthSet
		want  model.StrengthTotals
		byCat []analysis.CategoryTotals
	}{
		{"deadlifts and squats", []model.StrengthSet{set("deadlift", 5, 100), set("squat", 6, 80), set("deadlift", 5, 100), set("deadlift", 4, 102.5)},
			model.StrengthTotals{Sets: 4, Reps: 20, VolumeKg: 1000 + 410 + 480, DeadliftSets: 3, DeadliftVolumeKg: 1410},
			[]analysis.CategoryTotals{{"deadlift", 3, 14, 1410}, {"squat", 1, 6, 480}}},
		{"bodyweight only", []model.StrengthSet{set("hyperextension", 12, nan), set("plank", model.NoReps, nan)},
			model.StrengthTotals{Sets: 2, Reps: 12, VolumeKg: nan},
			[]analysis.CategoryTotals{{"hyperextension", 1, 12, nan}, {"plank", 1, 0, nan}}},
		{"deadlifts without weights", []model.StrengthSet{set("deadlift", 8, nan), set("row", 10, 30)},
			model.StrengthTotals{Sets: 2, Reps: 18, VolumeKg: 300, DeadliftSets: 1, DeadliftVolumeKg: nan},
			[]analysis.CategoryTotals{{"deadlift", 1, 8, nan}, {"row", 1, 10, 300}}},
		{"no sets", nil, model.StrengthTotals{VolumeKg: nan}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := model.NewSession(model.Strength, t0)
			s.Sets = tt.sets
			got := analysis.StrengthTotals(&s)
			if d := cmp.Diff(tt.want, got, cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("StrengthTotals (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.byCat, analysis.StrengthByCategory(&s), cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("StrengthByCategory (-want +got):\n%s", d)
			}
			if !analysis.HasStrength(&s) {
				t.Error("a strength session does not count as strength")
			}
		})
	}
}
