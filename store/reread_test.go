package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
)

// kgPerLb converts pounds to kilograms.
const kgPerLb = 0.45359237

// liftSource returns the source of a lifting export named name whose
// weights were read in unit, which came from origin.
func liftSource(name, unit string, origin model.UnitOrigin) model.Source {
	src := sourceOf(name, model.FormatCSV)
	src.WeightUnit, src.WeightUnitOrigin = unit, origin
	return src
}

// liftLog returns Strong's log of a pull workout read in unit: its loads
// are 80 and 100 of that unit, in kg; its times are wall-clock times placed
// in the machine's zone (UTC), as a decoder reads them when no zone is
// named.
func liftLog(t testing.TB, unit string) model.Session {
	s := strengthWorkout(t)
	s.Start = time.Date(2024, 6, 4, 7, 35, 0, 0, time.UTC)
	s.TimeAssumed, s.WallClock, s.Logged, s.OffsetS, s.OffsetOrigin = false, true, true, 0, model.OffsetMachine
	s.Name, s.Device, s.ElapsedS = "Pull", "Strong", 2700
	per := 1.0
	if unit == "lb" {
		per = kgPerLb
	}
	s.Sets = append([]model.StrengthSet(nil), s.Sets...)
	for i := range s.Sets {
		s.Sets[i].Start = s.Start
		s.Sets[i].WeightKg = []float64{80, 100, model.Missing}[i] * per
	}
	return s
}

// watchLifts returns the watch's recording of the same workout: a recorded
// offset (+01:00), heart rate, sets without loads.
func watchLifts(t testing.TB) model.Session {
	s := strengthWorkout(t)
	s.Start = time.Date(2024, 6, 4, 6, 33, 0, 0, time.UTC)
	s.TimeAssumed, s.OffsetS, s.OffsetOrigin, s.ElapsedS, s.AvgHR, s.Device = false, 3600, model.OffsetDevice, 3000, 110, "garmin fenix 7"
	s.Sets = []model.StrengthSet{{Start: s.Start, Category: "unknown", Exercise: "unknown", Reps: 10, WeightKg: model.Missing}}
	return s
}

