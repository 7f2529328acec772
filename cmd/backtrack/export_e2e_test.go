package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// e2eStart is the synthetic athlete's first day in the export tests and the
// `synth garmin|strava|strong` script commands.
var e2eStart = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

// e2eAthlete is the athlete of the export tests: seed 7 from e2eStart.
func e2eAthlete(months int) *synth.Athlete {
	return synth.Generate(synth.Config{Seed: 7, Start: e2eStart, Months: months})
}

// writeSynthFixture writes one of the athlete's exports to file: kind
// "garmin" (a Garmin Connect export zip), "strava" (a Strava bulk export
// zip) or "strong" (a Strong CSV), for the `synth` script command.
func writeSynthFixture(kind, file string, months int) error {
	a := e2eAthlete(months)
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	switch kind {
	case "garmin":
		_, err = a.WriteGarminExport(f, synth.ExportOptions{})
	case "strava":
		_, err = a.WriteStravaExport(f, synth.ExportOptions{})
	case "strong":
		_, err = a.WriteStrongCSV(f, synth.StrongOptions{})
	default:
		err = fmt.Errorf("unknown fixture %q", kind)
	}
	return errors.Join(err, f.Close())
}

// e2eFixture is the athlete's three exports in a folder, with what each holds.
type e2eFixture struct {
	a                      *synth.Athlete
	garmin, strava, strong string
	gm, sm                 synth.ExportManifest
	cm                     synth.StrongManifest
}

func newE2EFixture(t testing.TB, months int) *e2eFixture {
	t.Helper()
	dir := t.TempDir()
	fx := &e2eFixture{a: e2eAthlete(months), garmin: filepath.Join(dir, "garmin.zip"),
		strava: filepath.Join(dir, "strava.zip"), strong: filepath.Join(dir, "strong.csv")}
	write := func(p string, fn func(io.Writer) error) {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := errors.Join(fn(f), f.Close()); err != nil {
			t.Fatal(err)
		}
	}
	write(fx.garmin, func(w io.Writer) (err error) { fx.gm, err = fx.a.WriteGarminExport(w, synth.ExportOptions{}); return })
	write(fx.strava, func(w io.Writer) (err error) { fx.sm, err = fx.a.WriteStravaExport(w, synth.ExportOptions{}); return })
	write(fx.strong, func(w io.Writer) (err error) { fx.cm, err = fx.a.WriteStrongCSV(w, synth.StrongOptions{}); return })
	return fx
}

// e2eRun runs the CLI in process against db, in London, and returns the
// exit code, stdout and stderr.
func e2eRun(t testing.TB, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	opts := &globalOptions{
		In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Now: time.Now,
		Getenv:           func(k string) string { return map[string]string{"TZ": "Europe/London", "BACKTRACK_DB": db}[k] },
		StderrIsTerminal: func() bool { return false },
	}
	code := run(context.Background(), opts, args)
	return code, out.String(), errOut.String()
}

// e2eImport runs `import --json` and decodes the summary.
func e2eImport(t testing.TB, db string, paths ...string) (int, importers.Summary, string) {
	t.Helper()
	code, out, errOut := e2eRun(t, db, append([]string{"import", "--json"}, paths...)...)
	var sum importers.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("import --json: %v\nstdout: %s\nstderr: %s", err, out, errOut)
	}
	return code, sum, errOut
}

// e2eSessions runs `sessions list --json`.
func e2eSessions(t testing.TB, db string) []sessionJSON {
	t.Helper()
	code, out, errOut := e2eRun(t, db, "sessions", "list", "--json")
	if code != exitOK {
		t.Fatalf("sessions list: exit %d: %s", code, errOut)
	}
	var list []sessionJSON
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("sessions list --json: %v", err)
	}
	return list
}

// summaryCounts are the numbers of an import summary a test pins.
type summaryCounts struct {
	Files, Imported, Duplicates, Merged, SessionsAdded int
	Skipped, Partial, Failed, Missing, Warnings        int
}

