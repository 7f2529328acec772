package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestMigrationKeepsLegacySamples builds a database at schema version 4,
// whose session_samples hold float columns (codec 0), opens it with this
// build (migration 5 rebuilds the table) and checks that every sample reads
// back as version 4 stored it, and that new imports beside it use codec 1.
func TestMigrationKeepsLegacySamples(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v4.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:4] {
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	smp := makeSamples(500)
	args := []any{1, smp.Len()}
	cols := smp.Columns()
	for i, c := range cols[:len(legacyWidths)] {
		var b []byte
		if !allNaN(*c) {
			b = encodeColumn(*c, legacyWidths[i])
		}
		args = append(args, b)
	}
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO sources (id, sha256, path, format, size, status, imported_at)
			VALUES (1, '%s', 'old.fit', 'fit', 10, 'ok', '2026-01-01T00:00:00Z')`, shaOf("old")),
		`INSERT INTO sessions (id, source_id, idx, sport, start_utc, offset_s, local_date, n_samples)
			VALUES (1, 1, 0, 'running', 1700000000000, 3600, '2023-11-14', 500)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`INSERT INTO session_samples (session_id, n, t_s, lat_deg, lon_deg, alt_m, dist_m,
		speed_mps, hr_bpm, cadence_spm, power_w) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 4"); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != latestVersion() {
		t.Fatalf("schema version %d (%v), want %d", v, err, latestVersion())
	}
	got, err := db.Samples(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := asStored(smp)
	wantCols := want.Columns()
	for i, c := range wantCols[:len(legacyWidths)] {
		if legacyWidths[i] == 4 {
			for j, v := range *c {
				(*c)[j] = float64(float32(v))
			}
		}
	}
	if d := cmp.Diff(want, got, cmpopts.EquateNaNs()); d != "" {
		t.Errorf("legacy samples after migration (-want +got):\n%s", d)
	}

	run := fullRun(t)
	run.Samples = watchRun(100)
	out := importOne(t, db, testSource("new.fit"), run)
	var codec int
	if err := db.r.QueryRowContext(ctx, "SELECT codec FROM session_samples WHERE session_id = ?", out.SessionIDs[0]).Scan(&codec); err != nil {
		t.Fatal(err)
	}
	if codec != codecPacked {
		t.Errorf("a new import has codec %d, want %d", codec, codecPacked)
	}
	if back, err := db.Samples(ctx, out.SessionIDs[0]); err != nil || back.Len() != 100 || back.Lat[7] != run.Samples.Lat[7] || !math.IsNaN(back.PowerW[0]) {
		t.Errorf("new samples beside legacy ones: %d samples, %v", back.Len(), err)
	}
	if _, err := db.r.ExecContext(ctx, "SELECT * FROM samples LIMIT 1"); err == nil {
		t.Error("the samples view (float layout only) is still there")
	}
}
