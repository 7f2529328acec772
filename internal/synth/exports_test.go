package synth

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/mesgnum"

	"github.com/backtrack/backtrack/model"
)

// exportAthlete is the two-month athlete the export tests share.
var exportAthlete = sync.OnceValue(func() *Athlete {
	return Generate(Config{Seed: 7, Start: time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), Months: 2})
})

// zipFile is one member of a zip, read whole.
type zipFile struct {
	name  string
	flags uint16
	data  []byte
}

// readZip returns the members of a zip in order, folders left out.
func readZip(t *testing.T, b []byte) []zipFile {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	var out []zipFile
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		out = append(out, zipFile{f.Name, f.Flags, data})
	}
	return out
}

func gunzip(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not gzip: %v", name, err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: gunzip: %v", name, err)
	}
	return data
}

// fileIDType returns the file_id type of a FIT file.
func fileIDType(t *testing.T, b []byte) typedef.File {
	t.Helper()
	msgs, _ := decodeFIT(t, b)
	for i := range msgs {
		if msgs[i].Num == mesgnum.FileId {
			return mesgdef.NewFileId(&msgs[i]).Type
		}
	}
	t.Fatal("no file_id message")
	return 0
}

func writeGarmin(t *testing.T, a *Athlete, o ExportOptions) ([]byte, ExportManifest) {
	t.Helper()
	var b bytes.Buffer
	m, err := a.WriteGarminExport(&b, o)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), m
}

func writeStrava(t *testing.T, a *Athlete, o ExportOptions) ([]byte, ExportManifest) {
	t.Helper()
	var b bytes.Buffer
	m, err := a.WriteStravaExport(&b, o)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), m
}

// garminSummary is one activity of summarizedActivities.json as the tests read it.
type garminSummary struct {
	ActivityID   int64   `json:"activityId"`
	Name         *string `json:"name"`
	ActivityType struct {
		TypeKey string `json:"typeKey"`
	} `json:"activityType"`
	StartTimeGmt    float64 `json:"startTimeGmt"`
	StartTimeLocal  float64 `json:"startTimeLocal"`
	Duration        float64 `json:"duration"`
	ElapsedDuration float64 `json:"elapsedDuration"`
	Distance        float64 `json:"distance"`
}