func countsOf(s importers.Summary) summaryCounts {
	return summaryCounts{s.Files, s.Imported, s.Duplicates, s.Merged, s.SessionsAdded,
		len(s.Skipped), len(s.Partial), len(s.Failed), len(s.Missing), len(s.Warnings)}
}

// TestImportExportsEndToEnd imports a Garmin export (activity FIT files in
// nested zips among monitoring and settings files, JSON and a PNG), a Strava
// export (gzipped FIT, GPX and TCX copies of some of the same runs, a phone's
// walk, routes, activities.csv) and a Strong CSV (the app's log of the last
// watch workouts and one app-only workout) in one command. Every expected
// count comes from the generators' manifests.
func TestImportExportsEndToEnd(t *testing.T) {
	fx := newE2EFixture(t, 2)
	a, gm, sm, cm := fx.a, fx.gm, fx.sm, fx.cm
	db := filepath.Join(t.TempDir(), "backtrack.db")

	code, sum, errOut := e2eImport(t, db, fx.garmin, fx.strava, fx.strong)
	if code != exitOK {
		t.Fatalf("import: exit %d, want 0\n%s", code, errOut)
	}
	copies := sm.StravaFIT + sm.StravaGPX + sm.StravaTCX - sm.StravaSameBytes // other bytes: merged, not duplicates
	want := summaryCounts{
		Files: gm.Files + sm.Files + 1,
		// Every activity file, every Strava copy with its own bytes, the walk, the CSV.
		Imported:   gm.Activities + copies + sm.StravaOnly + 1,
		Duplicates: sm.StravaSameBytes, // Strava's copy of the watch's own file
		Merged:     copies + len(cm.Matched),
		// The athlete's sessions, the phone's walk, the app-only workout.
		SessionsAdded: len(a.Sessions) + sm.StravaOnly + 1,
		Skipped:       gm.NonActivityFiles + gm.IndexFiles + sm.NonActivityFiles + sm.IndexFiles,
		Missing:       gm.Manual + sm.MissingListed, // Strava's manual entry is not missing
	}
	if diff := cmp.Diff(want, countsOf(sum)); diff != "" {
		t.Errorf("import summary (-want +got):\n%s\n%+v", diff, sum)
	}
	var missingStrava string
	for _, e := range gm.Exported {
		if e.StravaMissing {
			missingStrava = fx.strava + model.PathSep + e.StravaFile
		}
	}
	var gotMissing []string
	for _, m := range sum.Missing {
		gotMissing = append(gotMissing, m.Path)
	}
	if !cmp.Equal(gotMissing, []string{missingStrava, fx.garmin}) && !cmp.Equal(gotMissing, []string{fx.garmin, missingStrava}) {
		t.Errorf("missing %+v, want Strava's absent file and Garmin's manual activity", sum.Missing)
	}

	// One session per activity: the FIT session, named, with the right sets.
	list := e2eSessions(t, db)
	if len(list) != want.SessionsAdded {
		t.Fatalf("%d sessions listed, want %d", len(list), want.SessionsAdded)
	}
	byStart := map[int64][]sessionJSON{}
	for _, s := range list {
		st, err := time.Parse(time.RFC3339, s.Start)
		if err != nil {
			t.Fatal(err)
		}
		byStart[st.Unix()] = append(byStart[st.Unix()], s)
	}
	matched := map[int]int{} // session index → position in cm.Matched
	for k, i := range cm.Matched {
		matched[i] = k
	}
	wantSets := 0
	for _, e := range gm.Exported {
		s := &a.Sessions[e.Index]
		got := byStart[s.Start.Unix()]
		if len(got) != 1 {
			t.Errorf("session %d (%s at %v): %d sessions listed, want 1", e.Index, s.Sport, s.Start, len(got))
			continue
		}
		g := got[0]
		path := fx.garmin + model.PathSep + e.GarminPart + model.PathSep + e.GarminFile
		name, sets := e.GarminName, len(s.Sets)
		if name == "" && e.HasStravaFile() {
			name = e.StravaName // the watch's file had none: Strava's
		}
		if k, ok := matched[e.Index]; ok {
			sets = cm.MatchedSets[k] // the app's sets replace the watch's
			if name == "" {
				name = cm.MatchedNames[k]
			}
		}
		wantSets += sets
		if g.Sport != string(s.Sport) || g.SourceFormat != "fit" || g.SourcePath != path || g.Name != name || g.Sets != sets || g.Status != "ok" {
			t.Errorf("session %d: %s %q from %s %s, %d sets, %s\nwant      %s %q from fit %s, %d sets, ok",
				e.Index, g.Sport, g.Name, g.SourceFormat, g.SourcePath, g.Sets, g.Status, s.Sport, name, path, sets)
		}
	}
	walk := sm.Extra[0]
	if got := byStart[walk.Start.Unix()]; len(got) != 1 || got[0].Sport != "walking" || got[0].Name != walk.Name || got[0].SourceFormat != "gpx" {
		t.Errorf("the phone's walk: %+v", got)
	}
	if got := byStart[cm.AppOnly.Start.Unix()]; len(got) != 1 || got[0].Sport != "strength" || got[0].Name != cm.AppOnly.Name ||
		got[0].Sets != cm.AppOnlySets || got[0].SourceFormat != "csv" || got[0].Device != "Strong" {
		t.Errorf("the app-only workout: %+v", got)
	} else {
		wantSets += got[0].Sets
	}
	totalSets := 0
	for _, s := range list {
		totalSets += s.Sets
	}
	if totalSets != wantSets {
		t.Errorf("%d sets in all, want %d", totalSets, wantSets)
	}

	// Links, offsets and the app's sets, from the store.
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	byStartID := map[int64]int64{}
	for _, s := range list {
		t0, _ := time.Parse(time.RFC3339, s.Start)
		byStartID[t0.Unix()] = s.ID
	}
	origins := map[model.OffsetOrigin]int{}
	for _, e := range gm.Exported {
		s := &a.Sessions[e.Index]
		id, ok := byStartID[s.Start.Unix()]
		if !ok {
			continue // reported above
		}
		got, err := st.GetSession(context.Background(), id, false)
		if err != nil {
			t.Fatal(err)
		}
		origins[got.OffsetOrigin]++
		wantOrigin := model.OffsetDevice
		if e.NoLocalTimestamp {
			wantOrigin = model.OffsetIndex // Garmin's summaries gave it
		}
		if got.OffsetS != s.OffsetS || got.OffsetOrigin != wantOrigin {
			t.Errorf("session %d: offset %d (%s), want %d (%s)", e.Index, got.OffsetS, got.OffsetOrigin, s.OffsetS, wantOrigin)
		}
		links, err := st.LinkedSources(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		var linked []string
		for _, l := range links {
			linked = append(linked, l.Path)
		}
		var wantLinks []string
		if e.HasStravaFile() && !e.StravaSameBytes {
			wantLinks = append(wantLinks, fx.strava+model.PathSep+e.StravaFile)
		}
		if k, ok := matched[e.Index]; ok {
			wantLinks = append(wantLinks, fx.strong)
			for j, set := range got.Sets {
				if j > 0 && !strings.Contains(set.Exercise, "(") && !strings.Contains(set.Exercise, " ") {
					t.Errorf("session %d set %d: exercise %q is the watch's word, want the app's name", e.Index, j, set.Exercise)
				}
			}
			if len(got.Sets) != cm.MatchedSets[k] {
				t.Errorf("session %d: %d sets stored, want the app's %d", e.Index, len(got.Sets), cm.MatchedSets[k])
			}
		}
		if diff := cmp.Diff(wantLinks, linked); diff != "" {
			t.Errorf("session %d: linked sources (-want +got):\n%s", e.Index, diff)
		}
	}
	if origins[model.OffsetIndex] != gm.NoLocalTimestamp {
		t.Errorf("%d offsets from the index, want %d", origins[model.OffsetIndex], gm.NoLocalTimestamp)
	}

	// The same files again add nothing: the zips are known by their hash.
	code, sum, errOut = e2eImport(t, db, fx.garmin, fx.strava, fx.strong)
	if code != exitOK {
		t.Fatalf("second import: exit %d\n%s", code, errOut)
	}
	if diff := cmp.Diff(summaryCounts{Files: 3, Duplicates: 3}, countsOf(sum)); diff != "" {
		t.Errorf("second import (-want +got):\n%s", diff)
	}
	code, out, _ := e2eRun(t, db, "import", fx.garmin, fx.strava)
	if code != exitOK || !strings.Contains(out, "2 files read") || !strings.Contains(out, "duplicates: 2") {
		t.Errorf("the zips again, in words: exit %d\n%s", code, out)
	}
	if got := e2eSessions(t, db); len(got) != len(list) {
		t.Errorf("%d sessions after importing again, want %d", len(got), len(list))
	}
}

// cutPart returns the Garmin export with nested zip part (1-based) cut in
// the middle of its member k (0-based), and that member's name.
func cutPart(t *testing.T, export []byte, part, k int) ([]byte, string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(export), int64(len(export)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	cutName := ""
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name, fmt.Sprintf("_Part%d.zip", part)) {
			pr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			off, err := pr.File[k].DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			cutName = pr.File[k].Name
			data = data[:off+int64(pr.File[k].CompressedSize64/2)]
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), cutName
}

// TestImportExportExitCodes pins exit 0 for a clean export and 3 when a
// member is damaged: the good members are still imported, the damaged one is
// named, and a damaged export is not recorded as done.
func TestImportExportExitCodes(t *testing.T) {
	fx := newE2EFixture(t, 2)
	dir := t.TempDir()
	export, err := os.ReadFile(fx.garmin)
	if err != nil {
		t.Fatal(err)
	}
	const k = 3
	damaged, cutName := cutPart(t, export, 2, k)
	damagedPath := filepath.Join(dir, "garmin-damaged.zip")
	if err := os.WriteFile(damagedPath, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	part2 := synth.GarminUploadDir + "/UploadedFiles_0-_Part2.zip"
	before := 0 // activities before the cut: all of Part1, k of Part2
	for _, e := range fx.gm.Exported {
		if e.GarminPart != part2 {
			before++
		}
	}
	before += k

	// A truncated FIT file inside an otherwise clean zip: salvaged, exit 3.
	fit := bytes.Buffer{}
	firstRun := slices.IndexFunc(fx.a.Sessions, func(s model.Session) bool { return s.Sport == model.Running })
	if err := synth.WriteFIT(&fit, fx.a.Sessions[firstRun], synth.FITOptions{}); err != nil {
		t.Fatal(err)
	}
	var partialZip bytes.Buffer
	zw := zip.NewWriter(&partialZip)
	w, _ := zw.Create("watch/cut.fit")
	w.Write(fit.Bytes()[:fit.Len()*2/3])
	zw.Close()
	partialPath := filepath.Join(dir, "partial.zip")
	if err := os.WriteFile(partialPath, partialZip.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		path    string
		code    int
		added   int
		failed  string // the first failure's path
		partial string
		again   int // the exit code of the same import again
	}{
		{"clean export", fx.garmin, exitOK, len(fx.a.Sessions), "", "", exitOK},
		{"nested zip cut in a member", damagedPath, exitPartial, before, damagedPath + model.PathSep + part2 + model.PathSep + cutName, "", exitPartial},
		// Again, the salvaged file is a duplicate of what was stored: nothing
		// is salvaged that time, so exit 0.
		{"truncated FIT member", partialPath, exitPartial, 1, "", partialPath + model.PathSep + "watch/cut.fit", exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "backtrack.db")
			code, sum, errOut := e2eImport(t, db, tt.path)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, errOut)
			}
			if sum.SessionsAdded != tt.added {
				t.Errorf("%d sessions added, want %d", sum.SessionsAdded, tt.added)
			}
			if tt.failed != "" && (len(sum.Failed) == 0 || sum.Failed[0].Path != tt.failed) {
				t.Errorf("failed %+v, want %s first", sum.Failed, tt.failed)
			}
			if tt.failed == "" && len(sum.Failed) != 0 {
				t.Errorf("failed %+v, want none", sum.Failed)
			}
			if tt.partial != "" && (len(sum.Partial) != 1 || sum.Partial[0].Path != tt.partial) {
				t.Errorf("partial %+v, want %s", sum.Partial, tt.partial)
			}
			if code == exitPartial && !strings.Contains(errOut, "everything else was imported") {
				t.Errorf("stderr does not say the rest was imported: %s", errOut)
			}
			// Again: a clean export is known whole; a damaged one is opened
			// again (its good members are duplicates).
			code2, sum2, _ := e2eImport(t, db, tt.path)
			if code2 != tt.again || sum2.SessionsAdded != 0 || sum2.Imported != 0 {
				t.Errorf("again: exit %d, %d imported, %d added; want %d, 0, 0", code2, sum2.Imported, sum2.SessionsAdded, tt.again)
			}
			if tt.code == exitOK && (sum2.Files != 1 || sum2.Duplicates != 1) {
				t.Errorf("again: %d files, %d duplicates; want the zip as one duplicate", sum2.Files, sum2.Duplicates)
			}
			if tt.path == damagedPath && (sum2.Files == 1 || sum2.Duplicates != before) {
				t.Errorf("again: %d files, %d duplicates: want the damaged zip opened again, its %d good members duplicates", sum2.Files, sum2.Duplicates, before)
			}
		})
	}
}

