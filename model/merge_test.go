package model

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// rec returns a recording of s from file key's source.
func rec(key string, f Format, s Session) Recording {
	return Recording{Key: key + "/0", Source: key, Format: f, Session: &s}
}

// runWith returns a run of n samples at 1 Hz with heart rate when hr.
func runWith(start time.Time, n int, hr bool) Session {
	s := NewSession(Running, start)
	s.ElapsedS = float64(n - 1)
	for i := 0; i < n; i++ {
		x := MissingSample(float64(i))
		x.DistM, x.CadenceSPM = float64(i)*3, 170
		if hr {
			x.HR = 140 + float64(i%10)
		}
		s.Samples.Append(x)
	}
	if hr {
		s.AvgHR = 144.5
	}
	return s
}

func TestBetter(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)
	withSamples := rec("b", FormatGPX, runWith(t0, 10, false))
	none := rec("a", FormatFIT, NewSession(Running, t0))
	if !Better(withSamples, none) || Better(none, withSamples) {
		t.Error("samples over none, whatever the format")
	}
	measured, assumed := NewSession(Strength, t0), NewSession(Strength, t0)
	assumed.TimeAssumed = true
	if !Better(rec("b", FormatCSV, measured), rec("a", FormatCSV, assumed)) {
		t.Error("a measured time over an assumed one")
	}
	if !Better(rec("b", FormatFIT, runWith(t0, 10, false)), rec("a", FormatTCX, runWith(t0, 10, true))) {
		t.Error("FIT over TCX")
	}
	if !Better(rec("b", FormatTCX, runWith(t0, 10, true)), rec("a", FormatTCX, runWith(t0, 10, false))) {
		t.Error("more kinds of sample (heart rate)")
	}
	if !Better(rec("a", FormatTCX, runWith(t0, 10, true)), rec("b", FormatTCX, runWith(t0, 10, true))) {
		t.Error("the smaller key on a tie")
	}
}

// TestGroupRecordingsIndependentOfOrder: any order of the same recordings
// gives the same groups, and a date-only log joins one workout, never two.
func TestGroupRecordingsIndependentOfOrder(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 7, 30, 0, 0, time.UTC)
	watchAM := NewSession(Strength, t0)
	watchAM.ElapsedS = 3000
	watchPM := NewSession(Strength, t0.Add(10*time.Hour)) // 17:30
	watchPM.ElapsedS = 3000
	strong := NewSession(Strength, t0.Add(2*time.Minute))
	strong.ElapsedS, strong.Logged = 2900, true
	fitnotes := NewSession(Strength, t0.Add(10*time.Hour+30*time.Minute)) // 18:00 assumed
	fitnotes.TimeAssumed, fitnotes.Logged = true, true
	gpx := runWith(t0.Add(24*time.Hour+20*time.Second), 600, false)
	fit := runWith(t0.Add(24*time.Hour), 600, true)
	recs := []Recording{rec("watchAM", FormatFIT, watchAM), rec("watchPM", FormatFIT, watchPM), rec("strong", FormatCSV, strong),
		rec("fitnotes", FormatCSV, fitnotes), rec("gpx", FormatGPX, gpx), rec("fit", FormatFIT, fit)}
	keys := func(rs []Recording) [][]string {
		var out [][]string
		for _, g := range GroupRecordings(rs) {
			var ks []string
			for _, i := range g {
				ks = append(ks, rs[i].Source)
			}
			out = append(out, ks)
		}
		slices.SortFunc(out, func(a, b []string) int {
			if a[0] < b[0] {
				return -1
			}
			return 1
		})
		return out
	}
	want := keys(recs)
	wantText := [][]string{{"fit", "gpx"}, {"watchAM", "strong"}, {"watchPM", "fitnotes"}}
	if !slices.EqualFunc(want, wantText, slices.Equal) {
		t.Fatalf("groups %v, want %v", want, wantText)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		perm := r.Perm(len(recs))
		shuffled := make([]Recording, len(recs))
		for i, j := range perm {
			shuffled[i] = recs[j]
		}
		if got := keys(shuffled); !slices.EqualFunc(got, want, slices.Equal) {
			t.Fatalf("order %v: groups %v, want %v", perm, got, want)
		}
	}
	// Two recordings of one file are never one activity.
	two := []Recording{rec("x", FormatFIT, fit), {Key: "x/1", Source: "x", Format: FormatFIT, Session: &gpx}}
	if g := GroupRecordings(two); len(g) != 2 {
		t.Errorf("one file's two sessions grouped: %v", g)
	}
}

// TestCompose: the primary is the session; what it lacks comes from the
// others, the heart rate sample by sample; the app's sets win.
func TestCompose(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 6, 0, 0, 0, time.UTC)
	watch := runWith(t0, 600, false)
	watch.OffsetS, watch.OffsetOrigin, watch.Device = 3600, OffsetDevice, "garmin fenix 7"
	strap := runWith(t0.Add(2*time.Second), 600, true)
	strap.Name, strap.Notes, strap.RPE = "Hills", "legs heavy", 7
	strap.OffsetOrigin = OffsetZone
	recs := []Recording{rec("w", FormatFIT, watch), rec("s", FormatTCX, strap)}
	got, gave := Compose(recs)
	if got.Name != "Hills" || got.Notes != "legs heavy" || got.RPE != 7 || got.Device != "garmin fenix 7" || got.OffsetS != 3600 {
		t.Errorf("composed %+v", got)
	}
	if got.AvgHR != 144.5 || got.Samples.Len() != 600 || !Known(got.Samples.HR[0]) || got.Samples.HR[10] != strap.Samples.HR[8] {
		t.Errorf("heart rate %v; samples[10] %v, want the strap's sample 2 s later, %v", got.AvgHR, got.Samples.HR[10], strap.Samples.HR[8])
	}
	if !math.IsNaN(watch.Samples.HR[10]) {
		t.Error("Compose changed the primary's own samples")
	}
	if gave[0] != "the session" || gave[1] != "name, notes, perceived effort, heart rate" {
		t.Errorf("gave %q", gave)
	}
	// Strength: the app's sets replace the watch's, the watch's timing stays.
	w := NewSession(Strength, t0)
	w.ElapsedS = 3000
	w.Sets = []StrengthSet{{Start: t0, Category: "unknown", Exercise: "unknown", Reps: 10, WeightKg: Missing}}
	app := NewSession(Strength, t0.Add(7*time.Minute))
	app.Name = "Pull"
	app.Sets = []StrengthSet{{Start: t0, Category: "deadlift", Exercise: "Deadlift (Barbell)", Reps: 5, WeightKg: 140}}
	got, gave = Compose([]Recording{rec("w", FormatFIT, w), rec("a", FormatCSV, app)})
	if !got.Start.Equal(t0) || got.ElapsedS != 3000 || got.Name != "Pull" || len(got.Sets) != 1 || got.Sets[0].WeightKg != 140 || gave[1] != "name, sets" {
		t.Errorf("composed %+v, gave %q", got, gave)
	}
	// A sport the primary only inferred yields to one a file named.
	inferred := runWith(t0, 60, true)
	inferred.Sport, inferred.SportOrigin = Walking, SportInferred
	named := runWith(t0, 60, false)
	got, _ = Compose([]Recording{rec("a", FormatFIT, inferred), rec("b", FormatGPX, named)})
	if got.Sport != Running || got.SportOrigin != SportFromSource {
		t.Errorf("sport %s (%s), want running from the file", got.Sport, got.SportOrigin)
	}
}
