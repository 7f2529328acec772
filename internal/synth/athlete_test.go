package synth

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// runs returns the running sessions and their plans, in start order.
func runsOf(a *Athlete) []*model.Session {
	var rs []*model.Session
	for i := range a.Sessions {
		if a.Sessions[i].Sport == model.Running {
			rs = append(rs, &a.Sessions[i])
		}
	}
	return rs
}

func runPlans(c Config) []*runPlan {
	var ps []*runPlan
	for _, it := range makePlan(c).items {
		if it.run != nil {
			ps = append(ps, it.run)
		}
	}
	return ps
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// cadenceDrop is 1 - median cadence over the final 25% of moving samples /
// median over 10–50%, and the same for speed.
func cadenceDrop(s *model.Session) (cad, speed float64) {
	var c, v []float64
	for i := 0; i < s.Samples.Len(); i++ {
		if s.Samples.SpeedMPS[i] > 0 {
			c = append(c, s.Samples.CadenceSPM[i])
			v = append(v, s.Samples.SpeedMPS[i])
		}
	}
	n := len(c)
	cad = 1 - median(c[n*3/4:])/median(c[n/10:n/2])
	speed = 1 - median(v[n*3/4:])/median(v[n/10:n/2])
	return cad, speed
}

// climbPerKm counts ascent with a 3 m threshold (GoldenCheetah, Runalyze)
// and the share of distance at grade ≥ 5% uphill over 50 m spans.
func climbPerKm(s *model.Session) (perKm, steepShare float64) {
	x := &s.Samples
	ref := x.AltM[0]
	var asc, steep float64
	ai := 0
	for i := 1; i < x.Len(); i++ {
		a := x.AltM[i]
		switch {
		case a-ref >= 3:
			asc += a - ref
			ref = a
		case ref-a >= 3:
			ref = a
		}
		if dd := x.DistM[i] - x.DistM[ai]; dd >= 50 {
			if (x.AltM[i]-x.AltM[ai])/dd >= 0.05 {
				steep += dd
			}
			ai = i
		}
	}
	d := x.DistM[x.Len()-1]
	return asc / d * 1000, steep / d
}

func TestGenerateRuns(t *testing.T) {
	c := Config{Seed: 7}
	a := Generate(c)
	plans := runPlans(c)
	rs := runsOf(a)
	if len(rs) != len(plans) {
		t.Fatalf("%d runs, %d plans", len(rs), len(plans))
	}
	first, last := rs[0].Start, rs[len(rs)-1].Start
	weeks := last.Sub(first).Hours() / 24 / 7
	if perWeek := float64(len(rs)) / weeks; perWeek < 3.5 || perWeek > 4.7 {
		t.Errorf("%.2f runs per week, want about 4", perWeek)
	}
	zone := testutil.Zone(t, "Europe/London")
	var treadmill, flat, hilly, drifts, autoPauses, standing int
	offsets := map[int]bool{}
	for i, s := range rs {
		p := plans[i]
		x := &s.Samples
		if min := s.ElapsedS / 60; min < 25 || min > 100 {
			t.Errorf("run %d lasts %.1f min, want 25–100", i+1, min)
		}
		if _, off := s.Start.In(zone).Zone(); s.OffsetS != off || s.OffsetOrigin != model.OffsetDevice {
			t.Errorf("run %d offset %d (%s), want %d", i+1, s.OffsetS, s.OffsetOrigin, off)
		}
		offsets[s.OffsetS] = true
		if got := x.T[x.Len()-1]; got != s.ElapsedS || x.T[0] != 0 {
			t.Errorf("run %d samples span %v..%v, elapsed %v", i+1, x.T[0], got, s.ElapsedS)
		}
		var movingSpeed []float64
		var cads []float64
		for j := 0; j < x.Len(); j++ {
			if j > 0 && (x.T[j] <= x.T[j-1] || x.DistM[j] < x.DistM[j-1]) {
				t.Fatalf("run %d sample %d goes back in time or distance", i+1, j)
			}
			if x.T[j] != math.Trunc(x.T[j]) {
				t.Fatalf("run %d sample %d at fractional second %v", i+1, j, x.T[j])
			}
			if x.SpeedMPS[j] > 0 {
				movingSpeed = append(movingSpeed, x.SpeedMPS[j])
				cads = append(cads, x.CadenceSPM[j])
			}
			if hr := x.HR[j]; hr < 70 || hr > 195 {
				t.Fatalf("run %d sample %d heart rate %v", i+1, j, hr)
			}
		}
		if v := median(movingSpeed); v < 2.5 || v > 3.7 {
			t.Errorf("run %d median speed %.2f m/s", i+1, v)
		}
		if c := median(cads[:len(cads)/2]); c < 160 || c > 185 {
			t.Errorf("run %d median cadence %.1f steps/min", i+1, c)
		}
		// Laps: 1 km each but the last, covering the whole run.
		var lapElapsed, lapDist float64
		for k, l := range s.Laps {
			lapElapsed += l.ElapsedS
			lapDist += l.DistanceM
			if k < len(s.Laps)-1 && math.Abs(l.DistanceM-1000) > 10 {
				t.Errorf("run %d lap %d is %.1f m", i+1, k+1, l.DistanceM)
			}
		}
		if lapElapsed != s.ElapsedS || math.Abs(lapDist-s.DistanceM) > 0.05 {
			t.Errorf("run %d laps sum to %v s %v m, session %v s %v m", i+1, lapElapsed, lapDist, s.ElapsedS, s.DistanceM)
		}
		// The plan's late drop is what the samples show, and only then.
		drop, _ := cadenceDrop(s)
		if p.drift {
			drifts++
			if drop < 0.04 {
				t.Errorf("run %d planned a late cadence drop but drops %.1f%%", i+1, 100*drop)
			}
		} else if drop > 0.025 {
			t.Errorf("run %d drops %.1f%% without a planned drop", i+1, 100*drop)
		}
		switch p.pauseKind {
		case pauseAuto:
			autoPauses++
			if s.TimerS != s.ElapsedS-float64(p.pauseS) {
				t.Errorf("run %d auto-pause: timer %v elapsed %v pause %d", i+1, s.TimerS, s.ElapsedS, p.pauseS)
			}
		case pauseStanding:
			standing++
		}
		if s.SubSport == "treadmill" {
			treadmill++
			if slices.ContainsFunc(x.Lat, model.Known) || slices.ContainsFunc(x.AltM, model.Known) {
				t.Errorf("treadmill run %d has positions or altitude", i+1)
			}
			continue
		}
		perKm, steep := climbPerKm(s)
		if p.route.hilly {
			hilly++
			if perKm < 20 || steep < 0.1 {
				t.Errorf("hilly run %d (%s) climbs %.1f m/km, %.0f%% at ≥ 5%%", i+1, p.route.name, perKm, 100*steep)
			}
		} else {
			flat++
			if perKm >= 5 {
				t.Errorf("flat run %d (%s) climbs %.1f m/km", i+1, p.route.name, perKm)
			}
		}
	}
	share := float64(drifts) / float64(len(rs))
	if share < 0.15 || share > 0.35 {
		t.Errorf("%.0f%% of runs have a late cadence drop, want about 25%%", 100*share)
	}
	if treadmill == 0 || flat == 0 || hilly == 0 || autoPauses == 0 || standing == 0 {
		t.Errorf("treadmill %d, flat %d, hilly %d, auto-pauses %d, standing pauses %d: want each > 0",
			treadmill, flat, hilly, autoPauses, standing)
	}
	if !offsets[0] || !offsets[3600] {
		t.Errorf("offsets %v: want both GMT and BST", offsets)
	}
}

func TestGenerateStrength(t *testing.T) {
	a := Generate(Config{Seed: 3})
	var lifts []*model.Session
	for i := range a.Sessions {
		if a.Sessions[i].Sport == model.Strength {
			lifts = append(lifts, &a.Sessions[i])
		}
	}
	weeks := lifts[len(lifts)-1].Start.Sub(lifts[0].Start).Hours() / 24 / 7
	if perWeek := float64(len(lifts)) / weeks; perWeek < 1.6 || perWeek > 2.4 {
		t.Errorf("%.2f strength sessions per week, want about 2", perWeek)
	}
	for _, s := range lifts {
		if s.SubSport != "strength_training" || len(s.Sets) == 0 {
			t.Fatalf("strength session %v: sub-sport %q, %d sets", s.Start, s.SubSport, len(s.Sets))
		}
		for j, set := range s.Sets {
			if set.Reps <= 0 || !model.Known(set.DurationS) || set.Start.Before(s.Start) || set.Start.After(s.End()) {
				t.Errorf("session %v set %d: %+v", s.Start, j, set)
			}
			if c, _, ok := ExerciseNumbers(set.Category, set.Exercise); !ok || c.String() != set.Category {
				t.Errorf("set %q/%q has no FIT numbers", set.Category, set.Exercise)
			}
			if j > 0 && !set.Start.After(s.Sets[j-1].Start.Add(time.Duration(s.Sets[j-1].DurationS)*time.Second)) {
				t.Errorf("session %v set %d overlaps the previous one", s.Start, j)
			}
		}
	}
}

// TestDeadliftFreeBlock checks the weeks-scale story: deadlifts, then a
// block of four or more weeks of lifting without them, then deadlifts again.
func TestDeadliftFreeBlock(t *testing.T) {
	for _, months := range []int{3, 6, 12} {
		t.Run(fmt.Sprintf("%d months", months), func(t *testing.T) {
			a := GenerateSummaries(Config{Seed: 11, Months: months})
			var dl []time.Time
			for _, s := range a.Sessions {
				if slices.ContainsFunc(s.Sets, model.StrengthSet.IsDeadlift) {
					dl = append(dl, s.Start)
				}
			}
			var gapFrom, gapTo time.Time
			for i := 1; i < len(dl); i++ {
				if dl[i].Sub(dl[i-1]) > gapTo.Sub(gapFrom) {
					gapFrom, gapTo = dl[i-1], dl[i]
				}
			}
			if gap := gapTo.Sub(gapFrom); gap < 28*24*time.Hour {
				t.Fatalf("longest deadlift-free gap %v, want ≥ 4 weeks", gap)
			}
			var during, runsDuring int
			for _, s := range a.Sessions {
				if s.Start.After(gapFrom) && s.Start.Before(gapTo) {
					if s.Sport == model.Strength {
						during++
					} else {
						runsDuring++
					}
				}
			}
			weeks := gapTo.Sub(gapFrom).Hours() / 24 / 7
			if float64(during) < 1.5*weeks || float64(runsDuring) < 3*weeks {
				t.Errorf("during the %.1f-week block: %d strength sessions, %d runs; want lifting and running to go on", weeks, during, runsDuring)
			}
		})
	}
}

// painRuns applies the outcome rule (docs/definitions.md): an event belongs to the last
// run that started before it if it came during the run or within 24 h after
// it; a date-only event belongs to the last run on that local date.
func painRuns(t *testing.T, rs []*model.Session, pain []model.PainEvent) map[int]bool {
	t.Helper()
	got := map[int]bool{}
	for _, p := range pain {
		at, timed := p.Instant()
		best := -1
		for i, r := range rs {
			if timed && !r.Start.After(at) {
				best = i
			}
			if !timed && r.LocalDate() == p.LocalDate {
				best = i
			}
		}
		if best < 0 {
			t.Errorf("pain event %+v belongs to no run", p)
			continue
		}
		if timed && at.After(rs[best].End().Add(24*time.Hour)) {
			t.Errorf("pain event %+v comes more than 24 h after its run", p)
		}
		got[best] = true
	}
	return got
}

func deadlift48h(a *Athlete, run *model.Session) bool {
	for _, s := range a.Sessions {
		if d := run.Start.Sub(s.Start); d >= 0 && d <= 48*time.Hour && slices.ContainsFunc(s.Sets, model.StrengthSet.IsDeadlift) {
			return true
		}
	}
	return false
}

func TestPlantedTrigger(t *testing.T) {
	tests := []struct {
		trigger        string
		minRR, maxRR   float64
		minExp, maxExp float64 // pain share after exposed runs
	}{
		{TriggerDeadlift48h, 4, math.Inf(1), 0.35, 0.55},
		{TriggerFormDrift, 4, math.Inf(1), 0.35, 0.55},
		{TriggerNone, 0.5, 2, 0.05, 0.15},
	}
	for _, tc := range tests {
		t.Run(tc.trigger, func(t *testing.T) {
			var exp, expPain, un, unPain float64
			for seed := int64(1); seed <= 20; seed++ {
				a := GenerateSummaries(Config{Seed: seed, Trigger: tc.trigger})
				rs := runsOf(a)
				hurt := painRuns(t, rs, a.Pain)
				if len(hurt) != len(a.Pain) {
					t.Errorf("seed %d: %d events on %d runs, want one run each", seed, len(a.Pain), len(hurt))
				}
				for i, r := range rs {
					exposed := deadlift48h(a, r)
					if tc.trigger == TriggerFormDrift {
						exposed = HasFormDrift(seed, i+1)
					}
					if exposed {
						exp++
						if hurt[i] {
							expPain++
						}
					} else {
						un++
						if hurt[i] {
							unPain++
						}
					}
				}
			}
			re, ru := expPain/exp, unPain/un
			t.Logf("pain after %v of %v exposed runs (%.2f), %v of %v others (%.2f)", expPain, exp, re, unPain, un, ru)
			if re < tc.minExp || re > tc.maxExp || re/ru < tc.minRR || re/ru > tc.maxRR {
				t.Errorf("risk %.3f exposed vs %.3f unexposed (ratio %.1f): want exposed in [%.2f, %.2f], ratio in [%v, %v]",
					re, ru, re/ru, tc.minExp, tc.maxExp, tc.minRR, tc.maxRR)
			}
		})
	}
}

func TestPainLog(t *testing.T) {
	a := GenerateSummaries(Config{Seed: 5})
	if len(a.Pain) < 5 {
		t.Fatalf("%d pain events, want enough to analyse", len(a.Pain))
	}
	var timed, dateOnly, special, glute int
	prev := ""
	for _, p := range a.Pain {
		if p.Severity < 2 || p.Severity > 8 || p.TZ != "Europe/London" || !strings.HasPrefix(p.Location, "lower back") {
			t.Errorf("event %+v", p)
		}
		if _, err := time.Parse(time.DateOnly, p.LocalDate); err != nil {
			t.Errorf("event date %q: %v", p.LocalDate, err)
		}
		key := p.LocalDate + " " + p.LocalTime
		if key < prev {
			t.Errorf("events out of order: %q after %q", key, prev)
		}
		prev = key
		if p.LocalTime == "" {
			dateOnly++
		} else if _, ok := p.Instant(); ok {
			timed++
		} else {
			t.Errorf("event time %q does not parse", p.LocalTime)
		}
		if p.Note == SpecialNote {
			special++
		}
		if p.Location == "lower back, left glute" {
			glute++
		}
	}
	if timed <= dateOnly || dateOnly == 0 || special == 0 || glute == 0 {
		t.Errorf("timed %d, date-only %d, special note %d, glute %d", timed, dateOnly, special, glute)
	}
}

func TestGenerateSummariesMatchesGenerate(t *testing.T) {
	c := Config{Seed: 2, Months: 3}
	full, sum := Generate(c), GenerateSummaries(c)
	if diff := cmp.Diff(full.Pain, sum.Pain); diff != "" {
		t.Errorf("pain differs (-full +summaries):\n%s", diff)
	}
	if len(full.Sessions) != len(sum.Sessions) {
		t.Fatalf("%d sessions vs %d", len(full.Sessions), len(sum.Sessions))
	}
	for i := range full.Sessions {
		f, s := full.Sessions[i], sum.Sessions[i]
		if s.Samples.Len() != 0 || len(s.Laps) != 0 {
			t.Errorf("summary %d has samples or laps", i)
		}
		f.Samples, f.Laps = model.Samples{}, nil
		approx := cmpopts.EquateApprox(0.03, 1)
		noClimb := cmpopts.IgnoreFields(model.Session{}, "AscentM", "DescentM")
		if diff := cmp.Diff(f, s, cmpopts.EquateNaNs(), approx, noClimb); diff != "" {
			t.Errorf("session %d (-full +summary):\n%s", i, diff)
		}
		// On a steep hill a small distance difference is a few metres of climb.
		if d := math.Abs(f.AscentM - s.AscentM); d > max(15, 0.05*f.AscentM) {
			t.Errorf("session %d ascent %v (full) vs %v (summary)", i, f.AscentM, s.AscentM)
		}
		if f.Sport == model.Running && (f.ElapsedS != s.ElapsedS || f.TimerS != s.TimerS || !f.Start.Equal(s.Start)) {
			t.Errorf("run %d times differ: %v %v %v vs %v %v %v", i, f.Start, f.ElapsedS, f.TimerS, s.Start, s.ElapsedS, s.TimerS)
		}
	}
}

// sameFloats reports whether two columns are equal, NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) })
}

