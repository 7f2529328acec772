package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backtrack/backtrack/internal/testutil"
)

// roSeed imports a run and a strength session and logs a pain event into
// a database in dir and returns the database's path.
func roSeed(t *testing.T, dir string) string {
	t.Helper()
	in := t.TempDir()
	relWrite(t, in, "run.fit", relFIT(t, "run", 0))
	relWrite(t, in, "strength.fit", relFIT(t, "strength", 30))
	db := filepath.Join(dir, "backtrack.db")
	if code, _, errOut := relRun(t, db, "import", in); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if code, _, errOut := relRun(t, db, "pain", "add", "--date", "2024-03-05", "--severity", "4"); code != 0 {
		t.Fatalf("pain add: exit %d: %s", code, errOut)
	}
	return db
}

// readCommands are the commands that only read: each must work on a
// database that cannot be written.
var readCommands = [][]string{
	{"sessions", "list"}, {"sessions", "list", "--json"}, {"sessions", "show", "1"}, {"sessions", "samples", "1"},
	{"report"}, {"report", "--format", "json"}, {"pain", "list"}, {"pain", "export"},
	{"config", "list"}, {"config", "get", "hysteresis_m"}, {"doctor"},
}

// checkCannotWrite runs the read commands (exit 0) and the write commands
// (exit 1, saying want in plain words) on db.
func checkCannotWrite(t *testing.T, db, want string) {
	t.Helper()
	in := t.TempDir()
	relWrite(t, in, "more.fit", relFIT(t, "run", 50))
	csv := relWrite(t, in, "pain.csv", []byte("date,time,severity,location,note\n2024-03-06,,2,,\n"))
	for _, args := range readCommands {
		code, stdout, errOut := relRun(t, db, args...)
		if code != 0 || stdout == "" {
			t.Errorf("%s: exit %d, stdout %d bytes\n%s", strings.Join(args, " "), code, len(stdout), errOut)
		}
	}
	for _, args := range [][]string{
		{"pain", "add", "--date", "2024-03-06", "--severity", "3"}, {"pain", "rm", "1"},
		{"pain", "import", csv}, {"import", in}, {"analyze"}, {"config", "set", "hysteresis_m", "4"},
	} {
		code, _, errOut := relRun(t, db, args...)
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 saying %q", strings.Join(args, " "), code, errOut, want)
		}
	}
	if code, stdout, _ := relRun(t, db, "pain", "list"); code != 0 || strings.Count(stdout, "2024-03-0") != 1 {
		t.Errorf("pain list after the refused writes: %q", stdout)
	}
}

// TestReadOnlyDisk: on a file system mounted read-only, the commands that
// read work (they used to fail: SQLite could not create the -shm) and the
// ones that write say "read-only".
func TestReadOnlyDisk(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 16<<20)
	db := roSeed(t, dir)
	testutil.Remount(t, dir, true)
	checkCannotWrite(t, db, "read-only")
	_, _, errOut := relRun(t, db, "pain", "list")
	if !strings.Contains(errOut, "read-only (the file system is mounted read-only)") {
		t.Errorf("pain list on a read-only disk: stderr %q, want a note saying so", errOut)
	}
}

// TestFullDisk: with no space left, the commands that read work and the
// ones that write say "disk full".
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 16<<20)
	db := roSeed(t, dir)
	testutil.Fill(t, dir)
	checkCannotWrite(t, db, "disk full")
}

// TestReadOnlyFolder: as a user other than root, a database in a folder
// the user cannot write (and a file they cannot write) is read, and
// writes say "read-only".
func TestReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any folder; TestReadOnlyDisk covers read-only access as root")
	}
	dir := filepath.Join(t.TempDir(), "data")
	os.Mkdir(dir, 0o700)
	db := roSeed(t, dir)
	os.Chmod(db, 0o400)
	os.Chmod(dir, 0o500)
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	checkCannotWrite(t, db, "read-only")
}