// --- benchmarks ---

// synthExportMain is the `synth-export CHUNKS FILE` program (run in a
// child process, so that generating does not count in the parent's memory):
// it writes a Garmin-style export zip of CHUNKS six-month athletes, each in
// its own UploadedFiles part, and prints {"files":N,"fit_bytes":B}.
func synthExportMain() {
	if err := writeBenchExport(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "synth-export:", err)
		os.Exit(1)
	}
}

func writeBenchExport(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: synth-export CHUNKS FILE")
	}
	chunks, err := strconv.Atoi(args[0])
	if err != nil {
		return err
	}
	tmp := args[1] + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	files, fitBytes := 0, int64(0)
	for c := range chunks {
		a := synth.Generate(synth.Config{Seed: int64(100 + c), Start: e2eStart.AddDate(0, 6*c, 0), Months: 6})
		var one bytes.Buffer
		if _, err := a.WriteGarminExport(&one, synth.ExportOptions{Parts: 2}); err != nil {
			return err
		}
		zr, err := zip.NewReader(bytes.NewReader(one.Bytes()), int64(one.Len()))
		if err != nil {
			return err
		}
		for _, m := range zr.File {
			name := m.Name
			switch {
			case strings.HasSuffix(name, "/"):
				continue
			case strings.HasSuffix(name, ".zip"):
				// Part1, Part2 of chunk c become Part 2c+1, 2c+2.
				n, _ := strconv.Atoi(strings.TrimSuffix(name[strings.LastIndex(name, "Part")+4:], ".zip"))
				name = fmt.Sprintf("%s/UploadedFiles_0-_Part%d.zip", synth.GarminUploadDir, 2*c+n)
			case c > 0:
				continue // the summaries, profile and wellness files once
			}
			rc, err := m.Open()
			if err != nil {
				return err
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return err
			}
			if path.Ext(name) == ".zip" {
				pr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
				if err != nil {
					return err
				}
				for _, pf := range pr.File {
					files++
					fitBytes += int64(pf.UncompressedSize64)
				}
			} else {
				files++
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: m.Modified})
			if err != nil {
				return err
			}
			if _, err := w.Write(data); err != nil {
				return err
			}
		}
	}
	if err := errors.Join(zw.Close(), f.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp, args[1]); err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(map[string]int64{"files": int64(files), "fit_bytes": fitBytes})
}

