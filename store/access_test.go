package store

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// fileNames lists the files in dir.
func fileNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// modeOf returns the permission bits of the file at p (following links).
func modeOf(t *testing.T, p string) fs.FileMode {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestOpenNeverChangesOtherFiles: --db naming a FIT file, a link to a file
// that is not a database or a link to a database changes no file's mode
// (it used to make a FIT file, or /etc/passwd through a link, 0600).
func TestOpenNeverChangesOtherFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	fit := filepath.Join(dir, "run.fit")
	os.WriteFile(fit, []byte("\x0e\x10\x00\x00....FIT data"), 0o644)
	os.Chmod(fit, 0o644)
	passwd := filepath.Join(dir, "passwd")
	os.WriteFile(passwd, []byte("root:x:0:0:root:/root:/bin/sh\n"), 0o644)
	os.Chmod(passwd, 0o644)
	toPasswd := filepath.Join(dir, "to-passwd.db")
	os.Symlink(passwd, toPasswd)
	for _, p := range []string{fit, toPasswd} {
		_, err := Open(ctx, p)
		if !errors.Is(err, ErrNotDatabase) {
			t.Errorf("Open(%s): %v, want ErrNotDatabase", filepath.Base(p), err)
		}
	}
	for _, p := range []string{fit, passwd} {
		if m := modeOf(t, p); m != 0o644 {
			t.Errorf("%s is now %04o, want 0644 (untouched)", filepath.Base(p), m)
		}
	}

	// A link to a real database opens, but the mode of its target is not
	// changed through the link: a warning says so.
	real := filepath.Join(dir, "real.db")
	db, err := Open(ctx, real)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Chmod(real, 0o644)
	link := filepath.Join(dir, "link.db")
	os.Symlink(real, link)
	var warnings []string
	db, err = Open(ctx, link, WithWarn(func(m string) { warnings = append(warnings, m) }))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if m := modeOf(t, real); m != 0o644 {
		t.Errorf("the link's target is now %04o: changed through the link", m)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "symbolic link") || !strings.Contains(warnings[0], "chmod 600") {
		t.Errorf("warnings %q, want one saying the link was not followed and what to run", warnings)
	}
}

// TestOpenOtherUsersFileUnchanged: as root, a database that belongs to
// another user, or has a second name (hard link), is not made private
// behind its owner's back; a warning says why.
func TestOpenOtherUsersFileUnchanged(t *testing.T) {
	testutil.NeedRoot(t, "gives a file to another user")
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "theirs.db")
	db, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	os.Chmod(p, 0o644)
	if err := os.Chown(p, 4242, 4242); err != nil {
		t.Skip(err)
	}
	var warnings []string
	db, err = Open(ctx, p, WithWarn(func(m string) { warnings = append(warnings, m) }))
	if err == nil {
		db.Close()
	}
	if m := modeOf(t, p); m != 0o644 {
		t.Errorf("another user's database is now %04o", m)
	}
	if len(warnings) == 0 || !strings.Contains(warnings[0], "another user") {
		t.Errorf("warnings %q, want one naming the other owner", warnings)
	}
}

// TestOpenDanglingLink: a link to nothing is refused, and nothing is
// created at its target (SQLite would have created it with the umask's
// mode, readable by everyone).
func TestOpenDanglingLink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "nowhere.db")
	link := filepath.Join(dir, "backtrack.db")
	os.Symlink(target, link)
	_, err := Open(context.Background(), link)
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open(dangling link): %v, want a refusal", err)
	}
	if _, err := os.Lstat(target); err == nil {
		t.Error("a database was created through the dangling link")
	}
}

// TestOpenMustExist: a missing database is ErrNoDatabase, and neither it
// nor its folder is created.
func TestOpenMustExist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "none")
	for _, opt := range []Option{MustExist(), ReadOnly()} {
		_, err := Open(context.Background(), filepath.Join(dir, "backtrack.db"), opt)
		if !errors.Is(err, ErrNoDatabase) {
			t.Errorf("Open: %v, want ErrNoDatabase", err)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Error("Open created the folder")
		}
	}
}

