package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/model"
)

// fullRun returns a run with every field set, laps and samples, at a
// +05:45 offset.
func fullRun(t testing.TB) model.Session {
	start := mustTime(t, "2024-03-05T23:30:00.250Z")
	s := model.Session{
		Sport: model.Running, SubSport: "trail", Start: start,
		OffsetS: 5*3600 + 45*60, OffsetOrigin: model.OffsetDevice,
		ElapsedS: 3725.5, TimerS: 3600.25, DistanceM: 10234.5, AscentM: 312, DescentM: 305.5,
		AvgHR: 151.5, AvgCadenceSPM: 174.25, Device: "garmin fenix 7", Name: "Hill reps",
		Samples: makeSamples(3600),
	}
	l1 := model.NewLap(start)
	l1.ElapsedS, l1.TimerS, l1.DistanceM, l1.AvgHR = 1800, 1790, 5100, 148
	l2 := model.NewLap(start.Add(1800 * time.Second))
	l2.ElapsedS, l2.DistanceM, l2.AscentM, l2.DescentM, l2.AvgCadenceSPM = 1925.5, 5134.5, 200, 190, 176
	s.Laps = []model.Lap{l1, l2}
	return s
}

// strengthWorkout returns a strength session of three sets, one without
// reps and one without weight, with no samples and Missing summaries.
func strengthWorkout(t testing.TB) model.Session {
	start := mustTime(t, "2024-03-04T17:00:00Z")
	s := model.NewSession(model.Strength, start)
	s.SubSport, s.OffsetS, s.OffsetOrigin, s.TimeAssumed = "strength_training", -18000, model.OffsetZone, true
	s.Sets = []model.StrengthSet{
		{Start: start, DurationS: 42.5, Category: "deadlift", Exercise: "romanian_deadlift", Reps: 8, WeightKg: 80},
		{Start: start.Add(3 * time.Minute), DurationS: model.Missing, Category: "deadlift", Exercise: "trap_bar_deadlift", Reps: model.NoReps, WeightKg: 100},
		{Start: start.Add(6 * time.Minute), DurationS: 30, Category: "hyperextension", Exercise: "Back Extension", Reps: 12, WeightKg: model.Missing},
	}
	return s
}

// sessionOpts compares sessions treating NaN as equal to NaN and empty
// slices as equal to nil; samples are compared apart with diffSamples.
var sessionOpts = cmp.Options{cmpopts.EquateNaNs(), cmpopts.EquateEmpty(),
	cmpopts.IgnoreFields(model.Session{}, "Samples")}

