package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// dumpSessions renders every session of db with everything a merge decides
// (not the IDs, which follow the order of arrival): its fields, the file it
// came from, its sets, a hash of its samples and the other files linked to
// it.
func dumpSessions(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	list, err := db.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range list {
		s, err := db.GetSession(ctx, l.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, col := range s.Samples.Columns() {
			for _, v := range *col {
				_ = binary.Write(h, binary.LittleEndian, math.Float64bits(v))
			}
		}
		links, err := db.LinkedSources(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var linked []string
		for _, k := range links {
			linked = append(linked, filepath.Base(k.Path)+" ("+k.Note+")")
		}
		var sets []string
		for _, x := range s.Sets {
			sets = append(sets, fmt.Sprintf("%s %d×%v", x.Exercise, x.Reps, x.WeightKg))
		}
		out = append(out, fmt.Sprintf("%s %s/%s %s %+d %s assumed=%v el=%v tm=%v d=%v hr=%v cad=%v name=%q notes=%q dev=%q src=%s n=%d samples=%x sets=%v links=%v",
			s.Start.Format(time.RFC3339), s.Sport, s.SubSport, s.SportOrigin, s.OffsetS, s.OffsetOrigin, s.TimeAssumed,
			s.ElapsedS, s.TimerS, s.DistanceM, s.AvgHR, s.AvgCadenceSPM, s.Name, s.Notes, s.Device,
			filepath.Base(s.SourcePath), s.NRecordings, h.Sum(nil)[:8], sets, linked))
	}
	sort.Strings(out)
	return out
}

// TestMergeIndependentOfOrder imports files that hold the same activities
// in different ways (a watch's FIT and Strava's GPX of one run, two TCX of
// another with and without heart rate, a strength workout from the watch,
// Strong and FitNotes, a run the watch recorded and Hevy logged) in many
// orders, in one import with 1 to 4 workers and one file at a time, and
// checks that every order gives the same sessions, each activity once, with
// the heart rate kept (docs/storage.md, "Duplicates and merges").
func TestMergeIndependentOfOrder(t *testing.T) {
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	m, err := synth.WriteMergeFixture(dir, zone)
	if err != nil {
		t.Fatal(err)
	}
	orders := [][]int{}
	n := len(m.Files)
	ident := make([]int, n)
	for i := range ident {
		ident[i] = i
	}
	orders = append(orders, ident)
	rev := make([]int, n)
	for i := range rev {
		rev[i] = n - 1 - i
	}
	orders = append(orders, rev)
	// A few more, drawn from a fixed seed.
	r := rand.New(rand.NewPCG(12, 4))
	for range 3 {
		orders = append(orders, r.Perm(n))
	}
	ctx := context.Background()
	var want []string
	check := func(name string, db *store.DB) {
		got := dumpSessions(t, db)
		if want == nil {
			want = got
			if len(got) != m.Activities {
				t.Fatalf("%s: %d sessions, want %d:\n%s", name, len(got), m.Activities, strings.Join(got, "\n"))
			}
			return
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: sessions differ from the first order's (-first +this):\n%s", name, diff)
		}
	}
	for oi, o := range orders {
		paths := make([]string, n)
		for i, j := range o {
			paths[i] = filepath.Join(dir, m.Files[j])
		}
		for workers := 1; workers <= 4; workers++ {
			db := openDB(t)
			a := &app.App{DB: db}
			if _, err := a.Import(ctx, app.ImportOptions{Paths: paths, Workers: workers, Location: zone}); err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("order %d, %d workers", oi, workers), db)
		}
		if oi >= 2 && !testutil.Heavy() {
			continue // one file at a time: two orders, all with BACKTRACK_HEAVY=1
		}
		db := openDB(t)
		a := &app.App{DB: db}
		for _, p := range paths {
			if _, err := a.Import(ctx, app.ImportOptions{Paths: []string{p}, Workers: 1, Location: zone}); err != nil {
				t.Fatal(err)
			}
		}
		check(fmt.Sprintf("order %d, one file at a time", oi), db)
	}
	// What the merge kept: every run's heart rate where a file had it, the
	// app's sets, the measured start, every file named.
	db := openDB(t)
	a := &app.App{DB: db}
	var all []string
	for _, f := range m.Files {
		all = append(all, filepath.Join(dir, f))
	}
	if _, err := a.Import(ctx, app.ImportOptions{Paths: all, Location: zone}); err != nil {
		t.Fatal(err)
	}
	list, err := db.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	hr, runs := 0, 0
	for _, l := range list {
		s, err := db.GetSession(ctx, l.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		switch s.Sport {
		case model.Running:
			runs++
			hasCol := false
			for _, v := range s.Samples.HR {
				hasCol = hasCol || model.Known(v)
			}
			if model.Known(s.AvgHR) && hasCol {
				hr++
			}
		case model.Strength:
			if len(s.Sets) != 4 || s.Sets[0].Exercise != "Deadlift (Barbell)" || s.TimeAssumed || s.Local().Format("15:04") != "07:31" ||
				s.SourceFormat != model.FormatFIT || s.NRecordings != 3 || s.Notes != "grip failing" {
				t.Errorf("strength session: %d sets %+v, assumed %v, %s, from %s, %d recordings, notes %q",
					len(s.Sets), s.Sets, s.TimeAssumed, s.Local().Format("15:04"), s.SourceFormat, s.NRecordings, s.Notes)
			}
		}
	}
	if runs != m.Runs || hr != m.HRRuns {
		t.Errorf("%d runs, %d with heart rate; want %d and %d", runs, hr, m.Runs, m.HRRuns)
	}
}

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestEditSessionMetricsFollow: a track stored as "other" gets no run
// metrics; corrected to running it does, with its exposures, and back to
// other it loses them.
func TestEditSessionMetricsFollow(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	zone := testutil.Zone(t, "Europe/London")
	// One run of the athlete, as a GPX naming no sport and too slow to be
	// inferred: it is "other".
	ath := synth.Generate(synth.Config{Seed: 11, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Months: 1, Zone: zone})
	var run model.Session
	for _, s := range ath.Sessions {
		if s.Sport == model.Running && s.Samples.Len() > 600 && model.Known(s.Samples.Lat[0]) {
			run = s
			break
		}
	}
	// Stretch time tenfold: a walker's pace, and a name that says nothing.
	for i := range run.Samples.T {
		run.Samples.T[i] *= 10
		run.Samples.HR[i], run.Samples.CadenceSPM[i] = math.NaN(), math.NaN()
	}
	run.Name = "Move"
	f := filepath.Join(t.TempDir(), "move.gpx")
	w, err := os.Create(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteGPX(w, run, synth.GPXOptions{Creator: "x"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := a.Import(ctx, app.ImportOptions{Paths: []string{f}, Location: zone}); err != nil {
		t.Fatal(err)
	}
	list, err := a.Sessions(ctx, store.SessionFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("%d sessions, %v", len(list), err)
	}
	id := list[0].ID
	if list[0].Sport == model.Running {
		t.Fatalf("sport %s, want anything but running to start with", list[0].Sport)
	}
	d, err := a.EditSession(ctx, id, app.SessionEdit{Sport: model.Running})
	if err != nil {
		t.Fatal(err)
	}
	if d.Session.Sport != model.Running || !d.Analysed || !model.Known(d.Metrics.Hills.ClimbPerKm) || d.Metrics.Exposure == nil {
		t.Errorf("after --sport running: %s, analysed %v, climb %v, exposure %v", d.Session.Sport, d.Analysed, d.Metrics.Hills.ClimbPerKm, d.Metrics.Exposure)
	}
	d, err = a.EditSession(ctx, id, app.SessionEdit{Sport: model.Other})
	if err != nil {
		t.Fatal(err)
	}
	if d.Session.Sport != model.Other || d.Metrics.Exposure != nil || model.Known(d.Metrics.Hills.ClimbPerKm) {
		t.Errorf("after --sport other: %s, climb %v, exposure %v", d.Session.Sport, d.Metrics.Hills.ClimbPerKm, d.Metrics.Exposure)
	}
}

// TestMergeKeepsRunningForm: a run whose watch FIT (with running dynamics
// and the recorder) merges with a Strava-style GPX copy keeps both, in
// either order of the files.
func TestMergeKeepsRunningForm(t *testing.T) {
	ctx := context.Background()
	zone := testutil.Zone(t, "Europe/London")
	ath := synth.Generate(synth.Config{Seed: 11, Start: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), Months: 1, Zone: zone})
	var run model.Session
	for _, s := range ath.Sessions {
		if s.Sport == model.Running && s.Samples.Has(model.ColGroundContact) && model.Known(s.Samples.Lat[0]) {
			run = s
			break
		}
	}
	dir := t.TempDir()
	fitPath, gpxPath := filepath.Join(dir, "run.fit"), filepath.Join(dir, "run.gpx")
	var fb bytes.Buffer
	if err := synth.WriteFIT(&fb, run, synth.FITOptions{Manufacturer: "garmin"}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fitPath, fb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := os.Create(gpxPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteGPX(w, run, synth.GPXOptions{Creator: "StravaGPX"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	for _, order := range [][]string{{fitPath, gpxPath}, {gpxPath, fitPath}} {
		a, _ := newApp(t)
		for _, p := range order {
			if _, err := a.Import(ctx, app.ImportOptions{Paths: []string{p}, Location: zone}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := a.Sessions(ctx, store.SessionFilter{})
		if err != nil || len(list) != 1 || list[0].NRecordings != 2 {
			t.Fatalf("order %v: %d sessions (%v), want one of two recordings", order, len(list), err)
		}
		d, err := a.Session(ctx, list[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Session.Recorder != run.Recorder {
			t.Errorf("order %v: recorder %+v, want %+v", order, d.Session.Recorder, run.Recorder)
		}
		for c := model.CoreSampleColumns; c < model.NumSampleColumns; c++ {
			if got, want := d.Session.Samples.Has(c), run.Samples.Has(c); got != want {
				t.Errorf("order %v: column %s present %v, want %v", order, model.SampleColumns[c], got, want)
			}
		}
		if !d.Metrics.Form.GroundContactMS.Known() {
			t.Errorf("order %v: no form metrics", order)
		}
	}
}