// seedDB writes a database at path with a run (with samples) and a pain
// event, and closes it.
func seedDB(t *testing.T, path string) {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	run := model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z"))
	run.Samples = makeSamples(600)
	importOne(t, db, testSource("run.fit"), run)
	if _, err := db.AddPain(context.Background(), model.PainEvent{LocalDate: "2024-03-05", TZ: "UTC", Severity: 4, Location: "lower back"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkReadOnlyDB checks that db reads the seeded data and refuses writes
// with ErrReadOnly.
func checkReadOnlyDB(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	if !db.ReadOnly() || db.ReadOnlyReason() == "" {
		t.Errorf("ReadOnly %v (%q), want true with a reason", db.ReadOnly(), db.ReadOnlyReason())
	}
	pain, err := db.ListPain(ctx, "", "")
	if err != nil || len(pain) != 1 {
		t.Errorf("ListPain: %d events, %v", len(pain), err)
	}
	s, err := db.GetSession(ctx, 1, true)
	if err != nil || s.Samples.Len() != 600 || s.SamplesErr != nil {
		t.Errorf("GetSession: %v, %v", err, s)
	}
	_, err = db.AddPain(ctx, model.PainEvent{LocalDate: "2024-03-06", TZ: "UTC", Severity: 2, Location: "lower back"})
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("AddPain on a read-only database: %v, want ErrReadOnly", err)
	}
	if err := db.PutMetrics(ctx, []model.Metrics{{SessionID: 1}}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("PutMetrics on a read-only database: %v, want ErrReadOnly", err)
	}
}

// TestOpenReadOnlyOption: ReadOnly reads without creating a -wal or -shm.
func TestOpenReadOnlyOption(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "backtrack.db")
	seedDB(t, path)
	db, err := Open(context.Background(), path, ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnlyDB(t, db)
	if got := fileNames(t, dir); !slices.Equal(got, []string{"backtrack.db"}) {
		t.Errorf("files while open read-only: %v", got)
	}
	db.Close()
	if got := fileNames(t, dir); !slices.Equal(got, []string{"backtrack.db"}) {
		t.Errorf("files left after a read-only open: %v", got)
	}
}

// TestOpenReadOnlyMount: on a file system mounted read-only, a command that
// writes fails saying "read-only", and one that reads works (it used to
// fail: SQLite could not create the -shm).
func TestOpenReadOnlyMount(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 8<<20)
	path := filepath.Join(dir, "backtrack.db")
	seedDB(t, path)
	testutil.Remount(t, dir, true)
	ctx := context.Background()
	_, err := Open(ctx, path)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("Open for writing: %v, want ErrReadOnly", err)
	}
	db, err := Open(ctx, path, MustExist(), ReadOnlyIfNeeded())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkReadOnlyDB(t, db)
	if !strings.Contains(db.ReadOnlyReason(), "mounted read-only") {
		t.Errorf("reason %q", db.ReadOnlyReason())
	}
}

// TestOpenReadOnlyMountWithWAL: a database left with changes in its -wal
// (a crash) on a read-only disk without a -shm is read with those changes,
// from a private copy.
func TestOpenReadOnlyMountWithWAL(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 16<<20)
	src := filepath.Join(t.TempDir(), "src.db")
	seedDB(t, src)
	live, err := Open(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	live.ck.Close() // no checkpoint: the event stays in the -wal
	if _, err := live.AddPain(context.Background(), model.PainEvent{LocalDate: "2024-03-07", TZ: "UTC", Severity: 6, Location: "lower back"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "backtrack.db")
	for _, suffix := range []string{"", "-wal"} {
		if err := copyPrivate(src+suffix, path+suffix); err != nil {
			t.Fatal(err)
		}
	}
	live.Close()
	testutil.Remount(t, dir, true)
	db, err := Open(context.Background(), path, MustExist(), ReadOnlyIfNeeded())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pain, err := db.ListPain(context.Background(), "", "")
	if err != nil || len(pain) != 2 {
		t.Errorf("ListPain: %d events (%v), want 2: the -wal's event too", len(pain), err)
	}
}

// TestOpenDiskFull: with no space left, a command that writes fails saying
// "disk full" and one that reads works (it used to fail to grow the -shm).
func TestOpenDiskFull(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 4<<20)
	path := filepath.Join(dir, "backtrack.db")
	seedDB(t, path)
	testutil.Fill(t, dir)
	ctx := context.Background()
	_, err := Open(ctx, path)
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Open for writing: %v, want ErrDiskFull", err)
	}
	db, err := Open(ctx, path, MustExist(), ReadOnlyIfNeeded())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkReadOnlyDB(t, db)
}