func TestImportRoundTrip(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	run, lift := fullRun(t), strengthWorkout(t)
	src := model.Source{Path: "export.zip" + model.PathSep + "a.fit", Format: model.FormatFIT,
		SHA256: shaOf("a"), Size: 98765, Status: model.StatusPartial, Damage: "truncated at byte 4,096"}
	out := importOne(t, db, src, run, lift)
	if out.Duplicate || out.SourceID == 0 || len(out.SessionIDs) != 2 {
		t.Fatalf("outcome %+v, want a new source and 2 sessions", out)
	}

	tests := []struct {
		name string
		id   int64
		want model.Session
	}{
		{"run", out.SessionIDs[0], run},
		{"strength", out.SessionIDs[1], lift},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.GetSession(ctx, tt.id, true)
			if err != nil {
				t.Fatal(err)
			}
			want := StoredSession{ID: tt.id, SourceID: out.SourceID, SourcePath: src.Path, SourceFormat: src.Format,
				Status: src.Status, NSets: len(tt.want.Sets), NLaps: len(tt.want.Laps), NSamples: tt.want.Samples.Len(), NRecordings: 1,
				Session: tt.want}
			want.Samples = asStored(tt.want.Samples)
			if d := cmp.Diff(want, *got, sessionOpts); d != "" {
				t.Errorf("GetSession (-want +got):\n%s", d)
			}
			if d := diffSamples(want.Samples, got.Samples); d != "" {
				t.Errorf("GetSession samples: %s", d)
			}
			smp, err := db.Samples(ctx, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffSamples(want.Samples, smp); d != "" {
				t.Errorf("Samples: %s", d)
			}
			noSamples, err := db.GetSession(ctx, tt.id, false)
			if err != nil {
				t.Fatal(err)
			}
			if noSamples.Samples.Len() != 0 {
				t.Errorf("GetSession without samples returned %d samples", noSamples.Samples.Len())
			}
		})
	}

	// What a user of the sqlite3 shell sees.
	var localDate, startText, localText string
	var elapsedNull, repsNull, weightNull, powerNull bool
	row := db.r.QueryRow(`SELECT local_date, start_utc_text, start_local_text FROM sessions WHERE id = ?`, out.SessionIDs[0])
	if err := row.Scan(&localDate, &startText, &localText); err != nil {
		t.Fatal(err)
	}
	if localDate != "2024-03-06" || startText != "2024-03-05T23:30:00.250Z" || localText != "2024-03-06T05:15:00.250" {
		t.Errorf("run's local_date, start_utc_text, start_local_text = %s, %s, %s; want 2024-03-06, 2024-03-05T23:30:00.250Z, 2024-03-06T05:15:00.250",
			localDate, startText, localText)
	}
	err := db.r.QueryRow(`SELECT
		(SELECT elapsed_s IS NULL FROM sessions WHERE id = ?2),
		(SELECT reps IS NULL FROM sets WHERE session_id = ?2 AND idx = 1),
		(SELECT weight_kg IS NULL FROM sets WHERE session_id = ?2 AND idx = 2),
		(SELECT power_w IS NULL FROM session_samples WHERE session_id = ?1)`,
		out.SessionIDs[0], out.SessionIDs[1]).Scan(&elapsedNull, &repsNull, &weightNull, &powerNull)
	if err != nil {
		t.Fatal(err)
	}
	if !elapsedNull || !repsNull || !weightNull || !powerNull {
		t.Errorf("NULLs: strength elapsed %v, NoReps %v, missing weight %v, power column %v; want all true",
			elapsedNull, repsNull, weightNull, powerNull)
	}
	if n := count(t, db, "session_samples"); n != 1 {
		t.Errorf("%d session_samples rows, want 1 (the strength session has none)", n)
	}
}

func TestImportDuplicateIsNoOp(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	src := testSource("a.fit")
	first := importOne(t, db, src, fullRun(t))
	before := count(t, db, "sessions")

	src.Path = "elsewhere/a.fit" // same bytes, another path
	again, err := db.ImportSource(ctx, src, []model.Session{fullRun(t), strengthWorkout(t)})
	if err != nil {
		t.Fatal(err)
	}
	want := ImportOutcome{Duplicate: true, SourceID: first.SourceID}
	if d := cmp.Diff(want, again); d != "" {
		t.Errorf("second import (-want +got):\n%s", d)
	}
	if after := count(t, db, "sessions"); after != before {
		t.Errorf("%d sessions after the duplicate, want %d", after, before)
	}
	var path string
	if err := db.r.QueryRow("SELECT path FROM sources").Scan(&path); err != nil {
		t.Fatal(err)
	}
	if path != "a.fit" {
		t.Errorf("source path %q, want the first import's a.fit kept", path)
	}
}

