package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// closedTestDB writes a small database with a whole and a partly imported
// source, closes it (SQLite folds the WAL into the file) and returns its
// path. The folder is 0700, the file 0600.
func closedTestDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "data", "backtrack.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	run := model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z"))
	run.Samples = makeSamples(3000) // overflow pages, so the file has a middle
	importOne(t, db, testSource("whole.fit"), run)
	cut := testSource("watch.zip › cut.fit")
	cut.Status, cut.Damage = model.StatusPartial, "truncated at byte 9000 of 12000"
	importOne(t, db, cut, model.NewSession(model.Running, mustTime(t, "2024-03-06T06:00:00Z")))
	crc := testSource("odd.fit")
	crc.Status = model.StatusCRCUnverified
	importOne(t, db, crc, model.NewSession(model.Running, mustTime(t, "2024-03-07T06:00:00Z")))
	if _, err := db.AddPain(ctx, model.PainEvent{LocalDate: "2024-03-05", TZ: "UTC", Severity: 4, Location: "lower back"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExamineHealthy(t *testing.T) {
	path := closedTestDB(t)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := Examine(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	want := &Health{
		Path:          path,
		Files:         []FileAccess{{Path: path, Mode: 0o600}},
		Folder:        FileAccess{Path: filepath.Dir(path), IsDir: true, Mode: 0o700},
		SchemaVersion: latestVersion(),
		KnownVersion:  latestVersion(),
		Partial:       []PartialSource{{Path: "watch.zip › cut.fit", Format: model.FormatFIT, Damage: "truncated at byte 9000 of 12000"}},
		Sources:       3, CRCUnverified: 1, Sessions: 3, PainEvents: 1, SamplesChecked: 3,
	}
	if d := cmp.Diff(want, h); d != "" {
		t.Errorf("Examine (-want +got):\n%s", d)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("Examine changed the database file")
	}
	ents, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if d := cmp.Diff([]string{"backtrack.db"}, names); d != "" {
		t.Errorf("files left in the folder (-want +got):\n%s", d)
	}
}

// TestExamineChangesNothing: a database other users can read is reported
// with its mode, never changed (doctor only reports).
func TestExamineChangesNothing(t *testing.T) {
	path := closedTestDB(t)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	h, err := Examine(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]FileAccess{{Path: path, Mode: 0o644}}, h.Files); d != "" {
		t.Errorf("Files (-want +got):\n%s", d)
	}
	if d := cmp.Diff(FileAccess{Path: filepath.Dir(path), IsDir: true, Mode: 0o755}, h.Folder); d != "" {
		t.Errorf("Folder (-want +got):\n%s", d)
	}
	want := map[string]os.FileMode{path: 0o644, filepath.Dir(path): 0o755}
	if d := cmp.Diff(want, modes(t, want)); d != "" {
		t.Errorf("modes (-want +got):\n%s", d)
	}
}

func TestExamineMissingDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nothing")
	path := filepath.Join(dir, "backtrack.db")
	_, err := Examine(context.Background(), path)
	if !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("Examine of a missing database: %v, want ErrNoDatabase", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Examine created %s (stat: %v)", dir, err)
	}
}

// TestExamineFindsDamage overwrites the last page (sample data) of a closed
// database, and replaces another database with text: both are findings,
// not errors.
func TestExamineFindsDamage(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string)
		want    string // in one of the Damage lines
		counted bool   // whether the row counts could still be taken
	}{
		{
			name: "page overwritten",
			damage: func(t *testing.T, path string) {
				f, err := os.OpenFile(path, os.O_RDWR, 0)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				fi, err := f.Stat()
				if err != nil {
					t.Fatal(err)
				}
				pages := fi.Size() / pageSize
				if pages < 5 {
					t.Fatalf("database has %d pages, want a middle one", pages)
				}
				junk := bytes.Repeat([]byte{0xA5}, pageSize)
				if _, err := f.WriteAt(junk, (pages-1)*pageSize); err != nil { // a page of sample data
					t.Fatal(err)
				}
			},
			want:    "page",
			counted: true,
		},
		{
			name: "not a database",
			damage: func(t *testing.T, path string) {
				if err := os.WriteFile(path, bytes.Repeat([]byte("not a database at all\n"), 1000), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			want: "not a database",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := closedTestDB(t)
			tt.damage(t, path)
			h, err := Examine(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Damage) == 0 {
				t.Fatal("Examine found no damage")
			}
			if !strings.Contains(strings.Join(h.Damage, "\n"), tt.want) {
				t.Errorf("Damage = %q, want a line with %q", h.Damage, tt.want)
			}
			if !tt.counted && (h.Sessions != -1 || h.SchemaVersion != -1) {
				t.Errorf("Sessions = %d, SchemaVersion = %d, want -1 for both (not read)", h.Sessions, h.SchemaVersion)
			}
		})
	}
}

