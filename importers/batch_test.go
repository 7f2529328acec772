package importers

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

// memSink is an in-memory Sink: sources by SHA-256, skips, archives, and
// how often each method was called.
type memSink struct {
	mu       sync.Mutex
	sources  map[string]model.Source
	sessions map[string][]model.Session
	skips    map[string]string
	archives map[string]ArchiveInfo

	knownCalls, stores, archiveDones int
}

func newMemSink() *memSink {
	return &memSink{sources: map[string]model.Source{}, sessions: map[string][]model.Session{},
		skips: map[string]string{}, archives: map[string]ArchiveInfo{}}
}

func (m *memSink) Known(_ context.Context, sha string) (bool, string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.knownCalls++
	if _, ok := m.sources[sha]; ok {
		return true, "", nil
	}
	return false, m.skips[sha], nil
}

func (m *memSink) Store(_ context.Context, src model.Source, ss []model.Session) (int, int, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stores++
	if _, ok := m.sources[src.SHA256]; ok {
		return 0, 0, true, nil
	}
	m.sources[src.SHA256] = src
	m.sessions[src.SHA256] = ss
	delete(m.skips, src.SHA256)
	return len(ss), 0, false, nil
}

func (m *memSink) Skipped(_ context.Context, sha, _, reason string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.skips[sha] = reason
	return nil
}

func (m *memSink) ArchiveKnown(_ context.Context, sha string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.archives[sha]
	return ok, nil
}

func (m *memSink) ArchiveDone(_ context.Context, a ArchiveInfo) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.archiveDones++
	m.archives[a.SHA256] = a
	return nil
}

// paths lists the stored sources' paths, sorted.
func (m *memSink) paths() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, s := range m.sources {
		out = append(out, s.Path)
	}
	slices.Sort(out)
	return out
}

// byPath returns the stored source with path p.
func (m *memSink) byPath(p string) (model.Source, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.sources {
		if s.Path == p {
			return s, true
		}
	}
	return model.Source{}, false
}

// session returns the one session stored from path p.
func (m *memSink) session(t *testing.T, p string) model.Session {
	t.Helper()
	src, ok := m.byPath(p)
	if !ok {
		t.Fatalf("%s not stored; stored: %q", p, m.paths())
	}
	ss := m.sessions[src.SHA256]
	if len(ss) != 1 {
		t.Fatalf("%s: %d sessions, want 1", p, len(ss))
	}
	return ss[0]
}

// runBatch imports paths into sink with UTC as the user's zone.
func runBatch(t *testing.T, sink Sink, paths ...string) *Summary {
	t.Helper()
	sum, err := (&Batch{Sink: sink, Options: []Option{WithLocation(time.UTC)}}).Run(context.Background(), paths)
	if err != nil {
		t.Fatalf("batch: %v", err)
	}
	return sum
}