// TestWriteDiskFull: a write that runs out of space on a database opened
// before the disk filled fails with ErrDiskFull in plain words.
func TestWriteDiskFull(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 4<<20)
	path := filepath.Join(dir, "backtrack.db")
	seedDB(t, path)
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	testutil.Fill(t, dir)
	long := strings.Repeat("a very long note ", 4000)
	var werr error
	for i := range 50 {
		_, werr = db.AddPain(context.Background(), model.PainEvent{LocalDate: "2024-03-06", LocalTime: "07:00", TZ: "UTC",
			Severity: i % 10, Location: "lower back", Note: long})
		if werr != nil {
			break
		}
	}
	if !errors.Is(werr, ErrDiskFull) || !strings.Contains(werr.Error(), "disk full") {
		t.Errorf("AddPain on a full disk: %v, want ErrDiskFull", werr)
	}
}

// TestDamagedSamples: a session whose samples row is missing, and one whose
// BLOB does not decode, each get an error naming the session; the other
// sessions read as before (one bad BLOB used to fail every session, and a
// missing row read as no samples).
func TestDamagedSamples(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	for i, name := range []string{"a.fit", "b.fit", "c.fit"} {
		run := model.NewSession(model.Running, mustTime(t, "2024-03-05T06:00:00Z").Add(24*time.Duration(i)*time.Hour))
		run.Samples = makeSamples(500)
		importOne(t, db, testSource(name), run)
	}
	if _, err := db.w.Exec("UPDATE session_samples SET alt_m = x'51' WHERE session_id = 2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.Exec("DELETE FROM session_samples WHERE session_id = 3"); err != nil {
		t.Fatal(err)
	}
	got := map[int64]error{}
	err := db.ForEachSession(ctx, SessionFilter{}, true, func(s *StoredSession) error {
		got[s.ID] = s.SamplesErr
		if s.SamplesErr == nil && s.Samples.Len() != 500 {
			t.Errorf("session %d: %d samples", s.ID, s.Samples.Len())
		}
		if s.SamplesErr != nil && s.Samples.Len() != 0 {
			t.Errorf("session %d: damaged, yet %d samples", s.ID, s.Samples.Len())
		}
		return nil
	})
	if err != nil {
		t.Fatalf("ForEachSession: %v (one damaged session must not fail the walk)", err)
	}
	if got[1] != nil {
		t.Errorf("session 1: %v", got[1])
	}
	for id, want := range map[int64]string{2: "column alt_m", 3: "row of samples is missing"} {
		err := got[id]
		var se *SampleError
		if !errors.As(err, &se) || se.SessionID != id || !errors.Is(err, ErrDamagedSamples) {
			t.Errorf("session %d: %v, want a *SampleError", id, err)
			continue
		}
		msg := err.Error()
		for _, part := range []string{"session " + itoa(id), "2024-03-0", ".fit", want} {
			if !strings.Contains(msg, part) {
				t.Errorf("session %d: %q does not say %q", id, msg, part)
			}
		}
		var smp model.Samples
		if err := db.SamplesInto(ctx, id, &smp); !errors.Is(err, ErrDamagedSamples) {
			t.Errorf("SamplesInto(%d): %v, want ErrDamagedSamples", id, err)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestOpenReadOnlyThroughLink: a database reached through a symbolic link,
// with changes still in its -wal (beside the real file, where SQLite keeps
// it), is read with those changes.
func TestOpenReadOnlyThroughLink(t *testing.T) {
	ctx := context.Background()
	real := filepath.Join(t.TempDir(), "backtrack.db")
	seedDB(t, real)
	live, err := Open(ctx, real)
	if err != nil {
		t.Fatal(err)
	}
	live.ck.Close() // no checkpoint: the event stays in the -wal
	if _, err := live.AddPain(ctx, model.PainEvent{LocalDate: "2024-03-07", TZ: "UTC", Severity: 6, Location: "lower back"}); err != nil {
		t.Fatal(err)
	}
	snap := t.TempDir()
	for _, suffix := range []string{"", "-wal"} {
		if err := copyPrivate(real+suffix, filepath.Join(snap, "backtrack.db"+suffix)); err != nil {
			t.Fatal(err)
		}
	}
	live.Close()
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(filepath.Join(snap, "backtrack.db"), link); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, link, MustExist(), ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if pain, err := db.ListPain(ctx, "", ""); err != nil || len(pain) != 2 {
		t.Errorf("ListPain through a link: %d events (%v), want 2: the -wal's event too", len(pain), err)
	}
}