func TestImportIsOneTransaction(t *testing.T) {
	badSport := fullRun(t)
	badSport.Sport = "quidditch"
	badReps := strengthWorkout(t) // fails on the database's CHECK (reps >= 0)
	badReps.Sets[2].Reps = -5
	ragged := fullRun(t)
	ragged.Samples.HR = ragged.Samples.HR[:10]

	tests := []struct {
		name     string
		sessions []model.Session
		hook     func(ctx context.Context, cancel context.CancelFunc, point string) error
		wantErr  error
	}{
		{name: "unknown sport in the second session", sessions: []model.Session{fullRun(t), badSport}},
		{name: "database constraint in the second session", sessions: []model.Session{fullRun(t), badReps}},
		{name: "ragged samples in the second session", sessions: []model.Session{strengthWorkout(t), ragged}},
		{
			name: "context cancelled after the first session", sessions: []model.Session{fullRun(t), strengthWorkout(t)},
			hook: func(_ context.Context, cancel context.CancelFunc, point string) error {
				cancel()
				return nil
			},
			wantErr: context.Canceled,
		},
		{
			name: "context cancelled before commit", sessions: []model.Session{fullRun(t), strengthWorkout(t)},
			hook: func(_ context.Context, cancel context.CancelFunc, point string) error {
				if point == "commit" {
					cancel()
				}
				return nil
			},
			wantErr: context.Canceled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTest(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.hook != nil {
				db.testHook = func(ctx context.Context, point string) error { return tt.hook(ctx, cancel, point) }
			}
			src := testSource("a.fit")
			if err := db.RecordSkip(context.Background(), src.SHA256, "a.fit", "earlier skip"); err != nil {
				t.Fatal(err)
			}
			_, err := db.ImportSource(ctx, src, tt.sessions)
			if err == nil {
				t.Fatal("import succeeded, want an error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			db.testHook = nil
			for _, table := range []string{"sources", "sessions", "laps", "sets", "session_samples"} {
				if n := count(t, db, table); n != 0 {
					t.Errorf("%d rows left in %s after a failed import", n, table)
				}
			}
			if n := count(t, db, "skipped_sources"); n != 1 {
				t.Errorf("the failed import removed the earlier skip (%d rows)", n)
			}
			// Nothing half-written blocks a clean retry.
			out := importOne(t, db, src, fullRun(t), strengthWorkout(t))
			if out.Duplicate || len(out.SessionIDs) != 2 {
				t.Errorf("retry: %+v, want 2 new sessions", out)
			}
		})
	}
}

func TestImportRejectsBadSource(t *testing.T) {
	db := openTest(t)
	tests := []struct {
		name   string
		mutate func(*model.Source)
	}{
		{"short hash", func(s *model.Source) { s.SHA256 = "abc" }},
		{"upper-case hash", func(s *model.Source) { s.SHA256 = strings.ToUpper(s.SHA256) }},
		{"unknown status", func(s *model.Source) { s.Status = "fine" }},
		{"no format", func(s *model.Source) { s.Format = "" }},
		{"negative size", func(s *model.Source) { s.Size = -1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := testSource("a.fit")
			tt.mutate(&src)
			if _, err := db.ImportSource(context.Background(), src, nil); err == nil {
				t.Error("import succeeded")
			}
		})
	}
	if n := count(t, db, "sources"); n != 0 {
		t.Errorf("%d sources stored", n)
	}
}

func TestSourceKnownAndSkips(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	skipped, imported, later := testSource("settings.fit"), testSource("run.fit"), testSource("old.gpx")

	check := func(step string, src model.Source, wantKnown bool, wantReason string) {
		t.Helper()
		known, reason, err := db.SourceKnown(ctx, src.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if known != wantKnown || reason != wantReason {
			t.Errorf("%s: SourceKnown(%s) = %v, %q; want %v, %q", step, src.Path, known, reason, wantKnown, wantReason)
		}
	}
	check("empty database", imported, false, "")

	if err := db.RecordSkip(ctx, skipped.SHA256, skipped.Path, "not an activity (settings file)"); err != nil {
		t.Fatal(err)
	}
	check("after skip", skipped, true, "not an activity (settings file)")
	if err := db.RecordSkip(ctx, skipped.SHA256, skipped.Path, "not an activity (settings)"); err != nil {
		t.Fatal(err)
	}
	check("after second skip", skipped, true, "not an activity (settings)")

	importOne(t, db, imported, fullRun(t))
	check("after import", imported, true, "")

	// A file skipped by an older backtrack and imported by a newer one.
	if err := db.RecordSkip(ctx, later.SHA256, later.Path, "route without times"); err != nil {
		t.Fatal(err)
	}
	importOne(t, db, later, strengthWorkout(t))
	check("imported after a skip", later, true, "")
	if n := count(t, db, "skipped_sources"); n != 1 {
		t.Errorf("%d skipped sources, want 1", n)
	}

	if err := db.RecordSkip(ctx, "xyz", "bad", "reason"); err == nil {
		t.Error("RecordSkip with a malformed hash succeeded")
	}
}

func TestImportStampsTime(t *testing.T) {
	db := openTest(t)
	db.Now = func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600)) }
	importOne(t, db, testSource("a.fit"))
	if err := db.RecordSkip(context.Background(), shaOf("b"), "b.fit", "not an activity"); err != nil {
		t.Fatal(err)
	}
	var imported, seen string
	if err := db.r.QueryRow("SELECT (SELECT imported_at FROM sources), (SELECT seen_at FROM skipped_sources)").Scan(&imported, &seen); err != nil {
		t.Fatal(err)
	}
	if imported != "2025-01-02T02:04:05Z" || seen != imported {
		t.Errorf("imported_at %q, seen_at %q; want 2025-01-02T02:04:05Z (UTC)", imported, seen)
	}
}