// An archive imported in full is recorded by its hash and never opened
// again, under any name; one with a failed or damaged member is not
// recorded, so the next import looks at it again.
func TestBatchArchiveKnown(t *testing.T) {
	dir := t.TempDir()
	a, b := arFIT(t, 0), arFIT(t, 1)
	full := arZip(t, arMember{name: "a.fit", data: a}, arMember{name: "sub/b.fit", data: b}, arMember{name: "notes.txt", data: []byte("hello")})
	fullPath := arWrite(t, dir, "export.zip", full)

	sink := newMemSink()
	sum := runBatch(t, sink, fullPath)
	if sum.Imported != 2 || len(sum.Skipped) != 1 || sum.Incomplete() {
		t.Fatalf("first import: %+v", sum)
	}
	if diff := cmp.Diff(map[string]ArchiveInfo{arSHA(full): {Path: fullPath, SHA256: arSHA(full)}}, sink.archives); diff != "" {
		t.Fatalf("archives recorded (-want +got):\n%s", diff)
	}

	// The same bytes under another name: a duplicate by hash, not opened.
	moved := arWrite(t, filepath.Join(dir, "elsewhere"), "renamed.zip", full)
	for _, p := range []string{fullPath, moved} {
		sink.knownCalls, sink.stores = 0, 0
		sum = runBatch(t, sink, p)
		want := &Summary{Files: 1, Duplicates: 1, Skipped: []PathReason{}, Partial: []PathReason{}, Failed: []PathError{}, Missing: []PathReason{}, Warnings: []string{}, Units: []FileUnit{}, Zones: []PathReason{}, Reread: []FileReread{}}
		if diff := cmp.Diff(want, sum); diff != "" {
			t.Errorf("%s again (-want +got):\n%s", p, diff)
		}
		if sink.knownCalls != 0 || sink.stores != 0 {
			t.Errorf("%s again: %d member look-ups and %d stores: the archive was opened", p, sink.knownCalls, sink.stores)
		}
	}

	// A zip inside a folder is recorded too.
	inFolder := arWrite(t, filepath.Join(dir, "folder"), "x.zip", arZip(t, arMember{name: "c.fit", data: arFIT(t, 2)}))
	runBatch(t, sink, filepath.Join(dir, "folder"))
	if got, ok := sink.archives[arSHA(must(os.ReadFile(inFolder)))]; !ok || got.Path != inFolder {
		t.Errorf("a zip in a folder was not recorded as %s: %+v", inFolder, sink.archives)
	}

	// A failed member or a damaged (partly imported) one: not recorded.
	cutFIT := arFIT(t, 5)
	cutFIT = cutFIT[:len(cutFIT)*2/3]
	for _, tt := range []struct {
		name   string
		member arMember
		check  func(*Summary) bool
	}{
		{"failed member", arMember{name: "bad.fit", data: []byte("not a FIT file")}, func(s *Summary) bool { return len(s.Failed) == 1 }},
		{"partial member", arMember{name: "cut.fit", data: cutFIT}, func(s *Summary) bool { return len(s.Partial) == 1 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := arZip(t, arMember{name: "good.fit", data: arFIT(t, 3)}, tt.member)
			p := arWrite(t, t.TempDir(), "broken.zip", data)
			sink := newMemSink()
			sum := runBatch(t, sink, p)
			if !tt.check(sum) || sink.archiveDones != 0 {
				t.Fatalf("first import: %+v; %d archives recorded, want 0", sum, sink.archiveDones)
			}
			sum = runBatch(t, sink, p)
			if sum.Files != 2 || sum.Duplicates < 1 {
				t.Errorf("again: %+v: want the archive opened again (2 files, the good one a duplicate)", sum)
			}
			if len(sum.Failed) > 0 && sink.archiveDones != 0 {
				t.Error("again: a member still fails, yet the archive was recorded")
			}
		})
	}
}

// stravaCSVText is an activities.csv with Strava's repeated columns.
const stravaCSVText = `Activity ID,Activity Date,Activity Name,Activity Type,Activity Description,Elapsed Time,Distance,Max Heart Rate,Filename,Elapsed Time,Moving Time,Distance
101,"Jul 14, 2024, 9:30:00 AM",Tempo Tuesday,Run,,299,0.90,170,activities/101.gpx.gz,299.0,299.0,897.0
102,"Jul 14, 2024, 7:30:00 AM",Hill session,Trail Run,"Up, and ""down""",119,0.36,165,activities/102.fit.gz,119.0,119.0,357.0
103,"Jul 15, 2024, 6:00:00 PM",Gym,Weight Training,,2700,0,,,2700.0,2700.0,0.0
104,"Jul 16, 2024, 6:00:00 AM",Lost run,Run,,1800,5.00,160,activities/104.gpx.gz,1800.0,1800.0,5000.0
105,"Jul 17, 2024, 6:00:00 AM",Broken one,Run,,1800,5.00,160,activities/105.tcx.gz,1800.0,1800.0,5000.0
106,"Jul 18, 2024, 6:00:00 AM",Commute,Run,,299,0.90,150,activities/106.gpx,299.0,299.0,897.0
`

