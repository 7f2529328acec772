package main

// Issue 7: tests that prove the import's reliability promises
// (docs/storage.md and docs/exit-codes.md): damaged files never cost good ones, a killed
// import leaves whole files or nothing, two imports and a pain entry can
// share the database, and hostile folders are skipped, never hung on.
// The slow ones run only with BACKTRACK_HEAVY=1 (.ci/run sets it).

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
)

// relRun runs the CLI in-process against the database db (TZ UTC) and
// returns the exit code, stdout and stderr.
func relRun(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"BACKTRACK_DB": db, "TZ": "UTC"}
	opts := &globalOptions{
		In: strings.NewReader(""), Out: &out, ErrOut: &errOut,
		Now:              time.Now,
		Getenv:           func(k string) string { return env[k] },
		StderrIsTerminal: func() bool { return false },
	}
	code := run(context.Background(), opts, args)
	return code, out.String(), errOut.String()
}

// relExe returns the test binary's "backtrack" command that TestMain
// (testscript.Main) put first on PATH: running it runs main1 in a child
// process, which a test can kill.
func relExe(t testing.TB) string {
	t.Helper()
	exe, err := exec.LookPath("backtrack")
	if err != nil || !strings.Contains(exe, "testscript-main") {
		t.Fatalf("the test binary's backtrack command is not on PATH: %q, %v", exe, err)
	}
	return exe
}