// benchExportInfo is a generated benchmark export.
type benchExportInfo struct {
	path     string
	files    int
	fitBytes int64 // the FIT files' bytes, decompressed: what MB/s counts
}

var (
	benchExportsMu sync.Mutex
	benchExports   = map[int]benchExportInfo{}
)

// benchGarminExport returns a Garmin-style export of chunks six-month
// athletes (about 170 activity files each), generated once per test binary
// in a child process and kept in the system's temporary folder under a fixed
// name (overwritten, not piled up).
func benchGarminExport(b *testing.B, chunks int) benchExportInfo {
	b.Helper()
	benchExportsMu.Lock()
	defer benchExportsMu.Unlock()
	if x, ok := benchExports[chunks]; ok {
		return x
	}
	p := filepath.Join(os.TempDir(), fmt.Sprintf("backtrack-bench-garmin-%dx6m-v1.zip", chunks))
	cmd := exec.Command("synth-export", strconv.Itoa(chunks), p)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("synth-export: %v", err)
	}
	var info struct {
		Files    int   `json:"files"`
		FitBytes int64 `json:"fit_bytes"`
	}
	if err := json.Unmarshal(out, &info); err != nil {
		b.Fatalf("synth-export: %v: %s", err, out)
	}
	x := benchExportInfo{path: p, files: info.Files, fitBytes: info.FitBytes}
	benchExports[chunks] = x
	return x
}