// The Strava index names, types (only where the file says "other") and
// accounts for every listed activity; a manual entry is not missing.
func TestBatchStravaIndex(t *testing.T) {
	files := []arMember{
		{name: "activities.csv", data: []byte(stravaCSVText)},
		{name: "activities/101.gpx.gz", data: arGzip(t, arGPX(time.Date(2024, 7, 14, 9, 30, 0, 0, time.UTC), "", ""))},
		{name: "activities/102.fit.gz", data: arGzip(t, writeFIT(t, synthRun(time.Date(2024, 7, 14, 7, 30, 0, 0, time.UTC), 120), synth.FITOptions{}))},
		{name: "activities/105.tcx.gz", data: arGzip(t, []byte("<<< not XML"))},
		{name: "activities/106.gpx", data: arGPX(time.Date(2024, 7, 18, 6, 0, 0, 0, time.UTC), "", "cycling")},
	}
	for _, form := range []string{"zip", "folder"} {
		t.Run(form, func(t *testing.T) {
			dir := t.TempDir()
			root := filepath.Join(dir, "export_123")
			if form == "zip" {
				root += ".zip"
				arWrite(t, dir, "export_123.zip", arZip(t, files...))
			} else {
				for _, f := range files {
					arWrite(t, root, f.name, f.data)
				}
			}
			sink := newMemSink()
			sum := runBatch(t, sink, root)
			join := func(rel string) string {
				if form == "zip" {
					return root + model.PathSep + rel
				}
				return filepath.Join(root, rel)
			}

			tests := []struct {
				rel, name string
				sport     model.Sport
				sub       string
			}{
				{"activities/101.gpx.gz", "Tempo Tuesday", model.Running, ""}, // the file says other: the index's Run
				{"activities/102.fit.gz", "Hill session", model.Running, "trail"},
				{"activities/106.gpx", "Commute", model.Cycling, ""}, // the file says cycling: it wins over Run
			}
			for _, tt := range tests {
				s := sink.session(t, join(tt.rel))
				if s.Name != tt.name || s.Sport != tt.sport || s.SubSport != tt.sub {
					t.Errorf("%s: %q %s/%s, want %q %s/%s", tt.rel, s.Name, s.Sport, s.SubSport, tt.name, tt.sport, tt.sub)
				}
			}
			if len(sum.Failed) != 1 || sum.Failed[0].Path != join("activities/105.tcx.gz") {
				t.Errorf("failed %+v, want 105.tcx.gz", sum.Failed)
			}
			if want := []PathReason{{join("activities.csv"), "Strava's activity index (names and types for 5 activities)"}}; !cmp.Equal(want, sum.Skipped) {
				t.Errorf("skipped %+v, want %+v", sum.Skipped, want)
			}
			// Missing: the absent file and the failed one, in start order; never the manual entry.
			if len(sum.Missing) != 2 {
				t.Fatalf("missing %+v, want 104 and 105", sum.Missing)
			}
			m0, m1 := sum.Missing[0], sum.Missing[1]
			if !strings.HasPrefix(m0.Path, root) || !strings.HasSuffix(m0.Path, "activities/104.gpx.gz") ||
				m0.Reason != `listed in activities.csv (run "Lost run" on 2024-07-16) but the file is not in the export` {
				t.Errorf("missing[0] = %+v", m0)
			}
			if !strings.HasSuffix(m1.Path, "activities/105.tcx.gz") ||
				!strings.HasPrefix(m1.Reason, `listed in activities.csv (run "Broken one" on 2024-07-17) but not imported: failed: named .tcx but the content is not`) {
				t.Errorf("missing[1] = %+v", m1)
			}
			for _, m := range sum.Missing {
				if strings.Contains(m.Reason, "Gym") {
					t.Errorf("the manual entry is reported missing: %+v", m)
				}
			}
		})
	}
}

// garminSummariesJSON lists activities 501 and 502 at +05:30 and a manual
// 503, in the GDPR export's units (ms, cm).
func garminSummariesJSON(t501, t502, t503 time.Time) []byte {
	const off = 19800 * 1000
	return []byte(fmt.Sprintf(`[{"summarizedActivitiesExport":[
{"activityId":501,"name":"Pune Running","activityType":{"typeKey":"running"},"startTimeGmt":%d.0,"startTimeLocal":%d.0,"duration":119000.0,"distance":35700.0},
{"activityId":502,"name":"Zurich Running","activityType":{"typeKey":"running"},"startTimeGmt":%d.0,"startTimeLocal":%d.0,"duration":119000.0,"distance":35700.0},
{"activityId":503,"name":"Yoga","activityType":{"typeKey":"yoga"},"startTimeGmt":%d.0,"startTimeLocal":%d.0,"duration":3600000.0,"distance":0.0}
]}]`, t501.UnixMilli(), t501.UnixMilli()+off, t502.UnixMilli(), t502.UnixMilli()+off, t503.UnixMilli(), t503.UnixMilli()+off))
}