// diffSessions compares sessions cheaply: sample columns by value, the
// rest with go-cmp.
func diffSessions(a, b []model.Session) string {
	if len(a) != len(b) {
		return "different session counts"
	}
	for i := range a {
		ca, cb := a[i].Samples.Columns(), b[i].Samples.Columns()
		for j := range ca {
			if !sameFloats(*ca[j], *cb[j]) {
				return "session " + a[i].Start.String() + " column " + model.SampleColumns[j] + " differs"
			}
		}
		x, y := a[i], b[i]
		x.Samples, y.Samples = model.Samples{}, model.Samples{}
		if d := cmp.Diff(x, y, cmpopts.EquateNaNs()); d != "" {
			return d
		}
	}
	return ""
}

func TestGenerateDeterministic(t *testing.T) {
	c := Config{Seed: 42, Months: 2}
	a, b := Generate(c), Generate(c)
	if diff := diffSessions(a.Sessions, b.Sessions); diff != "" {
		t.Errorf("same seed, different sessions:\n%s", diff)
	}
	if diff := cmp.Diff(a.Pain, b.Pain); diff != "" {
		t.Errorf("same seed, different pain:\n%s", diff)
	}
	if a.Zone.String() != "Europe/London" {
		t.Errorf("default zone %v", a.Zone)
	}
	other := Generate(Config{Seed: 43, Months: 2})
	if diffSessions(a.Sessions, other.Sessions) == "" {
		t.Errorf("seeds 42 and 43 gave the same sessions")
	}
}