// benchImport imports x into a new database under dir and checks that every
// activity was stored.
func benchImport(b *testing.B, db string, x benchExportInfo) importers.Summary {
	b.Helper()
	code, sum, errOut := e2eImport(b, db, x.path)
	if code != exitOK || sum.Files != x.files || len(sum.Failed) != 0 {
		b.Fatalf("import: exit %d, %d of %d files, failed %v\n%s", code, sum.Files, x.files, sum.Failed, errOut)
	}
	return sum
}

// BenchmarkImportExport500 imports a Garmin-style export of about 500 FIT
// files (three six-month athletes in six nested parts) end to end through
// the CLI, into a new database each time. Compare its MB/s with
// BenchmarkDecodeExport500 (docs/README.md: import ≥ 0.6 × decode).
func BenchmarkImportExport500(b *testing.B) {
	x := benchGarminExport(b, 3)
	b.SetBytes(x.fitBytes)
	dir := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		benchImport(b, filepath.Join(dir, fmt.Sprintf("import%d.db", i)), x)
	}
	b.ReportMetric(float64(x.files), "files")
}

// discardSink decodes but stores nothing: the decode-only baseline.
type discardSink struct{}

func (discardSink) Known(context.Context, string) (bool, string, error) { return false, "", nil }
func (discardSink) Store(_ context.Context, _ model.Source, s []model.Session) (int, int, bool, error) {
	return len(s), 0, false, nil
}
func (discardSink) Skipped(context.Context, string, string, string) error    { return nil }
func (discardSink) ArchiveKnown(context.Context, string) (bool, error)       { return false, nil }
func (discardSink) ArchiveDone(context.Context, importers.ArchiveInfo) error { return nil }

