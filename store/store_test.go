package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/model"
)

// TestOpenCreatesPrivateFileAndFolders checks the modes of a new database,
// its -wal and -shm and the folders Open creates, under a permissive and
// the usual umask. Not parallel: the umask is process-wide.
func TestOpenCreatesPrivateFileAndFolders(t *testing.T) {
	for _, mask := range []int{0o000, 0o022} {
		t.Run(fmt.Sprintf("umask %03o", mask), func(t *testing.T) {
			setUmask(t, mask)
			root := t.TempDir()
			if err := os.Chmod(root, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(root, "data", "backtrack", "backtrack.db")
			var warnings []string
			db, err := Open(context.Background(), path, WithWarn(func(m string) { warnings = append(warnings, m) }))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			// Write something so that SQLite creates its -wal and -shm files.
			importOne(t, db, testSource("a.fit"), model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z")))

			want := map[string]fs.FileMode{
				root:                        0o755, // existed: left alone
				filepath.Join(root, "data"): 0o700,
				filepath.Dir(path):          0o700,
				path:                        0o600,
				path + "-wal":               0o600,
				path + "-shm":               0o600,
			}
			if d := cmp.Diff(want, modes(t, want)); d != "" {
				t.Errorf("modes (-want +got):\n%s", d)
			}
			if len(warnings) != 0 {
				t.Errorf("warnings for a new database: %q", warnings)
			}
			if db.Path() != path {
				t.Errorf("Path() = %q, want %q", db.Path(), path)
			}
		})
	}
}

func TestOpenPragmas(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	pragma := func(conn *sql.DB, name string) string {
		t.Helper()
		var v string
		if err := conn.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name string
		conn *sql.DB
		busy int // ms; the writer waits in beginWrite instead, up to busyTimeoutMS
	}{{"writer", db.w, writerBusyMS}, {"reader", db.r, busyTimeoutMS}} {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			for _, p := range []string{"journal_mode", "foreign_keys", "busy_timeout"} {
				got[p] = pragma(c.conn, p)
			}
			want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": fmt.Sprint(c.busy)}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("pragmas (-want +got):\n%s", d)
			}
		})
	}
	if got := pragma(db.w, "synchronous"); got != "1" {
		t.Errorf("writer synchronous = %s, want 1 (NORMAL)", got)
	}
	if got := pragma(db.r, "page_size"); got != "16384" {
		t.Errorf("page_size = %s, want 16384 for a new file", got)
	}
	if got := pragma(db.r, "query_only"); got != "1" {
		t.Errorf("reader query_only = %s, want 1", got)
	}
	if _, err := db.r.ExecContext(ctx, "INSERT INTO meta (key, value) VALUES ('k', 'v')"); err == nil {
		t.Error("a write through the reader pool succeeded; want it refused")
	}
}

func TestWriterTransactionsAreImmediate(t *testing.T) {
	// Two handles: a transaction on one must hold the write lock from BEGIN,
	// so that the other's BEGIN waits rather than failing later on upgrade.
	db := openTest(t)
	other, err := Open(context.Background(), db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := db.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	conn, err := other.w.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 50"); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	if err == nil {
		conn.ExecContext(context.Background(), "ROLLBACK")
		t.Fatal("a second writer began while the first held an immediate transaction")
	}
	if !strings.Contains(err.Error(), "locked") && !strings.Contains(err.Error(), "busy") {
		t.Errorf("second writer: %v, want database is locked", err)
	}
}

func TestOpenTwiceIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "backtrack.db")
	ctx := context.Background()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	importOne(t, db, testSource("a.fit"), model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z")))
	v1, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer db.Close()
	v2, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 != latestVersion() || v2 != v1 {
		t.Errorf("schema versions %d then %d, want %d both times", v1, v2, latestVersion())
	}
	if n := count(t, db, "sessions"); n != 1 {
		t.Errorf("%d sessions after reopening, want 1", n)
	}
	if got, err := db.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Errorf("IntegrityCheck = %q, %v; want ok", got, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	db := openTest(t)
	if _, err := db.w.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), db.Path())
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a schema-999 database: %v, want an error saying it is newer", err)
	}
}

func TestOpenOddPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a?b#c%d e", "my db?.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	importOne(t, db, testSource("a.fit"))
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the named path: %v", err)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "my db?.db") {
			t.Errorf("stray file %q beside the database", e.Name())
		}
	}
}

func TestDefaultPath(t *testing.T) {
	tests := []struct {
		name, xdg, home, want string
	}{
		{"xdg", "/x/data", "/home/u", "/x/data/backtrack/backtrack.db"},
		{"no xdg", "", "/home/u", "/home/u/.local/share/backtrack/backtrack.db"},
		{"relative xdg ignored", "rel/data", "/home/u", "/home/u/.local/share/backtrack/backtrack.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DefaultPath()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("DefaultPath() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMigrationsAreOrdered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 || ms[0].name != "0001_init.sql" {
		t.Fatalf("first migration %v, want 0001_init.sql", ms)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d is %s (version %d)", i, m.name, m.version)
		}
	}
}

func TestSchemaHasTables(t *testing.T) {
	db := openTest(t)
	rows, err := db.r.Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{"corrections", "laps", "meta", "pain_events", "recordings", "session_links", "session_metrics", "session_samples", "sessions", "sets", "skipped_sources", "sources", "sqlite_sequence"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
}

func TestIntegrityCheckReportsForeignKeyViolations(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	conn, err := db.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Break a reference behind the store's back.
	for _, q := range []string{
		"PRAGMA foreign_keys = off",
		"INSERT INTO session_links (session_id, source_id, role) VALUES (7, 9, 'duplicate')",
		"PRAGMA foreign_keys = on",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	got, err := db.IntegrityCheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "session_links") {
		t.Errorf("IntegrityCheck = %q, want it to name session_links", got)
	}
}