func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "backtrack.db")
	ctx := context.Background()
	const handles, perHandle = 2, 50

	// Both handles open the new file at once: the migrations must apply once.
	dbs := make([]*DB, handles)
	var wg sync.WaitGroup
	errs := make(chan error, handles*perHandle)
	for h := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(ctx, path)
			if err != nil {
				errs <- err
				return
			}
			dbs[h] = db
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, db := range dbs {
		defer db.Close()
	}

	errs = make(chan error, handles*perHandle)
	for h, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perHandle; i++ {
				s := fullRun(t)
				s.Samples = makeSamples(500)
				s.Start = s.Start.Add(time.Duration(h*perHandle+i) * time.Hour)
				// A workout on its own day each time: the same one twice would be merged.
				w := strengthWorkout(t)
				w.Start = w.Start.Add(time.Duration(h*perHandle+i) * 24 * time.Hour)
				_, err := db.ImportSource(ctx, testSource(fmt.Sprintf("h%d/%d.fit", h, i)), []model.Session{s, w})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for table, want := range map[string]int{"sources": handles * perHandle, "sessions": 2 * handles * perHandle,
		"session_samples": handles * perHandle, "sets": 3 * handles * perHandle, "laps": 2 * handles * perHandle} {
		if n := count(t, dbs[0], table); n != want {
			t.Errorf("%s: %d rows, want %d", table, n, want)
		}
	}
	if got, err := dbs[1].IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Errorf("IntegrityCheck = %q, %v", got, err)
	}
}

func TestImportDeleteCascades(t *testing.T) {
	db := openTest(t)
	out := importOne(t, db, testSource("a.fit"), fullRun(t), strengthWorkout(t))
	other := importOne(t, db, testSource("b.gpx"))
	if _, err := db.w.Exec("INSERT INTO session_links (session_id, source_id, role) VALUES (?, ?, 'duplicate')",
		out.SessionIDs[0], other.SourceID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec("DELETE FROM sources WHERE id = ?", out.SourceID); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"sessions", "laps", "sets", "session_samples", "session_links"} {
		if n := count(t, db, table); n != 0 {
			t.Errorf("%s: %d rows left after deleting their source", table, n)
		}
	}
}

func TestImportKeepsNaNAverages(t *testing.T) {
	// A session that is Missing everywhere stays Missing, not zero.
	db := openTest(t)
	s := model.NewSession(model.Other, mustTime(t, "2024-01-01T00:00:00Z"))
	out := importOne(t, db, testSource("x.tcx"), s)
	got, err := db.GetSession(context.Background(), out.SessionIDs[0], false)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]float64{"elapsed": got.ElapsedS, "timer": got.TimerS, "distance": got.DistanceM,
		"ascent": got.AscentM, "descent": got.DescentM, "hr": got.AvgHR, "cadence": got.AvgCadenceSPM} {
		if !math.IsNaN(v) {
			t.Errorf("%s = %v, want NaN", name, v)
		}
	}
}