// reread reads src's bytes again as RereadSource does and returns the
// outcome.
func reread(t testing.TB, db *DB, src model.Source, sessions ...model.Session) ImportOutcome {
	t.Helper()
	out, err := db.RereadSource(context.Background(), src, sessions)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// loads returns the loads of session id's sets, in kg to the gram.
func loads(t testing.TB, db *DB, id int64) []string {
	t.Helper()
	s, err := db.GetSession(context.Background(), id, false)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, x := range s.Sets {
		out = append(out, fmt.Sprintf("%.3f", x.WeightKg))
	}
	return out
}

// dumpAll renders every session with what a merge decides, without IDs,
// and every recordings row (its place and sets).
func dumpAll(t testing.TB, db *DB) []string {
	t.Helper()
	ctx := context.Background()
	list, err := db.ListSessions(ctx, SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range list {
		s, err := db.GetSession(ctx, l.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		links, err := db.LinkedSources(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sets, linked []string
		for _, x := range s.Sets {
			sets = append(sets, fmt.Sprintf("%s@%s %d×%.3f", x.Exercise, x.Start.Format(time.RFC3339), x.Reps, x.WeightKg))
		}
		for _, k := range links {
			linked = append(linked, filepath.Base(k.Path)+" "+k.Role+" "+k.Note)
		}
		out = append(out, fmt.Sprintf("%s %s %+d %s el=%v hr=%v name=%q dev=%q src=%s n=%d sets=%v links=%v",
			s.Start.Format(time.RFC3339), s.Sport, s.OffsetS, s.OffsetOrigin, s.ElapsedS, s.AvgHR, s.Name, s.Device,
			filepath.Base(s.SourcePath), s.NRecordings, sets, linked))
	}
	rows, err := db.r.QueryContext(ctx, `SELECT src.path, r.start_utc, r.offset_s, r.offset_origin, r.sets
		FROM recordings r JOIN sources src ON src.id = r.source_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var path, origin, sets string
		var start, off int64
		if err := rows.Scan(&path, &start, &off, &origin, &sets); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("recording %s %d %+d %s %s", path, start, off, origin, sets))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// TestRereadReplacesTheSets: an export read in the default kg and then
// again in lb keeps its session (its ID, its place) with the loads of the
// new reading, its metrics dropped to be computed again, and its source
// records the new unit; reading it again in lb changes nothing.
func TestRereadReplacesTheSets(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	first := importOne(t, db, liftSource("strong.csv", "kg", model.UnitDefault), liftLog(t, "kg"))
	id := first.SessionIDs[0]
	if unit, origin, err := db.SourceUnit(ctx, shaOf("strong.csv")); err != nil || unit != "kg" || origin != model.UnitDefault {
		t.Errorf("source unit %q from %q (%v), want kg by default", unit, origin, err)
	}
	if unit, origin, err := db.SourceUnit(ctx, shaOf("nothing")); err != nil || unit != "" || origin != "" {
		t.Errorf("unknown bytes' unit %q from %q (%v), want none", unit, origin, err)
	}
	if err := db.PutMetrics(ctx, []model.Metrics{{SessionID: id}}); err != nil {
		t.Fatal(err)
	}
	before, err := db.GetSession(ctx, id, false)
	if err != nil {
		t.Fatal(err)
	}
	out := reread(t, db, liftSource("strong.csv", "lb", model.UnitFlag), liftLog(t, "lb"))
	if out.Duplicate || out.WasUnit != "kg" || len(out.SessionIDs) != 0 || !cmp.Equal(out.MergedIDs, []int64{id}) {
		t.Fatalf("outcome %+v, want session %d composed again from kg", out, id)
	}
	if got, want := loads(t, db, id), []string{"36.287", "45.359", "NaN"}; !cmp.Equal(got, want) {
		t.Errorf("loads %v, want %v", got, want)
	}
	after, err := db.GetSession(ctx, id, false)
	if err != nil {
		t.Fatal(err)
	}
	if !after.Start.Equal(before.Start) || after.OffsetS != before.OffsetS || after.OffsetOrigin != before.OffsetOrigin || after.Name != "Pull" {
		t.Errorf("session moved: %s %+d %s, was %s %+d %s", after.Start, after.OffsetS, after.OffsetOrigin, before.Start, before.OffsetS, before.OffsetOrigin)
	}
	if n := count(t, db, "session_metrics"); n != 0 {
		t.Errorf("%d metrics rows, want the session's dropped", n)
	}
	if unit, origin, err := db.SourceUnit(ctx, shaOf("strong.csv")); err != nil || unit != "lb" || origin != model.UnitFlag {
		t.Errorf("source unit %q from %q (%v), want lb from the flag", unit, origin, err)
	}
	if again := reread(t, db, liftSource("strong.csv", "lb", model.UnitSetting), liftLog(t, "lb")); !again.Duplicate || again.WasUnit != "" {
		t.Errorf("reading it in lb again: %+v, want a duplicate", again)
	}
	if n := count(t, db, "sessions"); n != 1 {
		t.Errorf("%d sessions, want 1", n)
	}
}

// TestRereadOnlyAnAssumedUnit: a file whose unit the file said, one read
// before units were kept, and one read in the same unit are never read
// again.
func TestRereadOnlyAnAssumedUnit(t *testing.T) {
	tests := []struct {
		name   string
		stored model.Source
		again  model.Source
	}{
		{"the file's header said kg", liftSource("a.csv", "kg", model.UnitHeader), liftSource("a.csv", "lb", model.UnitFlag)},
		{"the file's unit column said kg", liftSource("a.csv", "kg", model.UnitColumn), liftSource("a.csv", "lb", model.UnitSetting)},
		{"imported before units were kept", liftSource("a.csv", "", ""), liftSource("a.csv", "lb", model.UnitFlag)},
		{"the same unit, from elsewhere", liftSource("a.csv", "kg", model.UnitDefault), liftSource("a.csv", "kg", model.UnitFlag)},
		{"a reading that says its unit", liftSource("a.csv", "kg", model.UnitDefault), liftSource("a.csv", "lb", model.UnitHeader)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			first := importOne(t, db, tt.stored, liftLog(t, "kg"))
			out := reread(t, db, tt.again, liftLog(t, "lb"))
			if !out.Duplicate || out.SourceID == 0 {
				t.Errorf("outcome %+v, want a duplicate", out)
			}
			if got := loads(t, db, first.SessionIDs[0]); got[0] != "80.000" {
				t.Errorf("loads %v, want the first reading's", got)
			}
		})
	}
}

// TestRereadIndependentOfOrder: an export read in kg, merged with the
// watch's recording of the workout and then read again in lb, gives the
// sessions that importing it in lb gives, before or after the watch.
func TestRereadIndependentOfOrder(t *testing.T) {
	kg, lb := liftSource("strong.csv", "kg", model.UnitDefault), liftSource("strong.csv", "lb", model.UnitSetting)
	fit := sourceOf("watch.fit", model.FormatFIT)
	orders := map[string]func(t *testing.T, db *DB){
		"kg, watch, lb": func(t *testing.T, db *DB) {
			importOne(t, db, kg, liftLog(t, "kg"))
			importOne(t, db, fit, watchLifts(t))
			if out := reread(t, db, lb, liftLog(t, "lb")); out.WasUnit != "kg" || len(out.MergedIDs) != 1 {
				t.Errorf("outcome %+v", out)
			}
		},
		"watch, kg, lb": func(t *testing.T, db *DB) {
			importOne(t, db, fit, watchLifts(t))
			importOne(t, db, kg, liftLog(t, "kg"))
			reread(t, db, lb, liftLog(t, "lb"))
		},
		"kg, lb, watch": func(t *testing.T, db *DB) {
			importOne(t, db, kg, liftLog(t, "kg"))
			reread(t, db, lb, liftLog(t, "lb"))
			importOne(t, db, fit, watchLifts(t))
		},
		"lb, watch": func(t *testing.T, db *DB) {
			importOne(t, db, lb, liftLog(t, "lb"))
			importOne(t, db, fit, watchLifts(t))
		},
		"watch, lb": func(t *testing.T, db *DB) {
			importOne(t, db, fit, watchLifts(t))
			importOne(t, db, lb, liftLog(t, "lb"))
		},
	}
	var want []string
	var wantFrom string
	for _, name := range []string{"lb, watch", "watch, lb", "kg, watch, lb", "watch, kg, lb", "kg, lb, watch"} {
		t.Run(name, func(t *testing.T) {
			db := openTest(t)
			orders[name](t, db)
			got := dumpAll(t, db)
			if len(got) != 3 || !strings.Contains(got[0], "n=2") || !strings.Contains(got[0], "36.287") ||
				!strings.Contains(got[1], "36.287") {
				t.Errorf("sessions %q, want one of two recordings with the loads in lb", got)
			}
			if want == nil {
				want, wantFrom = got, name
			} else if d := cmp.Diff(want, got); d != "" {
				t.Errorf("differs from %q (-want +got):\n%s", wantFrom, d)
			}
		})
	}
}

// TestRereadIsOneTransaction: a reading that fails half-way leaves the
// first reading whole.
func TestRereadIsOneTransaction(t *testing.T) {
	db := openTest(t)
	importOne(t, db, sourceOf("watch.fit", model.FormatFIT), watchLifts(t))
	importOne(t, db, liftSource("strong.csv", "kg", model.UnitDefault), liftLog(t, "kg"))
	before := dumpAll(t, db)
	boom := errors.New("boom")
	db.testHook = func(_ context.Context, point string) error {
		if point == "commit" {
			return boom
		}
		return nil
	}
	_, err := db.RereadSource(context.Background(), liftSource("strong.csv", "lb", model.UnitFlag), []model.Session{liftLog(t, "lb")})
	db.testHook = nil
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want boom", err)
	}
	if d := cmp.Diff(before, dumpAll(t, db)); d != "" {
		t.Errorf("changed (-before +after):\n%s", d)
	}
	if unit, origin, _ := db.SourceUnit(context.Background(), shaOf("strong.csv")); unit != "kg" || origin != model.UnitDefault {
		t.Errorf("unit %q from %q, want kg from the default", unit, origin)
	}
}

// TestRereadOtherSessions: a reading with other sessions than the first
// (not what a unit does, but the store does not rely on it) removes the
// old recordings, composing their sessions again from what remains, and
// stores the new ones as a new file's; through an Importer too.
func TestRereadOtherSessions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	importOne(t, db, sourceOf("watch.fit", model.FormatFIT), watchLifts(t))
	other := liftLog(t, "kg")
	other.Start = other.Start.Add(-48 * time.Hour)
	for i := range other.Sets {
		other.Sets[i].Start = other.Start
	}
	first := importOne(t, db, liftSource("strong.csv", "kg", model.UnitDefault), liftLog(t, "kg"), other)
	if len(first.SessionIDs) != 1 || len(first.MergedIDs) != 1 || count(t, db, "sessions") != 2 {
		t.Fatalf("first reading %+v", first)
	}
	later := liftLog(t, "lb")
	later.Start = later.Start.Add(24 * time.Hour)
	for i := range later.Sets {
		later.Sets[i].Start = later.Start
	}
	p, err := Pack([]model.Session{later})
	if err != nil {
		t.Fatal(err)
	}
	im := db.NewImporter()
	out, err := im.Reread(ctx, liftSource("strong.csv", "lb", model.UnitFlag), p)
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Close(); err != nil {
		t.Fatal(err)
	}
	p.Release()
	if out.WasUnit != "kg" || len(out.SessionIDs) != 1 || !cmp.Equal(out.RemovedIDs, first.SessionIDs) {
		t.Errorf("outcome %+v", out)
	}
	got := dumpAll(t, db)
	if len(got) != 2 || !strings.Contains(got[0], "src=watch.fit n=1") || !strings.Contains(got[1], "src=strong.csv n=1") ||
		!strings.Contains(got[1], "36.287") || strings.Contains(got[0], "links=[watch") {
		t.Errorf("sessions:\n%s", strings.Join(got, "\n"))
	}
	if n := count(t, db, "recordings"); n != 0 {
		t.Errorf("%d recordings rows, want none left", n)
	}
}