// BenchmarkDecodeExport500 walks and decodes the same export with a sink
// that stores nothing: the decode-only baseline.
func BenchmarkDecodeExport500(b *testing.B) {
	x := benchGarminExport(b, 3)
	b.SetBytes(x.fitBytes)
	for b.Loop() {
		sum, err := (&importers.Batch{Sink: discardSink{}}).Run(context.Background(), []string{x.path})
		if err != nil || sum.Files != x.files || len(sum.Failed) != 0 {
			b.Fatalf("decode: %v, %d of %d files, failed %v", err, sum.Files, x.files, sum.Failed)
		}
	}
}

// BenchmarkReimportExport500 imports the export once, then again and again
// into the populated database: each re-import should cost the archive's
// hash and little else (docs/README.md: ≤ 5% of the first import). It
// reports the ratio as pct-of-first.
func BenchmarkReimportExport500(b *testing.B) {
	x := benchGarminExport(b, 3)
	db := filepath.Join(b.TempDir(), "backtrack.db")
	start := time.Now()
	benchImport(b, db, x)
	first := time.Since(start)
	b.SetBytes(x.fitBytes)
	n := 0
	start = time.Now()
	for b.Loop() {
		n++
		code, sum, errOut := e2eImport(b, db, x.path)
		if code != exitOK || sum.Imported != 0 || sum.Duplicates != 1 {
			b.Fatalf("re-import: exit %d, %+v\n%s", code, countsOf(sum), errOut)
		}
	}
	per := time.Since(start) / time.Duration(max(n, 1))
	b.ReportMetric(100*per.Seconds()/first.Seconds(), "pct-of-first")
	b.ReportMetric(first.Seconds()*1000, "first-ms")
}

