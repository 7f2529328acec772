package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/report"
	"github.com/backtrack/backtrack/store"
)

// demoDB builds the demo once per test binary and returns its closed
// database file.
var demoDB = sync.OnceValues(func() (string, error) {
	dir, err := osMkdirTemp()
	if err != nil {
		return "", err
	}
	r, err := app.Demo(context.Background(), app.DemoOptions{Dir: dir, Now: func() time.Time { return testNow }})
	if err != nil {
		return "", err
	}
	return r.DB, nil
})

// copyDB copies the closed database from to a new file to (0600).
func copyDB(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// execSQL runs statements on the closed database at path (outside the
// store, as a user's sqlite3 shell or damage would).
func execSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// reportJSON builds the report over the database at path, opened with
// opts, and returns its JSON and the warnings and notes.
func reportJSON(t *testing.T, path string, opts ...store.Option) (string, *recorder) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := &recorder{}
	a := &app.App{DB: db, Now: func() time.Time { return testNow }, Warn: rec.warn, Note: rec.note}
	rep, err := a.Report(ctx, app.ReportQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := report.JSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	return b.String(), rec
}

// TestReportWithoutStoredMetrics: a copy of the demo database whose metrics
// were never stored (an older backtrack's, or one whose settings changed),
// read where nothing can be written, gives the very report the writable
// database gives: the metrics and exposures are computed in memory. It
// used to warn and report from the stored metrics: no strength sessions,
// no deadlift finding.
func TestReportWithoutStoredMetrics(t *testing.T) {
	src, err := demoDB()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := reportJSON(t, src, store.ReadOnly())
	if !strings.Contains(want, `"exposure": "deadlift_48h"`) || strings.Contains(want, `"strength_sessions": 0,`) {
		t.Fatalf("the demo's report has no deadlift finding or no strength sessions:\n%s", want)
	}
	stripped := func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "backtrack.db")
		copyDB(t, src, p)
		execSQL(t, p, "DELETE FROM session_metrics")
		return p
	}
	check := func(t *testing.T, path string, opts ...store.Option) {
		t.Helper()
		got, rec := reportJSON(t, path, opts...)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("report from a read-only copy without metrics (-writable +copy):\n%s", d)
		}
		for _, w := range rec.warnings {
			t.Errorf("warning: %s", w)
		}
	}
	t.Run("opened read-only", func(t *testing.T) {
		check(t, stripped(t, t.TempDir()), store.ReadOnly())
	})
	t.Run("read-only disk", func(t *testing.T) {
		dir := t.TempDir()
		testutil.Mount(t, dir, 64<<20)
		p := stripped(t, dir)
		testutil.Remount(t, dir, true)
		check(t, p, store.MustExist(), store.ReadOnlyIfNeeded())
	})
	t.Run("full disk", func(t *testing.T) {
		dir := t.TempDir()
		testutil.Mount(t, dir, 64<<20)
		p := stripped(t, dir)
		testutil.Fill(t, dir)
		check(t, p, store.MustExist(), store.ReadOnlyIfNeeded())
	})
}

// TestReportDamagedSamples: runs whose stored samples are damaged lose
// their hill and cadence metrics only: each is named in a warning and in a
// note of the report itself, their strength exposures still count, and the
// other runs are untouched. It used to make analyze and report succeed
// silently with the runs' metrics missing, or fail every session.
func TestReportDamagedSamples(t *testing.T) {
	src, err := demoDB()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "backtrack.db")
	copyDB(t, src, p)
	// Three runs: one BLOB that does not decode, one row gone, one whose
	// count disagrees with the session's.
	var ids []int64
	conn, err := sql.Open("sqlite3", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := conn.Query("SELECT id FROM sessions WHERE sport = 'running' AND n_samples > 0 ORDER BY id LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	conn.Close()
	if len(ids) != 3 {
		t.Fatalf("runs with samples: %v", ids)
	}
	execSQL(t, p,
		"UPDATE session_samples SET alt_m = x'5100' WHERE session_id = "+itoa(ids[0]),
		"DELETE FROM session_samples WHERE session_id = "+itoa(ids[1]),
		"UPDATE sessions SET n_samples = n_samples + 1 WHERE id = "+itoa(ids[2]),
		"DELETE FROM session_metrics") // every metric recomputed from the samples

	ctx := context.Background()
	db, err := store.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := &recorder{}
	a := &app.App{DB: db, Now: func() time.Time { return testNow }, Warn: rec.warn, Note: rec.note}
	u, err := a.UpdateMetrics(ctx, false)
	if err != nil {
		t.Fatalf("UpdateMetrics: %v (damaged samples must not stop it)", err)
	}
	if u.Damaged != 3 || u.DamagedRuns != 3 {
		t.Errorf("UpdateMetrics: %+v, want 3 damaged runs", u)
	}
	rep, err := a.Report(ctx, app.ReportQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Notes) == 0 || !strings.Contains(rep.Notes[0], "3 sessions are damaged") ||
		!strings.Contains(rep.Notes[0], "3 runs lost their hill and cadence metrics") {
		t.Errorf("the report's first note %q does not say what is missing", rep.Notes)
	}
	for _, id := range ids {
		found := false
		for _, w := range rec.warnings {
			found = found || strings.Contains(w, "session "+itoa(id)+" (")
		}
		if !found {
			t.Errorf("no warning names session %d: %q", id, rec.warnings)
		}
	}
	// The strength exposures do not need samples: the deadlift finding is
	// the demo's.
	want, _ := reportJSON(t, src, store.ReadOnly())
	var w, g analysis.Report
	json.Unmarshal([]byte(want), &w)
	var b strings.Builder
	report.JSON(&b, rep)
	json.Unmarshal([]byte(b.String()), &g)
	if w.Data.StrengthSessions != g.Data.StrengthSessions || w.Data.Runs != g.Data.Runs {
		t.Errorf("data %+v, want %+v", g.Data, w.Data)
	}
	for i := range w.Suspects {
		if s := w.Suspects[i]; s.Exposure == analysis.ExpDeadlift48h {
			if d := cmp.Diff(s.Findings.Onsets, g.Suspects[i].Findings.Onsets); d != "" {
				t.Errorf("deadlift_48h exposed runs changed:\n%s", d)
			}
			if s.Verdict != g.Suspects[i].Verdict {
				t.Errorf("deadlift_48h verdict %s, want %s", g.Suspects[i].Verdict, s.Verdict)
			}
		}
	}

	// sessions show says the samples are damaged rather than "0".
	d, err := a.Session(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if d.SamplesErr == nil || !strings.Contains(d.SamplesErr.Error(), "row of samples is missing") {
		t.Errorf("Session(%d).SamplesErr = %v", ids[1], d.SamplesErr)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