func TestWriteGarminExport(t *testing.T) {
	a := exportAthlete()
	b, m := writeGarmin(t, a, ExportOptions{})
	top := readZip(t, b)

	var sums []garminSummary
	parts := map[string][]zipFile{}
	var partOrder []string
	var others []string
	for _, f := range top {
		switch {
		case f.name == GarminFitnessDir+"/athlete@example.com_0_summarizedActivities.json":
			var doc []struct {
				Export []garminSummary `json:"summarizedActivitiesExport"`
			}
			if err := json.Unmarshal(f.data, &doc); err != nil {
				t.Fatalf("summaries are not in the nested shape: %v", err)
			}
			if len(doc) != 1 {
				t.Fatalf("summaries: %d outer objects, want 1", len(doc))
			}
			sums = doc[0].Export
		case path.Dir(f.name) == GarminUploadDir && path.Ext(f.name) == ".zip":
			partOrder = append(partOrder, f.name)
			parts[f.name] = readZip(t, f.data)
			for _, pf := range parts[f.name] {
				if pf.flags&0x8 == 0 {
					t.Errorf("%s › %s has no data descriptor: the nested zips should be written as streams are", f.name, pf.name)
				}
			}
		default:
			others = append(others, f.name)
		}
	}

	// Parts: at least two, named Part1…PartN, holding the activities in start order.
	if len(partOrder) < 2 {
		t.Fatalf("%d nested parts, want at least 2", len(partOrder))
	}
	for p, name := range partOrder {
		if want := GarminUploadDir + "/UploadedFiles_0-_Part" + strconv.Itoa(p+1) + ".zip"; name != want {
			t.Errorf("part %d is %s, want %s", p+1, name, want)
		}
	}
	var activity []string
	var nonActivity []typedef.File
	files := len(top)
	byName := map[string][]byte{}
	for _, name := range partOrder {
		files += len(parts[name]) - 1 // the part's members, not the part itself
		for _, f := range parts[name] {
			if fileIDType(t, f.data) != typedef.FileActivity {
				nonActivity = append(nonActivity, fileIDType(t, f.data))
				continue
			}
			activity = append(activity, name+" › "+f.name)
			byName[f.name] = f.data
		}
	}
	var want []string
	for _, e := range m.Exported {
		want = append(want, e.GarminPart+" › "+e.GarminFile)
		if e.GarminFile != "athlete@example.com_"+strconv.FormatInt(e.GarminID, 10)+".fit" {
			t.Errorf("file name %q does not carry activity id %d", e.GarminFile, e.GarminID)
		}
	}
	if diff := cmp.Diff(want, activity); diff != "" {
		t.Errorf("activity files (-manifest +zip):\n%s", diff)
	}
	if diff := cmp.Diff([]typedef.File{typedef.FileMonitoringB, typedef.FileSettings}, nonActivity); diff != "" {
		t.Errorf("non-activity FIT file types (-want +got):\n%s", diff)
	}
	slices.Sort(others)
	wantOthers := []string{
		"DI_CONNECT/DI-Connect-User/profile.png",
		"DI_CONNECT/DI-Connect-User/user_profile.json",
		"DI_CONNECT/DI-Connect-Wellness/athlete@example.com_sleepData.json",
	}
	if diff := cmp.Diff(wantOthers, others); diff != "" {
		t.Errorf("other members (-want +got):\n%s", diff)
	}
	for _, f := range top {
		switch path.Ext(f.name) {
		case ".png":
			if _, err := png.Decode(bytes.NewReader(f.data)); err != nil {
				t.Errorf("%s is not a PNG: %v", f.name, err)
			}
		case ".json":
			if !json.Valid(f.data) {
				t.Errorf("%s is not JSON", f.name)
			}
		}
	}

	// Each activity's FIT file is the session, local_timestamp as planned.
	runs, strength, sets, noLocal := 0, 0, 0, 0
	for _, e := range m.Exported {
		s := &a.Sessions[e.Index]
		_, act := decodeFIT(t, byName[e.GarminFile])
		if act.FileId.Manufacturer != typedef.ManufacturerGarmin {
			t.Errorf("%s: manufacturer %v, want garmin", e.GarminFile, act.FileId.Manufacturer)
		}
		if len(act.Sessions) != 1 || !act.Sessions[0].StartTime.Equal(s.Start.Truncate(time.Second)) {
			t.Errorf("%s: sessions %d, want 1 starting %v", e.GarminFile, len(act.Sessions), s.Start)
		}
		if got := !act.Activity.LocalTimestamp.IsZero(); got == e.NoLocalTimestamp {
			t.Errorf("%s: has local_timestamp %v, NoLocalTimestamp %v", e.GarminFile, got, e.NoLocalTimestamp)
		}
		if e.NoLocalTimestamp {
			noLocal++
		}
		if s.Sport == model.Running {
			runs++
		} else {
			strength++
			sets += len(s.Sets)
		}
	}
	if noLocal == 0 || noLocal == len(m.Exported) {
		t.Errorf("%d of %d files without local_timestamp: want some, not all", noLocal, len(m.Exported))
	}

	// The summaries list every activity, then the one entered by hand.
	if len(sums) != len(a.Sessions)+1 {
		t.Fatalf("%d summaries, want %d activities plus 1 manual", len(sums), len(a.Sessions))
	}
	named := 0
	for i, e := range m.Exported {
		g, s := sums[i], &a.Sessions[e.Index]
		if g.ActivityID != e.GarminID {
			t.Errorf("summary %d: activityId %d, want %d", i, g.ActivityID, e.GarminID)
		}
		if (g.Name == nil) != (e.GarminName == "") || g.Name != nil && *g.Name != e.GarminName {
			t.Errorf("summary %d: name %v, want %q", i, g.Name, e.GarminName)
		}
		if g.Name != nil {
			named++
		}
		wantType := map[model.Sport]string{model.Running: "running", model.Strength: "strength_training"}[s.Sport]
		if g.ActivityType.TypeKey != wantType {
			t.Errorf("summary %d: typeKey %q, want %q", i, g.ActivityType.TypeKey, wantType)
		}
		if int64(g.StartTimeGmt) != s.Start.UnixMilli() {
			t.Errorf("summary %d: startTimeGmt %v, want %d", i, g.StartTimeGmt, s.Start.UnixMilli())
		}
		if off := int64(g.StartTimeLocal - g.StartTimeGmt); off != int64(s.OffsetS)*1000 {
			t.Errorf("summary %d: local − GMT = %d ms, want the offset %d s", i, off, s.OffsetS)
		}
		if math.Abs(g.ElapsedDuration-s.ElapsedS*1000) > 0.1 || math.Abs(g.Duration-s.TimerS*1000) > 0.1 {
			t.Errorf("summary %d: durations %v/%v ms, want %v/%v s in ms", i, g.ElapsedDuration, g.Duration, s.ElapsedS, s.TimerS)
		}
		if model.Known(s.DistanceM) && math.Abs(g.Distance-s.DistanceM*100) > 0.1 {
			t.Errorf("summary %d: distance %v, want %v m in cm", i, g.Distance, s.DistanceM)
		}
	}
	if named == 0 || named == len(m.Exported) {
		t.Errorf("%d of %d summaries named: want some without a name", named, len(m.Exported))
	}
	manual := sums[len(sums)-1]
	if _, ok := byName["athlete@example.com_"+strconv.FormatInt(manual.ActivityID, 10)+".fit"]; ok || manual.ActivityType.TypeKey != "yoga" {
		t.Errorf("the manual activity %d (%s) should have no file", manual.ActivityID, manual.ActivityType.TypeKey)
	}

	wantM := ExportManifest{Files: files, Activities: len(a.Sessions), Runs: runs, Strength: strength, Sets: sets,
		FITFiles: len(a.Sessions), NonActivityFiles: 5, NonActivityFIT: 2, IndexFiles: 1, NoLocalTimestamp: noLocal, Manual: 1}
	m.Exported = nil
	if diff := cmp.Diff(wantM, m); diff != "" {
		t.Errorf("manifest counts (-want +got):\n%s", diff)
	}
}

