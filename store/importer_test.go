package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
)

// pack packs sessions or fails the test.
func pack(t testing.TB, sessions ...model.Session) *Packed {
	t.Helper()
	p, err := Pack(sessions)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runOn returns fullRun moved to day d of March 2024, so that runs of
// different files are different activities.
func runOn(t testing.TB, d int) model.Session {
	s := fullRun(t)
	s.Start = s.Start.AddDate(0, 0, d)
	for i := range s.Laps {
		s.Laps[i].Start = s.Laps[i].Start.AddDate(0, 0, d)
	}
	return s
}

// committed counts rows of table as another connection sees them: only
// what the Importer has committed.
func committed(t testing.TB, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImporterStoresFilesWholeAndCommitsOnClose(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	im := db.NewImporter()
	failing := false
	db.testHook = func(_ context.Context, point string) error {
		if failing && point == "session" {
			return errors.New("disk on fire")
		}
		return nil
	}
	var ids []int64
	for i := range 5 {
		failing = i == 2 // the third file fails after its first session
		src := testSource(fmt.Sprintf("run%d.fit", i))
		out, err := im.Import(ctx, src, pack(t, runOn(t, 2*i), runOn(t, 2*i+1)))
		if i == 2 {
			if err == nil || !strings.Contains(err.Error(), "disk on fire") {
				t.Fatalf("file 3: err %v, want the hook's", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, out.SessionIDs...)
	}
	db.testHook = nil
	// A skip and a duplicate in the same transaction.
	if err := im.RecordSkip(ctx, shaOf("notes.json"), "notes.json", "not an activity"); err != nil {
		t.Fatal(err)
	}
	if out, err := im.Import(ctx, testSource("run0.fit"), pack(t, runOn(t, 0))); err != nil || !out.Duplicate {
		t.Errorf("the same bytes again in one transaction: %+v, %v", out, err)
	}
	if err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 8 {
		t.Fatalf("%d sessions stored, want 8", len(ids))
	}
	for table, want := range map[string]int{"sources": 4, "sessions": 8, "laps": 16, "session_samples": 8, "skipped_sources": 1} {
		if n := committed(t, db, table); n != want {
			t.Errorf("%s: %d rows, want %d (the failed file left nothing)", table, n, want)
		}
	}
	got, err := db.GetSession(ctx, ids[7], true)
	if err != nil {
		t.Fatal(err)
	}
	want := runOn(t, 9)
	if got.Samples.Len() != want.Samples.Len() || got.Samples.AltM[99] != want.Samples.AltM[99] || len(got.Laps) != 2 {
		t.Errorf("last session: %d samples, %d laps", got.Samples.Len(), len(got.Laps))
	}
}

// TestImporterCommitsWhileIdle: files stored before a pause (a large file
// decoding) are committed within about commitEvery, not held until Close.
func TestImporterCommitsWhileIdle(t *testing.T) {
	db := openTest(t)
	im := db.NewImporter()
	defer im.Close()
	if _, err := im.Import(context.Background(), testSource("a.fit"), pack(t, fullRun(t))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for committed(t, db, "sessions") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the file was not committed within 10 s of idleness")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestImporterStopsOnCancel: a cancelled context stops the next file, and
// Close still commits the files finished before.
func TestImporterStopsOnCancel(t *testing.T) {
	db := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	im := db.NewImporter()
	if _, err := im.Import(ctx, testSource("a.fit"), pack(t, runOn(t, 0))); err != nil {
		t.Fatal(err)
	}
	cancel()
	if _, err := im.Import(ctx, testSource("b.fit"), pack(t, runOn(t, 1))); !errors.Is(err, context.Canceled) {
		t.Errorf("import after cancel: %v, want context.Canceled", err)
	}
	if err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if n := committed(t, db, "sessions"); n != 1 {
		t.Errorf("%d sessions after Close, want the 1 finished before the cancel", n)
	}
}

// TestImporterLetsOthersWrite: while an Importer is busy, another
// process's writes (a pain event added during an import) wait at most
// about a commit's interval, not for the whole import. The import here
// never ends until the writes are done, so a write that waited for it
// would fail with "database is locked" after the busy timeout: a write that
// succeeds shows the lock was let go. (No clock is asserted; the waits are
// logged.)
func TestImporterLetsOthersWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "backtrack.db")
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	im := db.NewImporter()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := im.Import(ctx, testSource(fmt.Sprintf("f%d.fit", i)), pack(t, runOn(t, i))); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	time.Sleep(100 * time.Millisecond)
	for i := range 3 {
		start := time.Now()
		if err := other.RecordSkip(ctx, shaOf(fmt.Sprint("x", i)), "x", "test"); err != nil {
			t.Errorf("a write beside the import: %v", err)
		}
		t.Logf("a write beside the import waited %v", time.Since(start))
	}
	close(stop)
	wg.Wait()
	if err := im.Close(); err != nil {
		t.Fatal(err)
	}
	if n := committed(t, db, "skipped_sources"); n != 3 {
		t.Errorf("%d skips recorded, want 3", n)
	}
}

func TestImportManyLapsAndSets(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	run := fullRun(t)
	run.Laps = nil
	for i := range 2*rowsPerInsert + 3 {
		l := model.NewLap(run.Start.Add(time.Duration(i) * time.Minute))
		l.DistanceM = float64(i)
		run.Laps = append(run.Laps, l)
	}
	lift := strengthWorkout(t)
	for len(lift.Sets) < rowsPerInsert+1 {
		lift.Sets = append(lift.Sets, lift.Sets[len(lift.Sets)%3])
	}
	out := importOne(t, db, testSource("many.fit"), run, lift)
	got, err := db.GetSession(ctx, out.SessionIDs[0], false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Laps) != len(run.Laps) || got.Laps[len(got.Laps)-1].DistanceM != float64(len(run.Laps)-1) {
		t.Errorf("%d laps back, want %d in order", len(got.Laps), len(run.Laps))
	}
	gotLift, err := db.GetSession(ctx, out.SessionIDs[1], false)
	if err != nil {
		t.Fatal(err)
	}
	if len(gotLift.Sets) != len(lift.Sets) || gotLift.Sets[16].Exercise != lift.Sets[16].Exercise {
		t.Errorf("%d sets back, want %d in order", len(gotLift.Sets), len(lift.Sets))
	}
}

func TestPackIsSafeInParallel(t *testing.T) {
	want := pack(t, fullRun(t))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				p, err := Pack([]model.Session{fullRun(t)})
				if err != nil {
					t.Error(err)
					return
				}
				for c := range p.samples[0].blobs {
					if string(p.samples[0].blobs[c]) != string(want.samples[0].blobs[c]) {
						t.Errorf("column %d packed differently in parallel", c)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestPackReleaseReusesMemory: a released Packed's memory serves the next
// Pack, and what was stored before is untouched by the reuse.
func TestPackReleaseReusesMemory(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	im := db.NewImporter()
	first, second := runOn(t, 0), runOn(t, 1)
	second.Samples = watchRun(3600)
	p := pack(t, first)
	out1, err := im.Import(ctx, testSource("a.fit"), p)
	if err != nil {
		t.Fatal(err)
	}
	p.Release()
	p.Release() // twice is harmless
	q := pack(t, second)
	out2, err := im.Import(ctx, testSource("b.fit"), q)
	if err != nil {
		t.Fatal(err)
	}
	q.Release()
	if err := im.Close(); err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct {
		id   int64
		want model.Samples
	}{{out1.SessionIDs[0], first.Samples}, {out2.SessionIDs[0], second.Samples}} {
		got, err := db.Samples(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != c.want.Len() || got.Lat[100] != c.want.Lat[100] || got.T[got.Len()-1] != c.want.T[c.want.Len()-1] {
			t.Errorf("session %d: %d samples back, want %d, the same values", i+1, got.Len(), c.want.Len())
		}
	}
}

// TestImporterListsLostFiles: when a group commit fails, the files whose
// Import had succeeded in that transaction are listed by Lost with the
// reason (none of them is in the database); those committed before are
// kept, and no file is listed that its caller was told failed.
func TestImporterListsLostFiles(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	im := db.NewImporter()
	for i := range 2 {
		if _, err := im.Import(ctx, testSource(fmt.Sprintf("saved%d.fit", i)), pack(t, runOn(t, i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Flush(); err != nil {
		t.Fatal(err)
	}
	var lostIDs []int64
	for i := range 3 {
		out, err := im.Import(ctx, testSource(fmt.Sprintf("lost%d.fit", i)), pack(t, runOn(t, 10+i)))
		if err != nil {
			t.Fatal(err)
		}
		lostIDs = append(lostIDs, out.SessionIDs...)
	}
	if err := im.RecordSkip(ctx, shaOf("x.txt"), "x.txt", "not an activity"); err != nil {
		t.Fatal(err)
	}
	db.testHook = func(_ context.Context, point string) error {
		if point == "group-commit" {
			return errors.New("database or disk is full")
		}
		return nil
	}
	err := im.Close()
	db.testHook = nil
	if err == nil || !strings.Contains(err.Error(), "the 4 files stored since the last commit were not saved") {
		t.Fatalf("Close: %v", err)
	}
	lost := im.Lost()
	var paths []string
	var ids []int64
	for _, f := range lost {
		paths = append(paths, f.Path)
		ids = append(ids, f.SessionIDs...)
		if f.Err == nil || !strings.Contains(f.Err.Error(), "disk is full") {
			t.Errorf("%s: reason %v", f.Path, f.Err)
		}
	}
	if d := cmp.Diff([]string{"lost0.fit", "lost1.fit", "lost2.fit"}, paths); d != "" {
		t.Errorf("lost files (-want +got):\n%s", d)
	}
	if d := cmp.Diff(lostIDs, ids); d != "" {
		t.Errorf("lost session IDs (-want +got):\n%s", d)
	}
	if n := committed(t, db, "sources"); n != 2 {
		t.Errorf("%d sources in the database, want the 2 committed before", n)
	}
}