// sampleMemory samples runtime.MemStats every 5 ms until stop is closed and
// returns the largest Sys and HeapInuse seen.
func sampleMemory(stop <-chan struct{}) (sys, heap chan uint64) {
	sys, heap = make(chan uint64, 1), make(chan uint64, 1)
	go func() {
		var m runtime.MemStats
		var maxSys, maxHeap uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			maxSys, maxHeap = max(maxSys, m.Sys), max(maxHeap, m.HeapInuse)
			select {
			case <-stop:
				sys <- maxSys
				heap <- maxHeap
				return
			case <-tick.C:
			}
		}
	}()
	return sys, heap
}

// BenchmarkImportExportPeak1500 imports an export of about 1,500 FIT files
// (nine six-month athletes) in process and reports the largest
// runtime.MemStats.Sys (peak-MB: everything the Go runtime took from the
// OS, which never shrinks: run this benchmark alone) and HeapInuse (heap-MB)
// sampled every 5 ms (docs/README.md: under 300 MB whatever the export's size).
func BenchmarkImportExportPeak1500(b *testing.B) {
	x := benchGarminExport(b, 9)
	b.SetBytes(x.fitBytes)
	dir := b.TempDir()
	runtime.GC()
	var peakSys, peakHeap uint64
	i := 0
	for b.Loop() {
		i++
		stop := make(chan struct{})
		sys, heap := sampleMemory(stop)
		benchImport(b, filepath.Join(dir, fmt.Sprintf("import%d.db", i)), x)
		close(stop)
		peakSys, peakHeap = max(peakSys, <-sys), max(peakHeap, <-heap)
	}
	b.ReportMetric(float64(peakSys)/(1<<20), "peak-MB")
	b.ReportMetric(float64(peakHeap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(x.files), "files")
}

// BenchmarkImportExportRSS1500 runs `backtrack import` on the same export
// in a child process, process start to exit, and reports its maximum
// resident set size (rss-MB) from the kernel.
func BenchmarkImportExportRSS1500(b *testing.B) {
	x := benchGarminExport(b, 9)
	b.SetBytes(x.fitBytes)
	dir := b.TempDir()
	var peak int64
	i := 0
	for b.Loop() {
		i++
		cmd := exec.Command("backtrack", "import", "--quiet", "--db", filepath.Join(dir, fmt.Sprintf("rss%d.db", i)), x.path)
		cmd.Env = append(os.Environ(), "TZ=Europe/London")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("backtrack import: %v\n%s", err, out)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, ru.Maxrss) // kilobytes on Linux
		}
	}
	b.ReportMetric(float64(peak)/1024, "rss-MB")
}