// stravaCSV reads activities.csv: the header and the rows by id.
func stravaCSV(t *testing.T, b []byte) ([]string, [][]string) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("activities.csv: %v", err)
	}
	return rows[0], rows[1:]
}

// tcxDoc is the part of a TCX file the tests read.
type tcxDoc struct {
	Activities []struct {
		Sport string `xml:"Sport,attr"`
		Laps  []struct {
			Points []struct {
				Time string `xml:"Time"`
				Cad  *int   `xml:"Extensions>TPX>RunCadence"`
			} `xml:"Track>Trackpoint"`
		} `xml:"Lap"`
	} `xml:"Activities>Activity"`
}

func TestWriteStravaExport(t *testing.T) {
	a := exportAthlete()
	gb, _ := writeGarmin(t, a, ExportOptions{})
	garminFIT := map[string][]byte{}
	for _, f := range readZip(t, gb) {
		if path.Ext(f.name) == ".zip" {
			for _, pf := range readZip(t, f.data) {
				garminFIT[pf.name] = pf.data
			}
		}
	}
	b, m := writeStrava(t, a, ExportOptions{})
	members := map[string][]byte{}
	var order []string
	for _, f := range readZip(t, b) {
		members[f.name] = f.data
		order = append(order, f.name)
	}
	if order[0] != "activities.csv" {
		t.Errorf("first member %s, want activities.csv", order[0])
	}
	header, rows := stravaCSV(t, members["activities.csv"])
	count := map[string]int{}
	col := map[string][]int{}
	for i, h := range header {
		count[h]++
		col[h] = append(col[h], i)
	}
	for _, h := range []string{"Elapsed Time", "Distance", "Max Heart Rate"} {
		if count[h] != 2 {
			t.Errorf("header has %d %q columns, want 2 (display units, then SI)", count[h], h)
		}
	}
	if header[0] != "Activity ID" || header[12] != "Filename" {
		t.Errorf("header starts %q…, Filename at %q: not Strava's order", header[0], header[12])
	}
	byID := map[string][]string{}
	for _, r := range rows {
		byID[r[0]] = r
	}

	runs := 0
	var copies []ExportedActivity
	for _, e := range m.Exported {
		if a.Sessions[e.Index].Sport == model.Running {
			runs++
		}
		if e.StravaID != "" {
			copies = append(copies, e)
		}
	}
	if want := int(math.Floor(float64(runs) * 0.3)); len(copies) != want {
		t.Errorf("%d runs copied to Strava, want 30%% of %d = %d", len(copies), runs, want)
	}

	var fitN, gpxN, tcxN, same, missing int
	for _, e := range copies {
		s := &a.Sessions[e.Index]
		if s.Sport != model.Running {
			t.Errorf("session %d copied to Strava is %s, want only runs", e.Index, s.Sport)
		}
		r, ok := byID[e.StravaID]
		if !ok {
			t.Errorf("activity %s not in activities.csv", e.StravaID)
			continue
		}
		if r[2] != e.StravaName || r[3] != "Run" || r[12] != e.StravaFile {
			t.Errorf("row %s: name %q type %q file %q, want %q Run %q", e.StravaID, r[2], r[3], r[12], e.StravaName, e.StravaFile)
		}
		if got, err := time.Parse(stravaDate, r[1]); err != nil || !got.Equal(s.Start.Truncate(time.Second)) {
			t.Errorf("row %s: Activity Date %q (%v), want %v UTC", e.StravaID, r[1], err, s.Start)
		}
		km, _ := strconv.ParseFloat(r[col["Distance"][0]], 64)
		metres, _ := strconv.ParseFloat(r[col["Distance"][1]], 64)
		if math.Abs(km*1000-metres) > 10 || math.Abs(metres-s.DistanceM) > 0.1 {
			t.Errorf("row %s: Distance %v km and %v m, want %v m", e.StravaID, km, metres, s.DistanceM)
		}
		if el, _ := strconv.ParseFloat(r[col["Elapsed Time"][1]], 64); el != math.Round(s.ElapsedS) {
			t.Errorf("row %s: Elapsed Time %v, want %v", e.StravaID, el, s.ElapsedS)
		}
		gz, ok := members[e.StravaFile]
		if e.StravaMissing {
			missing++
			if ok {
				t.Errorf("%s should be missing from the zip", e.StravaFile)
			}
			continue
		}
		if !ok {
			t.Errorf("%s is not in the zip", e.StravaFile)
			continue
		}
		data := gunzip(t, e.StravaFile, gz)
		switch e.StravaFormat {
		case model.FormatFIT:
			fitN++
			orig := garminFIT[e.GarminFile]
			if e.StravaSameBytes {
				same++
				if !bytes.Equal(data, orig) {
					t.Errorf("%s should be the watch's file byte for byte", e.StravaFile)
				}
				if order[len(order)-3] != e.StravaFile { // then routes/1.gpx, routes/2.gpx
					t.Errorf("the original upload %s should be the last activity in the zip", e.StravaFile)
				}
				continue
			}
			if bytes.Equal(data, orig) {
				t.Errorf("%s should differ from the watch's file", e.StravaFile)
			}
			_, act := decodeFIT(t, data)
			if act.FileId.Manufacturer != typedef.ManufacturerStrava || !act.Activity.LocalTimestamp.IsZero() {
				t.Errorf("%s: manufacturer %v, local_timestamp %v: want strava, none", e.StravaFile, act.FileId.Manufacturer, act.Activity.LocalTimestamp)
			}
		case model.FormatGPX:
			gpxN++
			d := parseGPX(t, data)
			if d.Creator != "StravaGPX" || d.Trk.Name != e.StravaName || d.Trk.Type != "running" {
				t.Errorf("%s: creator %q name %q type %q", e.StravaFile, d.Creator, d.Trk.Name, d.Trk.Type)
			}
			if c := d.Trk.Pts[len(d.Trk.Pts)/2].Cad; c == nil || *c < 120 {
				t.Errorf("%s: cadence %v, want steps/min (Strava's unit)", e.StravaFile, c)
			}
		case model.FormatTCX:
			tcxN++
			var d tcxDoc
			if err := xml.Unmarshal(data, &d); err != nil {
				t.Fatalf("%s: %v", e.StravaFile, err)
			}
			if len(d.Activities) != 1 || d.Activities[0].Sport != "Running" || len(d.Activities[0].Laps) != 1 {
				t.Fatalf("%s: want one Running activity with one lap", e.StravaFile)
			}
			pts := d.Activities[0].Laps[0].Points
			if len(pts) != s.Samples.Len() || pts[0].Time != s.Start.Format(time.RFC3339) {
				t.Errorf("%s: %d trackpoints from %s, want %d from %v", e.StravaFile, len(pts), pts[0].Time, s.Samples.Len(), s.Start)
			}
			if c := pts[len(pts)/2].Cad; c == nil || *c > 120 {
				t.Errorf("%s: RunCadence %v, want strides/min", e.StravaFile, c)
			}
		}
	}
	if fitN == 0 || gpxN == 0 || tcxN == 0 || same != 1 || missing != 1 {
		t.Errorf("copies: %d FIT (%d original), %d GPX, %d TCX, %d missing: want each format, 1 original, 1 missing", fitN, same, gpxN, tcxN, missing)
	}

	// The phone's walk, the manual entry, the routes and profile.csv.
	if len(m.Extra) != 1 || m.Extra[0].Sport != model.Walking {
		t.Fatalf("extra sessions %d, want the phone's walk", len(m.Extra))
	}
	manual := 0
	for _, r := range rows {
		switch {
		case r[12] == "":
			manual++
			if r[3] != "Weight Training" {
				t.Errorf("manual row type %q", r[3])
			}
		case r[3] == "Walk":
			d := parseGPX(t, gunzip(t, r[12], members[r[12]]))
			if d.Trk.Type != "walking" || len(d.Trk.Pts) != m.Extra[0].Samples.Len() {
				t.Errorf("walk %s: type %q, %d points", r[12], d.Trk.Type, len(d.Trk.Pts))
			}
		}
	}
	if manual != 1 || len(rows) != len(copies)+2 {
		t.Errorf("%d rows (%d manual), want %d copies + walk + manual", len(rows), manual, len(copies))
	}
	routes := 0
	for name, data := range members {
		if strings.HasPrefix(name, "routes/") {
			routes++
			d := parseGPX(t, data)
			if len(d.Trk.Pts) < 10 || bytes.Contains(data, []byte("<time>")) {
				t.Errorf("%s: %d points, times %v: want a route without times", name, len(d.Trk.Pts), bytes.Contains(data, []byte("<time>")))
			}
		}
	}
	if _, ok := members["profile.csv"]; !ok {
		t.Error("no profile.csv")
	}

	wantM := ExportManifest{Files: len(members), Activities: fitN + gpxN + tcxN + 1, FITFiles: fitN, NonActivityFiles: routes + 1,
		IndexFiles: 1, Manual: 1, StravaFIT: fitN, StravaGPX: gpxN, StravaTCX: tcxN, StravaSameBytes: 1, StravaOnly: 1,
		Routes: routes, MissingListed: 1}
	m.Exported, m.Extra = nil, nil
	if diff := cmp.Diff(wantM, m); diff != "" {
		t.Errorf("manifest counts (-want +got):\n%s", diff)
	}
}