// Garmin's summaries give a FIT file without local_timestamp its offset
// (origin index) and a name; a file's own offset wins; an activity with no
// file is named.
func TestBatchGarminSummaries(t *testing.T) {
	t501, t502, t503 := synthStart, synthStart.Add(24*time.Hour), synthStart.Add(48*time.Hour)
	noLocal := writeFIT(t, synthRun(t501, 120), synth.FITOptions{NoLocalTimestamp: true})
	withLocal := writeFIT(t, synthRun(t502, 120), synth.FITOptions{}) // +02:00 from the device
	unlisted := writeFIT(t, synthRun(synthStart.Add(72*time.Hour), 120), synth.FITOptions{NoLocalTimestamp: true})
	part := arZip(t, arMember{name: "me@x.com_501.fit", data: noLocal}, arMember{name: "me@x.com_502.fit", data: withLocal},
		arMember{name: "me@x.com_999.fit", data: unlisted})
	p := arWrite(t, t.TempDir(), "garmin.zip", arZip(t,
		arMember{name: "DI_CONNECT/DI-Connect-Fitness/me@x.com_0_summarizedActivities.json", data: garminSummariesJSON(t501, t502, t503)},
		arMember{name: "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip", data: part}))
	sink := newMemSink()
	sum := runBatch(t, sink, p)
	dirPart := p + model.PathSep + "DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip" + model.PathSep

	tests := []struct {
		file, name string
		off        int
		origin     model.OffsetOrigin
	}{
		{"me@x.com_501.fit", "Pune Running", 19800, model.OffsetIndex},
		{"me@x.com_502.fit", "Zurich Running", 7200, model.OffsetDevice},
		{"me@x.com_999.fit", "", 0, model.OffsetZone},
	}
	for _, tt := range tests {
		s := sink.session(t, dirPart+tt.file)
		if s.Name != tt.name || s.OffsetS != tt.off || s.OffsetOrigin != tt.origin {
			t.Errorf("%s: %q offset %d (%s), want %q %d (%s)", tt.file, s.Name, s.OffsetS, s.OffsetOrigin, tt.name, tt.off, tt.origin)
		}
	}
	want := []PathReason{{p, `Garmin's summaries list yoga "Yoga" on 2024-07-16, activity 503 but the export holds no file for it (an activity entered by hand has none)`}}
	if diff := cmp.Diff(want, sum.Missing); diff != "" {
		t.Errorf("missing (-want +got):\n%s", diff)
	}
	if sum.Imported != 3 || sum.Incomplete() {
		t.Errorf("summary %+v", sum)
	}
}