// TestDamagedSamplesCLI: sessions show says a run's samples are damaged
// (it used to say "samples: 0"), sessions samples fails naming the
// session, and analyze counts the runs that lost their metrics.
func TestDamagedSamplesCLI(t *testing.T) {
	db := roSeed(t, t.TempDir())
	conn, err := sql.Open("sqlite3", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	if err := conn.QueryRow("SELECT id FROM sessions WHERE sport = 'running'").Scan(&id); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec("UPDATE session_samples SET hr_bpm = x'5100' WHERE session_id = " + id); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	code, stdout, _ := relRun(t, db, "sessions", "show", id)
	if code != 0 || !strings.Contains(stdout, "samples:   600 recorded, but damaged: column hr_bpm") {
		t.Errorf("sessions show: exit %d\n%s", code, stdout)
	}
	code, _, errOut := relRun(t, db, "sessions", "samples", id)
	if code != 1 || !strings.Contains(errOut, "the samples of session "+id+" (2024-03-04, ") {
		t.Errorf("sessions samples: exit %d, stderr %q", code, errOut)
	}
	// Its metrics, computed at import from good samples, are kept; once
	// they must be recomputed (another hysteresis) they cannot be.
	code, stdout, errOut = relRun(t, db, "analyze", "--all")
	if code != 0 || !strings.Contains(stdout, "damaged: the samples of 1 session cannot be read (see the warnings and 'backtrack doctor'); the metrics stored before the damage are kept") ||
		!strings.Contains(errOut, "session "+id+" (2024-03-04") {
		t.Errorf("analyze: exit %d\n%s\n%s", code, stdout, errOut)
	}
	relRun(t, db, "config", "set", "hysteresis_m", "5")
	code, stdout, errOut = relRun(t, db, "analyze")
	if code != 0 || !strings.Contains(stdout, "; 1 run lost its hill and cadence metrics") ||
		!strings.Contains(stdout, "(0 with hill metrics, 0 with cadence drift)") || strings.Count(errOut, "session "+id+" (") != 1 {
		t.Errorf("analyze: exit %d\n%s\n%s", code, stdout, errOut)
	}
	code, stdout, _ = relRun(t, db, "doctor")
	if code != 1 || !strings.Contains(stdout, "problem: the samples of 1 session are damaged") {
		t.Errorf("doctor: exit %d\n%s", code, stdout)
	}
}

// TestImportSummaryTellsTheTruth: an import that runs out of space lists
// every file that was not saved as failed, saying why, and counts only
// what is in the database (it used to count the files of a failed group
// commit as imported). Importing again stores the rest.
func TestImportSummaryTellsTheTruth(t *testing.T) {
	dir := t.TempDir()
	testutil.Mount(t, dir, 32<<20)
	db := roSeed(t, dir) // 2 sessions
	in := t.TempDir()
	const files = 300
	for k := range files {
		relWrite(t, in, fmt.Sprintf("r%03d.fit", k), relFIT(t, "run", 100+k))
	}
	spare := filepath.Join(dir, "spare")
	if err := os.WriteFile(spare, make([]byte, 1536<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	testutil.Fill(t, dir)
	os.Remove(spare)

	code, stdout, errOut := relRun(t, db, "import", "--json", in)
	if code != 1 || !strings.Contains(errOut, "disk full") {
		t.Fatalf("import on a filling disk: exit %d, stderr %q", code, errOut)
	}
	sum := relSummary(t, stdout)
	_, list, _ := relRun(t, db, "sessions", "list", "--json")
	var sessions []sessionJSON
	if err := json.Unmarshal([]byte(list), &sessions); err != nil {
		t.Fatalf("sessions list: %v\n%s", err, list)
	}
	stored := len(sessions) - 2
	if sum.Imported != stored || sum.SessionsAdded != stored {
		t.Errorf("summary: imported %d, sessions_added %d; the database holds %d new sessions", sum.Imported, sum.SessionsAdded, stored)
	}
	// Every file the import reached is imported or failed (the walk
	// stops at the failure: files it never reached are not listed).
	if sum.Imported+len(sum.Failed) != sum.Files || sum.Files > files {
		t.Errorf("summary: %d files, %d imported + %d failed", sum.Files, sum.Imported, len(sum.Failed))
	}
	full := 0
	for _, f := range sum.Failed {
		if strings.Contains(f.Error, "disk full") || strings.Contains(f.Error, "import stopped") {
			full++
		}
	}
	if full != len(sum.Failed) || full == 0 {
		t.Errorf("failed files' reasons: %+v", sum.Failed)
	}
	t.Logf("stored %d of %d files before the disk filled; failed %d", stored, files, len(sum.Failed))
	if stored == 0 || stored == files {
		t.Logf("the disk filled after %d of %d files: the test shows less than it could", stored, files)
	}

	// Space again: the same import stores the rest.
	fills, _ := filepath.Glob(filepath.Join(dir, "fill-*"))
	for _, f := range fills {
		os.Remove(f)
	}
	code, stdout, errOut = relRun(t, db, "import", "--json", in)
	if code != 0 {
		t.Fatalf("import again: exit %d: %s", code, errOut)
	}
	again := relSummary(t, stdout)
	if again.Imported != files-stored || again.Duplicates != stored {
		t.Errorf("import again: imported %d, duplicates %d; want %d and %d", again.Imported, again.Duplicates, files-stored, stored)
	}
}