func TestExportOptions(t *testing.T) {
	a := exportAthlete()
	gb, gm := writeGarmin(t, a, ExportOptions{Email: "sam@runner.test", Parts: 3, StravaShare: 1})
	parts := 0
	for _, f := range readZip(t, gb) {
		if path.Ext(f.name) == ".zip" {
			parts++
			for _, pf := range readZip(t, f.data) {
				if !strings.HasPrefix(pf.name, "sam@runner.test_") {
					t.Errorf("%s does not carry the email", pf.name)
				}
			}
		}
	}
	if parts != 3 {
		t.Errorf("%d parts, want 3", parts)
	}
	_, sm := writeStrava(t, a, ExportOptions{Email: "sam@runner.test", Parts: 3, StravaShare: 1})
	for i, e := range sm.Exported {
		if (e.StravaID != "") != (a.Sessions[i].Sport == model.Running) {
			t.Errorf("session %d (%s): Strava copy %q with share 1", i, a.Sessions[i].Sport, e.StravaID)
		}
		if e.GarminFile != gm.Exported[i].GarminFile || e.GarminPart != gm.Exported[i].GarminPart {
			t.Errorf("session %d: the two exports disagree on the Garmin file", i)
		}
	}
	if _, m := writeGarmin(t, a, ExportOptions{Parts: 1}); m.Exported[len(m.Exported)-1].GarminPart != garminPartName(1) {
		t.Error("Parts 1 should still split into 2 parts")
	}
}