// The whole synthetic Garmin and Strava exports go through the batch with
// counts the manifests predict.
func TestBatchSynthExports(t *testing.T) {
	a := synth.Generate(synth.Config{Seed: 5, Months: 2})
	dir := t.TempDir()
	gf, err := os.Create(filepath.Join(dir, "garmin.zip"))
	if err != nil {
		t.Fatal(err)
	}
	gm, err := a.WriteGarminExport(gf, synth.ExportOptions{Parts: 3})
	gf.Close()
	if err != nil {
		t.Fatal(err)
	}
	sf, err := os.Create(filepath.Join(dir, "strava.zip"))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := a.WriteStravaExport(sf, synth.ExportOptions{Parts: 3})
	sf.Close()
	if err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	sum := runBatch(t, sink, filepath.Join(dir, "garmin.zip"), filepath.Join(dir, "strava.zip"))
	// The fake sink does not merge: every file with sessions is stored, a
	// byte-identical copy is a duplicate.
	want := struct{ Files, Imported, Duplicates, Skipped, Missing, Failed int }{
		Files:      gm.Files + sm.Files,
		Imported:   gm.Activities + sm.Activities - sm.StravaSameBytes,
		Duplicates: sm.StravaSameBytes,
		Skipped:    gm.NonActivityFiles + gm.IndexFiles + sm.NonActivityFiles + sm.IndexFiles,
		Missing:    gm.Manual + sm.MissingListed,
	}
	got := struct{ Files, Imported, Duplicates, Skipped, Missing, Failed int }{sum.Files, sum.Imported, sum.Duplicates, len(sum.Skipped), len(sum.Missing), len(sum.Failed)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	offsets := map[model.OffsetOrigin]int{}
	for _, e := range gm.Exported {
		s := sink.session(t, filepath.Join(dir, "garmin.zip")+model.PathSep+e.GarminPart+model.PathSep+e.GarminFile)
		offsets[s.OffsetOrigin]++
		if want := a.Sessions[e.Index].OffsetS; s.OffsetS != want {
			t.Errorf("%s: offset %d, want %d", e.GarminFile, s.OffsetS, want)
		}
		if s.Name != e.GarminName {
			t.Errorf("%s: name %q, want the summary's %q", e.GarminFile, s.Name, e.GarminName)
		}
	}
	if offsets[model.OffsetIndex] != gm.NoLocalTimestamp || offsets[model.OffsetDevice] != len(gm.Exported)-gm.NoLocalTimestamp {
		t.Errorf("offset origins %v, want %d from the index", offsets, gm.NoLocalTimestamp)
	}
}

// The summary's missing list comes out in the same order every time, so
// that `import --json` output can be compared and scripted.
func TestBatchMissingOrderIsStable(t *testing.T) {
	dir := t.TempDir()
	t503 := synthStart.Add(48 * time.Hour)
	garmin := arWrite(t, dir, "garmin.zip", arZip(t,
		arMember{name: "DI_CONNECT/DI-Connect-Fitness/me_0_summarizedActivities.json", data: garminSummariesJSON(synthStart, synthStart.Add(24*time.Hour), t503)}))
	strava := arWrite(t, dir, "strava.zip", arZip(t, arMember{name: "activities.csv", data: []byte(stravaCSVText)}))
	var first []PathReason
	for i := range 12 {
		sum := runBatch(t, newMemSink(), garmin, strava)
		if len(sum.Missing) != 8 { // Garmin's 501, 502, 503; Strava's 101, 102, 104, 105, 106
			t.Fatalf("missing %d: %+v", len(sum.Missing), sum.Missing)
		}
		if i == 0 {
			first = sum.Missing
			continue
		}
		if diff := cmp.Diff(first, sum.Missing); diff != "" {
			t.Fatalf("BUG (batch.go finishExports ranges over a map; sortSummary leaves Missing unsorted): run %d listed missing activities in another order (-first +now):\n%s", i+1, diff)
		}
	}
}

// prepSink is a memSink that is also a Preparer: Prepare (in the workers)
// wraps a file's sessions, and fails strength files to show that an error
// there fails the file alone.
type prepSink struct {
	*memSink
	prepares, storePrepared int
}

type prepared struct{ sessions []model.Session }

func (p *prepSink) Prepare(ss []model.Session) (any, error) {
	p.mu.Lock()
	p.prepares++
	p.mu.Unlock()
	if len(ss) > 0 && ss[0].Sport == model.Strength {
		return nil, errors.New("cannot prepare a strength session")
	}
	return &prepared{ss}, nil
}

func (p *prepSink) StorePrepared(ctx context.Context, src model.Source, x any) (int, int, bool, error) {
	p.mu.Lock()
	p.storePrepared++
	p.mu.Unlock()
	return p.memSink.Store(ctx, src, x.(*prepared).sessions)
}

func TestBatchPreparer(t *testing.T) {
	a := synth.Generate(synth.Config{Seed: 9, Months: 1})
	dir := t.TempDir()
	man, err := a.WriteExport(dir)
	if err != nil {
		t.Fatal(err)
	}
	sink := &prepSink{memSink: newMemSink()}
	sum := runBatch(t, sink, dir)
	// Every run file (a run's GPX copy too: memSink does not merge) goes
	// through Prepare and StorePrepared, never Store.
	if sink.stores != sink.storePrepared || sink.storePrepared != sum.Imported || sum.Imported < man.Runs {
		t.Errorf("%d files stored, %d through StorePrepared, %d imported, want all through StorePrepared and at least the %d runs",
			sink.stores, sink.storePrepared, sum.Imported, man.Runs)
	}
	if sink.prepares != sum.Imported+man.Strength {
		t.Errorf("Prepare called %d times, want once per decoded activity (%d)", sink.prepares, sum.Imported+man.Strength)
	}
	if len(sum.Failed) != man.Strength || man.Strength == 0 {
		t.Fatalf("%d failed, want the %d strength files", len(sum.Failed), man.Strength)
	}
	for _, f := range sum.Failed {
		if !strings.Contains(f.Error, "cannot prepare a strength session") {
			t.Errorf("%s: %q, want Prepare's error", f.Path, f.Error)
		}
	}
}