func TestConfig(t *testing.T) {
	if err := (Config{Trigger: "squat_24h"}).Validate(); err == nil {
		t.Error("unknown trigger validated")
	}
	if err := (Config{Months: -1}).Validate(); err == nil {
		t.Error("negative months validated")
	}
	for _, c := range []Config{{}, {Trigger: TriggerNone}, {Trigger: TriggerDeadlift48h, Months: 1}} {
		if err := c.Validate(); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Generate accepted an unknown trigger")
		}
	}()
	GenerateSummaries(Config{Trigger: "squat_24h"})
}

func TestConfigZoneAndStart(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	a := GenerateSummaries(Config{Seed: 1, Zone: ny, Start: time.Date(2023, 10, 2, 0, 0, 0, 0, time.UTC), Months: 2})
	if a.Zone != ny {
		t.Errorf("zone %v", a.Zone)
	}
	offsets := map[int]bool{}
	for _, s := range a.Sessions {
		if s.LocalDate() < "2023-10-02" || s.LocalDate() >= "2023-12-02" {
			t.Errorf("session on %s outside the two months from 2023-10-02", s.LocalDate())
		}
		if h := s.Local().Hour(); h < 6 || h > 20 {
			t.Errorf("session at local hour %d", h)
		}
		offsets[s.OffsetS] = true
	}
	if !offsets[-4*3600] || !offsets[-5*3600] || len(offsets) != 2 {
		t.Errorf("offsets %v, want EDT and EST", offsets)
	}
	for _, p := range a.Pain {
		if p.TZ != "America/New_York" {
			t.Errorf("pain zone %q", p.TZ)
		}
	}
}