func TestExportsDeterministic(t *testing.T) {
	c := Config{Seed: 11, Months: 2}
	a1, a2 := Generate(c), Generate(c)
	g1, _ := writeGarmin(t, a1, ExportOptions{})
	g2, _ := writeGarmin(t, a2, ExportOptions{})
	s1, _ := writeStrava(t, a1, ExportOptions{})
	s2, _ := writeStrava(t, a2, ExportOptions{})
	var c1, c2 bytes.Buffer
	if _, err := a1.WriteStrongCSV(&c1, StrongOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a2.WriteStrongCSV(&c2, StrongOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(g1, g2) || !bytes.Equal(s1, s2) || !bytes.Equal(c1.Bytes(), c2.Bytes()) {
		t.Error("the same athlete gave different bytes")
	}
	g3, _ := writeGarmin(t, Generate(Config{Seed: 12, Months: 2}), ExportOptions{})
	if bytes.Equal(g1, g3) {
		t.Error("seeds 11 and 12 gave the same Garmin export")
	}
}

func TestWriteStrongCSV(t *testing.T) {
	a := exportAthlete()
	var b bytes.Buffer
	m, err := a.WriteStrongCSV(&b, StrongOptions{Workouts: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strongHeader, rows[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	rows = rows[1:]
	if len(rows) != m.Rows {
		t.Errorf("%d rows, manifest says %d", len(rows), m.Rows)
	}
	byDate := map[string][][]string{}
	var dates []string
	for _, r := range rows {
		if _, ok := byDate[r[0]]; !ok {
			dates = append(dates, r[0])
		}
		byDate[r[0]] = append(byDate[r[0]], r)
	}
	if len(m.Matched) != 2 || len(dates) != 3 {
		t.Fatalf("%d matched workouts, %d dates: want 2 and 3 (with the app-only one)", len(m.Matched), len(dates))
	}
	var strength []int
	for i := range a.Sessions {
		if a.Sessions[i].Sport == model.Strength {
			strength = append(strength, i)
		}
	}
	if diff := cmp.Diff(strength[len(strength)-2:], m.Matched); diff != "" {
		t.Errorf("matched sessions should be the last two (-want +got):\n%s", diff)
	}
	for k, i := range m.Matched {
		s := &a.Sessions[i]
		w := byDate[dates[k]]
		at, err := time.ParseInLocation("2006-01-02 15:04:05", dates[k], a.Zone)
		if err != nil || at.Before(s.Start) || !at.Before(s.End()) {
			t.Errorf("workout %d at %s (%v): want inside the watch's session %v–%v", k, dates[k], err, s.Start, s.End())
		}
		if w[0][1] != m.MatchedNames[k] {
			t.Errorf("workout %d named %q, manifest says %q", k, w[0][1], m.MatchedNames[k])
		}
		if len(w) != len(s.Sets)+1 || m.MatchedSets[k] != len(w) {
			t.Errorf("workout %d: %d rows (manifest %d), want the watch's %d sets + 1 warm-up", k, len(w), m.MatchedSets[k], len(s.Sets))
		}
		for j, set := range s.Sets {
			r := w[j+1]
			kg, _ := strconv.ParseFloat(r[5], 64)
			if r[3] != strongName(set.Exercise) || strconv.Itoa(set.Reps) != r[6] || (model.Known(set.WeightKg) && kg != set.WeightKg) {
				t.Errorf("workout %d set %d: %v, want %s %d × %v kg", k, j, r, strongName(set.Exercise), set.Reps, set.WeightKg)
			}
		}
	}
	only := byDate[dates[2]]
	if len(only) != m.AppOnlySets || m.AppOnly.LocalDate() != dates[2][:10] {
		t.Errorf("app-only workout: %d rows (manifest %d) on %s, session on %s", len(only), m.AppOnlySets, dates[2], m.AppOnly.LocalDate())
	}
	for _, i := range strength {
		if a.Sessions[i].LocalDate() == m.AppOnly.LocalDate() {
			t.Errorf("the app-only workout shares %s with watch session %d", m.AppOnly.LocalDate(), i)
		}
	}
	if strongName("barbell_deadlift") != "Deadlift (Barbell)" || strongName("single_leg_deadlift") != "Single Leg Deadlift" {
		t.Error("strongName")
	}
}