// relChild runs backtrack args in a child process with the database db,
// in dir, killed after timeout; it returns the exit code (-1 when killed),
// stdout and stderr.
func relChild(t *testing.T, dir, db string, timeout time.Duration, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, relExe(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BACKTRACK_DB="+db, "TZ=UTC")
	cmd.Stdin = strings.NewReader("")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Errorf("backtrack %s: still running after %v (killed)\nstderr: %s", strings.Join(args, " "), timeout, errOut.String())
		return -1, out.String(), errOut.String()
	}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("backtrack %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// relFIT returns the bytes of a generated FIT run (or strength session)
// starting k hours after a fixed time, so that each k is its own activity.
func relFIT(t testing.TB, kind string, k int) []byte {
	t.Helper()
	s, o := fixtureSession(kind, time.Date(2024, 3, 4, 7, 30, 0, 0, time.UTC).Add(time.Duration(k)*time.Hour))
	var b bytes.Buffer
	if err := synth.WriteFIT(&b, s, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// relGPX returns a GPX run of n points starting k hours after the FIT
// runs' base time.
func relGPX(k, n int) []byte {
	start := time.Date(2024, 3, 4, 7, 30, 0, 0, time.UTC).Add(time.Duration(k) * time.Hour)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Loop</name><type>running</type><trkseg>` + "\n")
	for i := range n {
		fmt.Fprintf(&b, `<trkpt lat="%.6f" lon="%.6f"><ele>%d</ele><time>%s</time></trkpt>`+"\n",
			51.5+float64(i)*2e-5, -0.12+float64(i)*2e-5, 20+i%7, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString("</trkseg></trk></gpx>\n")
	return []byte(b.String())
}

// relTCX returns a TCX run of n trackpoints starting k hours after the FIT
// runs' base time.
func relTCX(k, n int) []byte {
	start := time.Date(2024, 3, 4, 7, 30, 0, 0, time.UTC).Add(time.Duration(k) * time.Hour)
	ts := func(i int) string { return start.Add(time.Duration(i) * time.Second).Format(time.RFC3339) }
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+
		`<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>%s</Id><Lap StartTime="%s"><TotalTimeSeconds>%d</TotalTimeSeconds><Track>`+"\n",
		ts(0), ts(0), n-1)
	for i := range n {
		fmt.Fprintf(&b, `<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%.6f</LatitudeDegrees><LongitudeDegrees>%.6f</LongitudeDegrees></Position><DistanceMeters>%d</DistanceMeters><HeartRateBpm><Value>150</Value></HeartRateBpm></Trackpoint>`+"\n",
			ts(i), 51.5+float64(i)*2e-5, -0.12, 3*i)
	}
	b.WriteString("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
	return []byte(b.String())
}

// relNoise returns n bytes from a seeded generator.
func relNoise(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// relDB is what a test reads of a database file on its own (as the sqlite3
// shell would), independently of the store package under test.
type relDB struct {
	integrity string
	// perSource counts, by source SHA-256, the sessions a source holds plus
	// the sessions it is linked to as another recording.
	perSource map[string]int
	// status is each source's status, by SHA-256.
	status map[string]string
	// paths is each source's path, by SHA-256.
	paths map[string]string
	// sessions are the stored sessions, sorted.
	sessions []relSession
	// metrics counts the sessions with metrics, and the runs with current
	// exposures.
	metrics, exposed int
}

// relSession identifies a stored session: start, sport, distance and the
// SHA-256 of the source that holds it.
type relSession struct {
	StartMS  int64
	Sport    string
	Distance float64 // metres; -1 when NULL
	SHA      string
}

// readRelDB opens the database file at path and reads a relDB. A file that
// does not exist or holds no schema yet reads as empty.
func readRelDB(t *testing.T, path string) relDB {
	t.Helper()
	got := relDB{integrity: "ok", perSource: map[string]int{}, status: map[string]string{}, paths: map[string]string{}}
	if _, err := os.Stat(path); err != nil {
		return got
	}
	conn, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	var lines []string
	rows, err := conn.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatalf("integrity check of %s: %v", path, err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	got.integrity = strings.Join(lines, "\n")
	var tables int
	if err := conn.QueryRow("SELECT count(*) FROM sqlite_master WHERE name IN ('sources', 'sessions', 'session_links')").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables < 3 {
		return got // killed before the schema was committed
	}
	query := func(q string, fn func(*sql.Rows) error) {
		rows, err := conn.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	query(`SELECT src.sha256, src.status, src.path,
			(SELECT count(*) FROM sessions s WHERE s.source_id = src.id) +
			(SELECT count(*) FROM session_links l WHERE l.source_id = src.id)
		FROM sources src`, func(r *sql.Rows) error {
		var sha, status, path string
		var n int
		err := r.Scan(&sha, &status, &path, &n)
		got.perSource[sha], got.status[sha], got.paths[sha] = n, status, path
		return err
	})
	query(`SELECT s.start_utc, s.sport, coalesce(s.distance_m, -1), src.sha256
		FROM sessions s JOIN sources src ON src.id = s.source_id`, func(r *sql.Rows) error {
		var s relSession
		err := r.Scan(&s.StartMS, &s.Sport, &s.Distance, &s.SHA)
		got.sessions = append(got.sessions, s)
		return err
	})
	var metricsTable int
	if err := conn.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'session_metrics'").Scan(&metricsTable); err != nil {
		t.Fatal(err)
	}
	if metricsTable == 1 { // else killed between migrations
		query(`SELECT count(*), count(CASE WHEN exposed_with <> '' THEN 1 END) FROM session_metrics`, func(r *sql.Rows) error {
			return r.Scan(&got.metrics, &got.exposed)
		})
	}
	sort.Slice(got.sessions, func(i, j int) bool {
		a, b := got.sessions[i], got.sessions[j]
		if a.StartMS != b.StartMS {
			return a.StartMS < b.StartMS
		}
		if a.Sport != b.Sport {
			return a.Sport < b.Sport
		}
		return a.SHA < b.SHA
	})
	return got
}

// relSummary is the `import --json` output.
func relSummary(t *testing.T, stdout string) importers.Summary {
	t.Helper()
	var s importers.Summary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("import --json output is not JSON: %v\n%s", err, stdout)
	}
	return s
}

// relWrite writes data to rel under dir.
func relWrite(t testing.TB, dir, rel string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// damagedAt matches a damage description that says where the damage
// starts and how much was kept.
var damagedAt = regexp.MustCompile(`byte [0-9,]+.*kept [0-9,]+ (record|point|trackpoint)`)

// TestImportDamagedFiles imports one folder of good files mixed with every
// kind of damage: each good file is imported whole, each damaged one is
// either salvaged (partial, saying where the damage starts and what was
// kept) or named in failed or skipped with a reason; the exit code is 3 and
// the database is intact. (import_errors.txtar pins the CLI's wording for a
// cut FIT file and text named .fit.)
func TestImportDamagedFiles(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	// Good files and the sessions each must give. Every file is its own
	// activity (k hours apart), so that nothing merges.
	run1, run2 := relFIT(t, "run", 1), relFIT(t, "run", 2)
	good := map[string]struct {
		data     []byte
		sessions int
	}{
		"good/run1.fit":     {run1, 1},
		"good/run2.fit":     {run2, 1},
		"good/strength.fit": {relFIT(t, "strength", 3), 1},
		"good/loop.gpx":     {relGPX(4, 300), 1},
		"good/loop.tcx":     {relTCX(5, 300), 1},
		"good/chained.fit":  {append(relFIT(t, "run", 6), relFIT(t, "run", 7)...), 2},
	}
	for rel, g := range good {
		relWrite(t, in, rel, g.data)
	}

	fit := func(k int) []byte { return relFIT(t, "run", k) }
	flip := func(b []byte, at int) []byte { b[at] ^= 0x5a; return b }
	gpx, tcx := relGPX(30, 300), relTCX(31, 300)
	chainA, chainB := fit(32), fit(33)
	// salvage: the file must be salvaged (partial) rather than failed:
	// its damage starts after good records.
	damaged := []struct {
		rel     string
		data    []byte
		salvage bool
	}{
		{"bad/cut-in-header.fit", fit(10)[:9], false},
		{"bad/cut-after-header.fit", fit(11)[:14], false},
		{"bad/cut-early.fit", fit(12)[:400], false},
		{"bad/cut-half.fit", func() []byte { b := fit(13); return b[:len(b)/2] }(), true},
		{"bad/cut-before-crc.fit", func() []byte { b := fit(14); return b[:len(b)-2] }(), true},
		{"bad/cut-mid-crc.fit", func() []byte { b := fit(15); return b[:len(b)-1] }(), true},
		{"bad/flipped-byte.fit", func() []byte { b := fit(16); return flip(b, len(b)*2/3) }(), false},
		{"bad/bad-header.fit", func() []byte { b := fit(17); copy(b[8:12], "XFIT"); return b }(), false},
		{"bad/bad-header-size.fit", func() []byte { b := fit(18); b[0] = 200; return b }(), false},
		{"bad/empty.fit", nil, false},
		{"bad/random.fit", relNoise(1, 20_000), false},
		{"bad/page.gpx", []byte("<!DOCTYPE html>\n<html><head><title>Strava</title></head><body><p>Log in to download this activity.</p></body></html>\n"), false},
		{"bad/half.gpx", gpx[:len(gpx)/2+7], true},
		{"bad/half.tcx", tcx[:len(tcx)/2+5], true},
		{"bad/trailing-junk.fit", append(fit(19), []byte("<html>this is not FIT</html>")...), true},
		{"bad/chain-second-cut.fit", append(chainA, chainB[:len(chainB)/2]...), true},
		{"bad/chain-first-cut.fit", append(fit(34)[:3000], fit(35)...), false},
	}
	for _, d := range damaged {
		relWrite(t, in, d.rel, d.data)
	}

	db := filepath.Join(dir, "db", "backtrack.db")
	code, stdout, stderr := relRun(t, db, "import", "--json", in)
	if code != exitPartial {
		t.Errorf("exit %d, want %d (partial)\nstderr: %s", code, exitPartial, stderr)
	}
	sum := relSummary(t, stdout)
	state := readRelDB(t, db)
	if state.integrity != "ok" {
		t.Errorf("PRAGMA integrity_check: %s", state.integrity)
	}
	bySHA := map[string]string{} // path relative to in, by SHA-256
	for sha, p := range state.paths {
		bySHA[sha] = strings.TrimPrefix(p, in+"/")
	}
	stored := map[string]int{} // sessions by relative path
	statusOf := map[string]string{}
	for sha, n := range state.perSource {
		stored[bySHA[sha]] = n
		statusOf[bySHA[sha]] = state.status[sha]
	}

	for rel, g := range good {
		if stored[rel] != g.sessions || statusOf[rel] != "ok" {
			t.Errorf("good file %s: %d sessions stored with status %q, want %d, ok", rel, stored[rel], statusOf[rel], g.sessions)
		}
	}
	reasons := map[string][]string{} // what the summary says of each damaged file
	for _, p := range sum.Partial {
		reasons[strings.TrimPrefix(p.Path, in+"/")] = append(reasons[strings.TrimPrefix(p.Path, in+"/")], "partial: "+p.Reason)
	}
	for _, f := range sum.Failed {
		reasons[strings.TrimPrefix(f.Path, in+"/")] = append(reasons[strings.TrimPrefix(f.Path, in+"/")], "failed: "+f.Error)
	}
	for _, s := range sum.Skipped {
		reasons[strings.TrimPrefix(s.Path, in+"/")] = append(reasons[strings.TrimPrefix(s.Path, in+"/")], "skipped: "+s.Reason)
	}
	for _, d := range damaged {
		t.Run(d.rel, func(t *testing.T) {
			rs := reasons[d.rel]
			t.Logf("%v; %d sessions stored, status %q", rs, stored[d.rel], statusOf[d.rel])
			if len(rs) != 1 {
				t.Fatalf("named %d times in partial, failed and skipped, want once: %q", len(rs), rs)
			}
			r := rs[0]
			kind, reason, _ := strings.Cut(r, ": ")
			if strings.TrimSpace(reason) == "" {
				t.Errorf("%s without a reason", kind)
			}
			switch kind {
			case "partial":
				if !damagedAt.MatchString(reason) {
					t.Errorf("partial reason %q does not say where the damage starts and what was kept (want %v)", reason, damagedAt)
				}
				if statusOf[d.rel] != "partial" || stored[d.rel] == 0 {
					t.Errorf("salvaged but stored with status %q and %d sessions", statusOf[d.rel], stored[d.rel])
				}
			default:
				if d.salvage {
					t.Errorf("%s, want it salvaged: its damage starts after whole records", r)
				}
				if _, ok := stored[d.rel]; ok {
					t.Errorf("%s, yet its source is stored", r)
				}
			}
		})
	}
	// The chained file cut in its second file keeps both activities: the
	// first whole, the second from its records.
	if n := stored["bad/chain-second-cut.fit"]; n != 2 {
		t.Errorf("bad/chain-second-cut.fit: %d sessions stored, want 2 (the first file's, and one from the second's records)", n)
	}
	// Nothing else was stored: every stored source is one of the files.
	for rel := range stored {
		if _, ok := good[rel]; !ok && reasons[rel] == nil {
			t.Errorf("%s stored but neither a good file nor named in the summary", rel)
		}
	}
	if want := len(good) + len(sum.Partial); sum.Imported != want {
		t.Errorf("summary says %d imported, want %d (good files and salvaged ones)", sum.Imported, want)
	}
}

// relAthlete writes nine months of the synthetic athlete (265 files: FIT
// runs and strength sessions, Strava GPX copies of some runs that merge
// with their FIT, a pain CSV that is skipped) to dir.
func relAthlete(t *testing.T, dir string, seed uint64) synth.Manifest {
	t.Helper()
	a := synth.Generate(synth.Config{Seed: int64(seed), Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Months: 9})
	m, err := a.WriteExport(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestImportKillSafety SIGKILLs `backtrack import` of nine months' export
// (265 files) 24 times, at random moments spread across the import, into
// three databases (each import resuming where the killed one stopped), and
// after each kill finds the database intact and every stored source whole:
// it holds as many sessions (its own or linked) as an uninterrupted import
// gives it, and only sessions that import gives. A final rerun on each
// database completes it: its sessions, links and metrics are exactly the
// uninterrupted import's.
func TestImportKillSafety(t *testing.T) {
	testutil.NeedHeavy(t)
	exe := relExe(t)
	dir := t.TempDir()
	export := filepath.Join(dir, "export")
	man := relAthlete(t, export, 11)

	ref := filepath.Join(dir, "ref", "backtrack.db")
	begin := time.Now()
	if code, _, stderr := relChild(t, dir, ref, 2*time.Minute, "import", "--quiet", export); code != exitOK {
		t.Fatalf("uninterrupted import: exit %d\n%s", code, stderr)
	}
	took := time.Since(begin)
	want := readRelDB(t, ref)
	if len(want.sessions) != man.Runs+man.Strength || want.metrics != len(want.sessions) {
		t.Fatalf("uninterrupted import: %d sessions with %d metrics, want %d (the export's runs and strength sessions)",
			len(want.sessions), want.metrics, man.Runs+man.Strength)
	}
	wantSessions := map[relSession]bool{}
	for _, s := range want.sessions {
		wantSessions[s] = true
	}
	t.Logf("uninterrupted import of %d files: %v, %d sources, %d sessions", len(man.Files), took.Round(time.Millisecond), len(want.perSource), len(want.sessions))

	// checkWhole fails t unless the database at path is intact and holds
	// whole sources only.
	checkWhole := func(what, path string) relDB {
		got := readRelDB(t, path)
		if got.integrity != "ok" {
			t.Errorf("%s: PRAGMA integrity_check: %s", what, got.integrity)
		}
		for sha, n := range got.perSource {
			if w, ok := want.perSource[sha]; !ok || n != w || got.status[sha] != want.status[sha] {
				t.Errorf("%s: source %s holds %d sessions (status %q), want %d (status %q)", what, got.paths[sha], n, got.status[sha], w, want.status[sha])
			}
		}
		for _, s := range got.sessions {
			if !wantSessions[s] {
				t.Errorf("%s: session %+v is not one the uninterrupted import stores", what, s)
			}
		}
		return got
	}
	// checkComplete fails t unless the database at path holds what the
	// uninterrupted import stored.
	checkComplete := func(what string, got relDB) {
		if diff := cmp.Diff(want.sessions, got.sessions); diff != "" {
			t.Errorf("%s: sessions differ from the uninterrupted import's (-want +got):\n%s", what, diff)
		}
		if diff := cmp.Diff(want.perSource, got.perSource); diff != "" {
			t.Errorf("%s: sessions per source differ (-want +got):\n%s", what, diff)
		}
		if got.metrics != want.metrics || got.exposed != want.exposed {
			t.Errorf("%s: %d sessions with metrics and %d runs with exposures, want %d and %d", what, got.metrics, got.exposed, want.metrics, want.exposed)
		}
	}

	// Each database takes killsPerDB kills, at moments chosen by a seeded
	// RNG across the whole import: the first a random time after the start
	// (creating and migrating the new file), the middle ones once the
	// stored sources pass random targets (then a random few milliseconds
	// more, to land inside a transaction), the last at a random time after
	// every source is stored (computing and storing the metrics). A run
	// without a kill then completes the database.
	const killsPerDB, dbs = 8, 3
	total := len(want.perSource)
	rng := rand.New(rand.NewPCG(7, 2024))
	kills := 0
	for cycle := range dbs {
		db := filepath.Join(dir, fmt.Sprintf("db%d", cycle), "backtrack.db")
		targets := make([]int, killsPerDB-2)
		for i := range targets {
			targets[i] = 1 + rng.IntN(total-1)
		}
		sort.Ints(targets)
		for k := range killsPerDB {
			var when relKillAt
			switch k {
			case 0:
				when = relKillAt{after: time.Duration(rng.Int64N(int64(200 * time.Millisecond)))}
			case killsPerDB - 1:
				when = relKillAt{sources: total, after: time.Duration(rng.Int64N(int64(max(took/4, 100*time.Millisecond))))}
			default:
				when = relKillAt{sources: targets[k-1], after: time.Duration(rng.Int64N(int64(20 * time.Millisecond)))}
			}
			stored, killed := relImportKilled(t, exe, dir, db, export, when)
			if !killed {
				// The import ended first (the last kill can come after the
				// metrics): it must be complete.
				checkComplete(fmt.Sprintf("db %d: import that ended before kill %d (%+v)", cycle, k+1, when), checkWhole("ended", db))
				continue
			}
			kills++
			checkWhole(fmt.Sprintf("db %d, kill %d (%+v, %d sources stored then)", cycle, k+1, when, stored), db)
		}
		// A rerun completes what the kills interrupted.
		if code, _, stderr := relChild(t, dir, db, 2*time.Minute, "import", "--quiet", export); code != exitOK {
			t.Fatalf("db %d: rerun after the kills: exit %d\n%s", cycle, code, stderr)
		}
		checkComplete(fmt.Sprintf("db %d: rerun after the kills", cycle), checkWhole("rerun", db))
	}
	t.Logf("%d kills in %d databases", kills, dbs)
	if kills < 20 {
		t.Errorf("only %d of %d imports were killed before they ended", kills, killsPerDB*dbs)
	}
}

// relKillAt says when to kill an import: after the database holds sources
// sources (0: from the start), and then after a further delay.
type relKillAt struct {
	sources int
	after   time.Duration
}

// relImportKilled runs `backtrack import --quiet export` into db and
// SIGKILLs it when.after it has stored when.sources sources. It returns how
// many sources the poll last saw and whether the kill came before the
// process ended by itself (which fails t unless it exited 0).
func relImportKilled(t *testing.T, exe, dir, db, export string, when relKillAt) (int, bool) {
	t.Helper()
	cmd := exec.Command(exe, "import", "--quiet", export)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "BACKTRACK_DB="+db, "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	seen := 0
	if when.sources > 0 {
		seen = relWaitSources(db, when.sources, exited)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("import ended by itself with %v\n%s", err, stderr.String())
		}
		return seen, false
	case <-time.After(when.after):
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	err := <-exited
	if cmd.ProcessState.ExitCode() != -1 { // it ended by itself after all
		if err != nil {
			t.Fatalf("import ended by itself with %v\n%s", err, stderr.String())
		}
		return seen, false
	}
	return seen, true
}

// relWaitSources polls the database at path (once its WAL exists, so the
// poll never races the file's creation) until it holds at least n sources
// or exited is ready, and returns the last count seen. It closes its
// connection before returning, so the importer stays the database's last
// user at the kill.
func relWaitSources(path string, n int, exited chan error) int {
	var conn *sql.DB
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	seen := 0
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-exited:
			exited <- err // for the caller
			return seen
		case <-tick.C:
		}
		if conn == nil {
			if _, err := os.Stat(path + "-wal"); err != nil {
				continue
			}
			var err error
			if conn, err = sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000"); err != nil {
				continue
			}
			conn.SetMaxOpenConns(1)
		}
		if err := conn.QueryRow("SELECT count(*) FROM sources").Scan(&seen); err == nil && seen >= n {
			return seen
		}
	}
}

// TestConcurrentImports runs two `backtrack import` processes into one
// database at once, over the same folder and over overlapping folders,
// while `backtrack pain add` runs beside them: both imports finish (the
// second writer waits on the busy timeout, docs/exit-codes.md; exit 1 is
// allowed only with a clear "another import is running"), never with "database is
// locked"; every file is stored once (the two summaries' imported counts
// add up to the sources stored, and the sessions equal one import's); and
// each pain entry succeeds within 5 s.
func TestConcurrentImports(t *testing.T) {
	testutil.NeedHeavy(t)
	exe := relExe(t)
	dir := t.TempDir()
	// Three athletes a year apart, so that nothing of one merges with another.
	var folders []string
	for i, year := range []int{2022, 2023, 2024} {
		f := filepath.Join(dir, fmt.Sprintf("export%c", 'A'+i))
		a := synth.Generate(synth.Config{Seed: int64(20 + i), Start: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), Months: 4})
		if _, err := a.WriteExport(f); err != nil {
			t.Fatal(err)
		}
		folders = append(folders, f)
	}
	A, B, C := folders[0], folders[1], folders[2]
	tests := []struct {
		name       string
		one, other []string
	}{
		{"same folder", []string{A}, []string{A}},
		{"overlapping folders", []string{A, B}, []string{B, C}},
		{"a folder and its subfolder", []string{B}, []string{filepath.Join(B, synth.StravaDir), B}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			union := map[string]bool{}
			for _, f := range append(slices.Clone(tt.one), tt.other...) {
				if f == filepath.Join(B, synth.StravaDir) {
					continue // inside B
				}
				union[f] = true
			}
			refArgs := []string{"import", "--quiet"}
			for _, f := range folders {
				if union[f] {
					refArgs = append(refArgs, f)
				}
			}
			ref := filepath.Join(dir, fmt.Sprintf("ref%d.db", i))
			if code, _, stderr := relChild(t, dir, ref, 2*time.Minute, refArgs...); code != exitOK {
				t.Fatalf("reference import: exit %d\n%s", code, stderr)
			}
			want := readRelDB(t, ref)

			db := filepath.Join(dir, fmt.Sprintf("both%d", i), "backtrack.db")
			type result struct {
				code           int
				stdout, stderr string
				took           time.Duration
			}
			start := func(args []string) <-chan result {
				ch := make(chan result, 1)
				cmd := exec.Command(exe, append([]string{"import", "--json"}, args...)...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "BACKTRACK_DB="+db, "TZ=UTC")
				var out, errOut bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errOut
				begin := time.Now()
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				go func() {
					timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
					cmd.Wait()
					timer.Stop()
					ch <- result{cmd.ProcessState.ExitCode(), out.String(), errOut.String(), time.Since(begin)}
				}()
				return ch
			}
			oneCh, otherCh := start(tt.one), start(tt.other)
			// Pain entries while both run: each within 5 s.
			var one, other *result
			adds := 0
			for one == nil || other == nil {
				select {
				case r := <-oneCh:
					one = &r
					continue
				case r := <-otherCh:
					other = &r
					continue
				default:
				}
				if adds < 10 {
					adds++
					begin := time.Now()
					code, _, stderr := relRun(t, db, "pain", "add", "--date", fmt.Sprintf("2024-05-%02d", adds), "--severity", "3",
						"--note", fmt.Sprintf("during two imports %d", adds))
					if took := time.Since(begin); code != exitOK || took > 5*time.Second {
						t.Errorf("pain add %d during the imports: exit %d after %v, want 0 within 5 s\n%s", adds, code, took, stderr)
					}
				}
				time.Sleep(20 * time.Millisecond)
			}
			t.Logf("imports took %v and %v; %d pain entries meanwhile", one.took.Round(time.Millisecond), other.took.Round(time.Millisecond), adds)
			imported := 0
			for k, r := range []*result{one, other} {
				busy := r.code == exitFailed && strings.Contains(r.stderr, "another import is running")
				if r.code != exitOK && !busy {
					t.Errorf("import %d: exit %d, want 0 (or 1 saying another import is running)\nstderr: %s", k+1, r.code, r.stderr)
				}
				if strings.Contains(strings.ToLower(r.stderr), "locked") || strings.Contains(r.stdout, "locked") {
					t.Errorf("import %d mentions a locked database:\nstdout: %s\nstderr: %s", k+1, r.stdout, r.stderr)
				}
				if r.code == exitOK {
					sum := relSummary(t, r.stdout)
					imported += sum.Imported
					if len(sum.Failed) > 0 {
						t.Errorf("import %d: failed files: %+v", k+1, sum.Failed)
					}
				}
			}
			got := readRelDB(t, db)
			if got.integrity != "ok" {
				t.Errorf("PRAGMA integrity_check: %s", got.integrity)
			}
			if imported != len(got.perSource) {
				t.Errorf("the two imports say they imported %d files between them; %d sources are stored", imported, len(got.perSource))
			}
			if diff := cmp.Diff(want.sessions, got.sessions); diff != "" {
				t.Errorf("sessions differ from one import's (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.perSource, got.perSource); diff != "" {
				t.Errorf("sessions per source differ from one import's (-want +got):\n%s", diff)
			}
			if got.metrics != want.metrics {
				t.Errorf("%d sessions with metrics, want %d", got.metrics, want.metrics)
			}
			code, stdout, _ := relRun(t, db, "pain", "list", "--json")
			var pain []json.RawMessage
			if err := json.Unmarshal([]byte(stdout), &pain); code != exitOK || err != nil || len(pain) != adds {
				t.Errorf("pain list: exit %d, %d events (%v), want the %d added", code, len(pain), err, adds)
			}
		})
	}
}

// TestImportHostileFolders imports folders and paths built to hang or
// confuse a walker: links to /dev/zero, link loops, a folder linking to
// itself, FIFOs, unreadable files and folders, names with a newline,
// invalid UTF-8 or a leading dash. Every import ends within its 20 s
// deadline (a child process, killed if it hangs); good files are imported
// under their exact names and everything else is named, skipped or failed,
// with a reason.
func TestImportHostileFolders(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	k := 0
	good := func(name string) string {
		k++
		return relWrite(t, in, name, relFIT(t, "run", k))
	}
	good("good.fit")
	good("new\nline.fit")
	good("bad-utf8-\xff\xfe.fit")
	good("-x.fit")
	good("--json.fit")
	good("sub/inner.fit")
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	link("/dev/zero", "zero.fit")
	link("loop2.fit", "loop1.fit")
	link("loop1.fit", "loop2.fit")
	link(".", "self")
	link("good.fit", "link-to-good.fit")
	if err := syscall.Mkfifo(filepath.Join(in, "pipe.fit"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("pipe.fit", "link-to-pipe.fit")
	root := os.Geteuid() == 0
	locked := []string{filepath.Join(in, "locked.fit"), filepath.Join(in, "locked")}
	good("locked.fit")
	good("locked/hidden.fit")
	for _, p := range locked {
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, p := range locked {
			os.Chmod(p, 0o755)
		}
	})

	// skipped and failed give, for paths relative to in, a substring of
	// the reason; imported are the paths stored.
	tests := []struct {
		name     string
		args     []string // run in the folder in
		code     int
		imported []string
		skipped  map[string]string
		failed   map[string]string
		rootOnly bool // the case needs an unprivileged user (chmod 000 does not stop root)
	}{
		{name: "the whole folder", args: []string{"."}, code: exitPartial,
			imported: []string{"--json.fit", "-x.fit", "bad-utf8-\xff\xfe.fit", "good.fit", "new\nline.fit", "sub/inner.fit"},
			skipped: map[string]string{"zero.fit": "symbolic link", "loop1.fit": "symbolic link", "loop2.fit": "symbolic link",
				"self": "symbolic link", "link-to-good.fit": "symbolic link", "pipe.fit": "a FIFO", "link-to-pipe.fit": "symbolic link"},
			failed: map[string]string{"locked.fit": "permission denied", "locked": "permission denied"}},
		{name: "a leading dash after --", args: []string{"--", "-x.fit", "--json.fit"}, code: exitOK, imported: []string{"--json.fit", "-x.fit"}},
		{name: "a leading dash as ./-x.fit", args: []string{"./-x.fit"}, code: exitOK, imported: []string{"./-x.fit"}},
		{name: "a leading dash without --", args: []string{"-x.fit"}, code: exitUsage},
		{name: "a newline and invalid UTF-8 named", args: []string{"new\nline.fit", "bad-utf8-\xff\xfe.fit"}, code: exitOK,
			imported: []string{"bad-utf8-\xff\xfe.fit", "new\nline.fit"}},
		{name: "/dev/zero named", args: []string{"/dev/zero"}, code: exitOK, skipped: map[string]string{"/dev/zero": "a device"}},
		{name: "a link to /dev/zero named", args: []string{"zero.fit"}, code: exitOK, skipped: map[string]string{"zero.fit": "a device"}},
		{name: "a link loop named", args: []string{"loop1.fit"}, code: exitOK, skipped: map[string]string{"loop1.fit": "cannot be read"}},
		{name: "a FIFO named", args: []string{"pipe.fit"}, code: exitOK, skipped: map[string]string{"pipe.fit": "a FIFO"}},
		{name: "a link to a FIFO named", args: []string{"link-to-pipe.fit"}, code: exitOK, skipped: map[string]string{"link-to-pipe.fit": "a FIFO"}},
		{name: "a folder linking to itself named", args: []string{"self"}, code: exitPartial,
			imported: []string{"self/--json.fit", "self/-x.fit", "self/bad-utf8-\xff\xfe.fit", "self/good.fit", "self/new\nline.fit", "self/sub/inner.fit"},
			skipped: map[string]string{"self/zero.fit": "symbolic link", "self/loop1.fit": "symbolic link", "self/loop2.fit": "symbolic link",
				"self/self": "symbolic link", "self/link-to-good.fit": "symbolic link", "self/pipe.fit": "a FIFO", "self/link-to-pipe.fit": "symbolic link"},
			failed: map[string]string{"self/locked.fit": "permission denied", "self/locked": "permission denied"}},
		{name: "an unreadable file named", args: []string{"locked.fit"}, code: exitPartial, failed: map[string]string{"locked.fit": "permission denied"}, rootOnly: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if root && (tt.rootOnly || len(tt.failed) > 0) {
				// As root, chmod 000 does not stop a read: the locked files import.
				if tt.rootOnly {
					t.Skip("running as root, where chmod 000 does not stop a read")
				}
				t.Log("running as root: the chmod 000 file and folder are readable, so they import")
				for p := range tt.failed {
					if strings.HasSuffix(p, "locked") {
						tt.imported = append(tt.imported, p+"/hidden.fit")
					} else {
						tt.imported = append(tt.imported, p)
					}
				}
				sort.Strings(tt.imported)
				tt.failed, tt.code = nil, exitOK
			}
			db := filepath.Join(dir, fmt.Sprintf("db%d", i), "backtrack.db")
			code, stdout, stderr := relChild(t, in, db, 20*time.Second, append([]string{"import", "--json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			state := readRelDB(t, db)
			var imported []string
			for _, p := range state.paths {
				imported = append(imported, strings.TrimPrefix(p, in+"/"))
			}
			sort.Strings(imported)
			if diff := cmp.Diff(tt.imported, imported); diff != "" {
				t.Errorf("stored sources (-want +got):\n%s", diff)
			}
			if tt.code == exitUsage {
				if !strings.Contains(stderr, "unknown shorthand flag") {
					t.Errorf("stderr %q: want the unknown flag named", stderr)
				}
				return
			}
			sum := relSummary(t, stdout)
			rel := func(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, in+"/"), "./") }
			gotSkipped, gotFailed := map[string]string{}, map[string]string{}
			for _, s := range sum.Skipped {
				gotSkipped[rel(s.Path)] = s.Reason
			}
			for _, f := range sum.Failed {
				gotFailed[rel(f.Path)] = f.Error
			}
			for _, c := range []struct {
				what      string
				want, got map[string]string
			}{{"skipped", tt.skipped, gotSkipped}, {"failed", tt.failed, gotFailed}} {
				for p, reason := range c.want {
					if !strings.Contains(c.got[p], reason) {
						t.Errorf("%s %q: reason %q, want one containing %q", c.what, p, c.got[p], reason)
					}
				}
				for p, reason := range c.got {
					if _, ok := c.want[p]; !ok {
						t.Errorf("%s %q (%s): not expected", c.what, p, reason)
					}
				}
			}
		})
	}
}