func TestExamineSchemaVersions(t *testing.T) {
	tests := []struct {
		name    string
		version int
		counted bool
	}{
		{"newer", 999, false},
		{"older", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := closedTestDB(t)
			db, err := Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.w.Exec(fmt.Sprintf("PRAGMA user_version = %d", tt.version)); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			h, err := Examine(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			if h.SchemaVersion != tt.version || h.KnownVersion != latestVersion() {
				t.Errorf("versions %d (known %d), want %d (known %d)", h.SchemaVersion, h.KnownVersion, tt.version, latestVersion())
			}
			if got := h.Sessions != -1; got != tt.counted {
				t.Errorf("sessions counted = %v (%d), want %v", got, h.Sessions, tt.counted)
			}
			if len(h.Damage) != 0 {
				t.Errorf("Damage = %q, want none", h.Damage)
			}
		})
	}
}

// staleWAL leaves the database at path with a -wal holding a change and a
// -shm that no connection holds, as a process killed mid-write (or a
// read-only open that could not remove them) leaves them.
func staleWAL(t *testing.T, path string) {
	t.Helper()
	live, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	live.ck.Close() // no checkpoint: the change stays in the -wal
	if _, err := live.AddPain(context.Background(), model.PainEvent{LocalDate: "2024-03-08", TZ: "UTC", Severity: 5, Location: "lower back"}); err != nil {
		t.Fatal(err)
	}
	saved := map[string][]byte{}
	for _, suffix := range []string{"-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		saved[suffix] = b
	}
	live.Close()
	for suffix, b := range saved {
		if err := os.WriteFile(path+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExamineSamplesAndLeftovers: doctor decodes every session's samples
// (naming the session whose samples are damaged or missing) and lists the
// -wal and -shm that no connection holds, without changing any file.
func TestExamineSamplesAndLeftovers(t *testing.T) {
	path := closedTestDB(t)
	raw, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.w.Exec("UPDATE session_samples SET t_s = x'51' WHERE session_id = 1"); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.w.Exec("UPDATE sessions SET n_samples = 10 WHERE id = 2"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	staleWAL(t, path)
	before := map[string][]byte{}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		before[suffix], _ = os.ReadFile(path + suffix)
	}
	h, err := Examine(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if h.SamplesChecked != 1 || len(h.DamagedSamples) != 2 {
		t.Fatalf("SamplesChecked %d, DamagedSamples %v; want 1 and 2", h.SamplesChecked, h.DamagedSamples)
	}
	for i, want := range []string{"session 1 (2024-03-05, whole.fit)", "session 2 (2024-03-06, watch.zip › cut.fit)"} {
		if msg := h.DamagedSamples[i].Error(); !strings.Contains(msg, want) {
			t.Errorf("damage %d: %q, want it to name %q", i, msg, want)
		}
	}
	if h.PainEvents != 2 {
		t.Errorf("PainEvents %d, want 2 (the -wal's event read too)", h.PainEvents)
	}
	if len(h.Leftovers) != 2 || h.Leftovers[0].Changes <= 0 || !h.Leftovers[0].Writable {
		t.Errorf("Leftovers %+v, want the -wal (with changes) and the -shm", h.Leftovers)
	}
	for suffix, b := range before {
		after, _ := os.ReadFile(path + suffix)
		if !bytes.Equal(b, after) {
			t.Errorf("Examine changed %s%s", filepath.Base(path), suffix)
		}
	}
	// While a connection has the database open, its -wal and -shm are not
	// leftovers.
	live, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if h, err := Examine(context.Background(), path); err != nil || len(h.Leftovers) != 0 {
		t.Errorf("Examine of a database in use: leftovers %+v, %v", h.Leftovers, err)
	}
}

// TestExamineReadOnlyLeftovers: as root on a read-only disk, doctor works
// and says the -wal and -shm left there cannot be written.
func TestExamineReadOnlyLeftovers(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 16<<20)
	path := filepath.Join(dir, "backtrack.db")
	seedDB(t, path)
	staleWAL(t, path)
	testutil.Remount(t, dir, true)
	h, err := Examine(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Leftovers) != 2 || h.Leftovers[0].Writable || h.Leftovers[1].Writable {
		t.Errorf("Leftovers %+v, want two that cannot be written", h.Leftovers)
	}
	if h.PainEvents != 2 || len(h.Damage) != 0 {
		t.Errorf("PainEvents %d, Damage %v", h.PainEvents, h.Damage)
	}
}
