package synth

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/backtrack/backtrack/model"
)

// WriteTCX writes s as a Garmin-style TCX activity (one lap; a trackpoint
// per sample with position, altitude, distance, heart rate and, for foot
// sports, RunCadence in strides/min).
func WriteTCX(w io.Writer, s model.Session) error { return writeTCX(w, &s) }

// MergeManifest says what [WriteMergeFixture] wrote.
type MergeManifest struct {
	// Files are the files written, relative to the folder, in a fixed
	// order.
	Files []string
	// Activities counts the activities they hold (each one session after
	// a correct import).
	Activities int
	// Runs counts the runs among them; HRRuns those with heart rate in one
	// of their files.
	Runs, HRRuns int
}

// WriteMergeFixture writes, into dir, several files that hold the same
// activities in different ways, for testing that a merge keeps everything
// and does not depend on the order the files arrive in (zone is the
// athlete's):
//
//   - a run recorded by the watch (FIT, with heart rate and a local offset)
//     and Strava's GPX of it (no heart rate, 2 s of jitter in its start);
//   - a run exported twice as TCX, once with heart rate and once without;
//   - a strength workout recorded by the watch (FIT), logged in Strong (with
//     its real start, 07:33, and its own sets) and in FitNotes (date only);
//   - a run recorded by the watch and logged in Hevy as "Running";
//   - a run recorded only as a GPX without heart rate;
//   - a run recorded by a watch without heart rate (FIT) and by a heart-rate
//     strap's app (TCX).
func WriteMergeFixture(dir string, zone *time.Location) (MergeManifest, error) {
	var m MergeManifest
	a := Generate(Config{Seed: 11, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Months: 1, Zone: zone})
	var runs []model.Session
	for _, s := range a.Sessions {
		if s.Sport == model.Running && s.Samples.Len() > 600 && hasPositions(&s) {
			runs = append(runs, s)
		}
	}
	if len(runs) < 5 {
		return m, fmt.Errorf("merge fixture: %d runs with positions, want 5", len(runs))
	}
	write := func(name string, f func(w io.Writer) error) error {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			return fmt.Errorf("merge fixture %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644); err != nil {
			return err
		}
		m.Files = append(m.Files, name)
		return nil
	}
	noHR := func(s model.Session) model.Session {
		s.Samples.HR = make([]float64, s.Samples.Len())
		for i := range s.Samples.HR {
			s.Samples.HR[i] = math.NaN()
		}
		s.AvgHR = math.NaN()
		return s
	}

	// 1. Watch FIT with heart rate, Strava GPX without.
	r1 := runs[0]
	if err := write("watch-run.fit", func(w io.Writer) error { return WriteFIT(w, r1, FITOptions{Manufacturer: "garmin"}) }); err != nil {
		return m, err
	}
	g := noHR(r1)
	g.Name = "Morning Run"
	if err := write("strava-run.gpx", func(w io.Writer) error {
		return WriteGPX(w, g, GPXOptions{Creator: "StravaGPX", Type: "running", CadenceUnit: CadenceSteps})
	}); err != nil {
		return m, err
	}
	// 2. The same run as two TCX files, with and without heart rate.
	r2 := runs[1]
	if err := write("connect-with-hr.tcx", func(w io.Writer) error { return WriteTCX(w, r2) }); err != nil {
		return m, err
	}
	if err := write("connect-no-hr.tcx", func(w io.Writer) error { return WriteTCX(w, noHR(r2)) }); err != nil {
		return m, err
	}
	// 3. A strength workout: the watch, Strong and FitNotes.
	day := r2.Start.In(zone).AddDate(0, 0, 1)
	start := time.Date(day.Year(), day.Month(), day.Day(), 7, 31, 0, 0, zone)
	st := model.NewSession(model.Strength, start)
	st.SubSport, st.ElapsedS, st.TimerS = "strength_training", 3000, 2800
	_, off := start.Zone()
	st.OffsetS, st.OffsetOrigin = off, model.OffsetDevice
	for i, c := range []struct {
		cat, ex string
		reps    int
		kg      float64
	}{{"deadlift", "barbell_deadlift", 5, 100}, {"deadlift", "barbell_deadlift", 5, 110}, {"squat", "barbell_back_squat", 5, 80}} {
		st.Sets = append(st.Sets, model.StrengthSet{Start: start.Add(time.Duration(i*240) * time.Second), DurationS: 40,
			Category: c.cat, Exercise: c.ex, Reps: c.reps, WeightKg: c.kg})
	}
	if err := write("watch-strength.fit", func(w io.Writer) error { return WriteFIT(w, st, FITOptions{Manufacturer: "garmin"}) }); err != nil {
		return m, err
	}
	logged := []LiftWorkout{{Start: start.Add(2 * time.Minute), Name: "Pull", DurationS: 2900, Notes: "grip failing",
		Entries: []LiftEntry{Lift("Deadlift (Barbell)", "Back", 60, 5), Lift("Deadlift (Barbell)", "Back", 100, 5),
			Lift("Deadlift (Barbell)", "Back", 110, 5), Lift("Squat (Barbell)", "Legs", 80, 5)}}}
	if err := write("strong.csv", func(w io.Writer) error { return WriteLiftCSV(w, StrongComma12, "kg", zone, logged) }); err != nil {
		return m, err
	}
	if err := write("fitnotes.csv", func(w io.Writer) error { return WriteLiftCSV(w, FitNotesKgs, "kg", zone, logged) }); err != nil {
		return m, err
	}
	// 4. A run the watch recorded and Hevy logged.
	r3 := runs[2]
	if err := write("watch-run2.fit", func(w io.Writer) error { return WriteFIT(w, r3, FITOptions{Manufacturer: "garmin"}) }); err != nil {
		return m, err
	}
	hevy := []LiftWorkout{{Start: r3.Start.Add(-3 * time.Minute), Name: "Run", DurationS: r3.ElapsedS,
		Entries: []LiftEntry{Cardio("Running", math.Round(r3.DistanceM/10)/100, math.Round(r3.ElapsedS))}}}
	if err := write("hevy.csv", func(w io.Writer) error { return WriteLiftCSV(w, Hevy, "kg", zone, hevy) }); err != nil {
		return m, err
	}
	// 5. A GPX alone.
	r4 := noHR(runs[3])
	r4.Name = "Lunch Run"
	if err := write("phone-run.gpx", func(w io.Writer) error {
		return WriteGPX(w, r4, GPXOptions{Creator: "StravaGPX", Type: "running", CadenceUnit: CadenceSteps})
	}); err != nil {
		return m, err
	}
	// 6. A watch's FIT without heart rate (no strap) and a TCX from the
	// strap's app with it: the FIT is the session, the TCX lends its heart
	// rate, sample by sample.
	r5 := runs[4]
	if err := write("watch-nohr.fit", func(w io.Writer) error { return WriteFIT(w, noHR(r5), FITOptions{Manufacturer: "garmin"}) }); err != nil {
		return m, err
	}
	if err := write("strap.tcx", func(w io.Writer) error { return WriteTCX(w, r5) }); err != nil {
		return m, err
	}
	m.Activities, m.Runs, m.HRRuns = 6, 5, 4
	return m, nil
}
