package importers

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/unicode"

	"github.com/backtrack/backtrack/internal/testutil"
)

// detectRealFIT returns the first DetectHeadSize bytes of a FIT file written
// by a real device, from muktihari/fit's testdata in the module cache, or
// skips the test.
func detectRealFIT(t *testing.T) []byte {
	t.Helper()
	dir := testutil.ModuleFiles(t, muktihariModule, "testdata/from_garmin_forums")
	b, err := os.ReadFile(filepath.Join(dir, "triathlon_summary_first.fit"))
	if err != nil {
		t.Skipf("real FIT file not available: %v", err)
	}
	return b[:min(len(b), DetectHeadSize)]
}

// detectHead returns the first DetectHeadSize bytes of b.
func detectHead(b []byte) []byte { return b[:min(len(b), DetectHeadSize)] }

func TestDetect(t *testing.T) {
	gpxDoc := xmlReadFile(t, "gpx/garmin_run.gpx")
	tcxDoc := xmlReadFile(t, "tcx/garmin_run.tcx")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(gpxDoc)
	zw.Close()
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(gpxDoc)
	if err != nil {
		t.Fatal(err)
	}
	utf16be, err := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes(tcxDoc)
	if err != nil {
		t.Fatal(err)
	}
	longComment := "<?xml version=\"1.0\"?>\n<!-- " + strings.Repeat("exported by a very chatty tool ", 30) + "-->\n<gpx version=\"1.1\">"
	fitHeader14 := []byte{14, 0x20, 0x5d, 0x08, 0x10, 0, 0, 0, '.', 'F', 'I', 'T', 0x8f, 0x52}
	fitHeader12 := []byte{12, 0x10, 0x47, 0x00, 0x10, 0, 0, 0, '.', 'F', 'I', 'T'}

	tests := []struct {
		name     string
		file     string
		head     []byte
		want     Kind
		unknown  string // UnknownReason, for KindUnknown
		fromReal bool   // head is the real FIT file's
	}{
		{name: "real FIT file", file: "a.bin", fromReal: true, want: KindFIT},
		{name: "FIT 14-byte header", file: "x", head: fitHeader14, want: KindFIT},
		{name: "FIT 12-byte header", file: "x", head: fitHeader12, want: KindFIT},
		{name: "FIT header size without signature", file: "run.fit", head: []byte{14, 0x20, 0x5d, 0x08, 0x10, 0, 0, 0, '.', 'F', 'I', 'X', 0, 0},
			want: KindUnknown, unknown: "not a known format (binary data, a FIT-like header without the .FIT signature)"},
		{name: "FIT too short", file: "run.fit", head: fitHeader14[:11], want: KindUnknown, unknown: "not a known format (binary data)"},
		{name: "GPX", file: "a.gpx", head: detectHead(gpxDoc), want: KindGPX},
		{name: "GPX named .fit", file: "run.fit", head: detectHead(gpxDoc), want: KindGPX},
		{name: "GPX with UTF-8 BOM", file: "x", head: detectHead(append([]byte{0xEF, 0xBB, 0xBF}, gpxDoc...)), want: KindGPX},
		{name: "GPX in UTF-16LE", file: "x", head: detectHead(utf16le), want: KindGPX},
		{name: "GPX without declaration", file: "x", head: []byte("\n\n  <gpx version=\"1.0\">"), want: KindGPX},
		{name: "GPX with comment and doctype", file: "x",
			head: []byte("<?xml version='1.0'?><!-- a > b --><!DOCTYPE gpx [<!ENTITY a 'b'>]>\r\n<gpx/>"), want: KindGPX},
		{name: "GPX with namespace prefix", file: "x", head: []byte(`<g:gpx xmlns:g="http://www.topografix.com/GPX/1/1">`), want: KindGPX},
		{name: "GPX root beyond head, named .gpx", file: "Export/Run.GPX", head: []byte(longComment)[:DetectHeadSize], want: KindGPX},
		{name: "GPX root beyond head, named .gpx.gz", file: "run.gpx.gz", head: []byte(longComment)[:DetectHeadSize], want: KindGPX},
		{name: "XML root beyond head, other name", file: "run.xml", head: []byte(longComment)[:DetectHeadSize],
			want: KindUnknown, unknown: "not a known format (XML without a root element in its first 512 bytes)"},
		{name: "TCX", file: "a.tcx", head: detectHead(tcxDoc), want: KindTCX},
		{name: "TCX in UTF-16BE without BOM", file: "x", head: detectHead(utf16be), want: KindTCX},
		{name: "TCX with prefix", file: "x", head: []byte(`<?xml version="1.0"?><tcd:TrainingCenterDatabase xmlns:tcd="x">`), want: KindTCX},
		{name: "KML", file: "a.gpx", head: []byte(`<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">`),
			want: KindUnknown, unknown: "not a known format (KML)"},
		{name: "HTML", file: "a.csv", head: []byte("<!DOCTYPE html>\n<html><head>"), want: KindUnknown, unknown: "not a known format (HTML page)"},
		{name: "other XML", file: "x", head: []byte(`<settings a="1,2"/>`), want: KindUnknown, unknown: "not a known format (XML with root element <settings>)"},
		{name: "zip", file: "export.zip", head: []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), want: KindZip},
		{name: "empty zip", file: "x", head: append([]byte("PK\x05\x06"), make([]byte, 18)...), want: KindZip},
		{name: "gzip", file: "activity.gpx.gz", head: detectHead(gz.Bytes()), want: KindGzip},
		{name: "gzip named .fit", file: "a.fit", head: []byte{0x1f, 0x8b, 8, 0}, want: KindGzip},
		{name: "CSV Strong", file: "strong.csv", head: []byte("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n2024-03-05 6:12:44 PM,Evening,1h,Deadlift (Barbell),1,100,5,0,0,,,\n"), want: KindCSV},
		{name: "CSV with semicolons", file: "x.txt", head: []byte("\"Date\";\"Workout Name\";\"Exercise Name\";\"Set Order\";\"Weight\";\"Weight Unit\"\r\n"), want: KindCSV},
		{name: "CSV with BOM", file: "x", head: []byte("\ufefftitle,start_time,end_time\n"), want: KindCSV},
		{name: "CSV header longer than head", file: "x", head: []byte("Activity ID,Activity Date," + strings.Repeat("Column,", 100))[:DetectHeadSize], want: KindCSV},
		{name: "JSON with commas", file: "summary.csv", head: []byte(`[{"activityId": 1, "startTimeGmt": 2}]`), want: KindUnknown, unknown: "not a known format (JSON)"},
		{name: "JSON object", file: "x.json", head: []byte("  {\n \"a\": 1\n}"), want: KindUnknown, unknown: "not a known format (JSON)"},
		{name: "text without delimiters", file: "notes.txt", head: []byte("just some notes\nmore\n"),
			want: KindUnknown, unknown: "not a known format (text without commas or semicolons in its first line)"},
		{name: "text without delimiters named .csv", file: "pain.csv", head: []byte("date\n2024-01-01\n"), want: KindCSV},
		{name: "binary with a comma named .csv", file: "x.csv", head: []byte("a,b\x00\x01\x02"), want: KindUnknown, unknown: "not a known format (binary data)"},
		{name: "PNG", file: "photo.gpx", head: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), want: KindUnknown, unknown: "not a known format (PNG image)"},
		{name: "JPEG", file: "x", head: []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), want: KindUnknown, unknown: "not a known format (JPEG image)"},
		{name: "PDF", file: "x", head: []byte("%PDF-1.7\n"), want: KindUnknown, unknown: "not a known format (PDF document)"},
		{name: "SQLite", file: "backtrack.db", head: []byte("SQLite format 3\x00\x10\x00"), want: KindUnknown, unknown: "not a known format (SQLite database)"},
		{name: "blank", file: "x", head: []byte(" \n\t\n"), want: KindUnknown, unknown: "not a known format (blank text)"},
		{name: "empty", file: "x.gpx", head: nil, want: KindUnknown, unknown: "empty file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			head := tc.head
			if tc.fromReal {
				head = detectRealFIT(t)
			}
			if got := Detect(tc.file, head); got != tc.want {
				t.Errorf("Detect(%q) = %v, want %v", tc.file, got, tc.want)
			}
			if got := UnknownReason(tc.file, head); got != tc.unknown {
				t.Errorf("UnknownReason(%q) = %q, want %q", tc.file, got, tc.unknown)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	got := []string{}
	for k := KindUnknown; k <= KindZip+1; k++ {
		got = append(got, k.String())
	}
	want := []string{"unknown", "fit", "gpx", "tcx", "csv", "gzip", "zip", "unknown"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kind strings (-want +got):\n%s", diff)
	}
}

func TestCSVHeader(t *testing.T) {
	tests := []struct {
		name string
		head string
		want []string
	}{
		{"Strong", "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n2024-03-05,x\n",
			[]string{"Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"}},
		{"old Strong with semicolons and quotes", "\"Date\";\"Workout Name\";\"Exercise Name\";\"Set Order\";\"Weight\";\"Weight Unit\";\"Reps\"\r\n\"2019-01-01\";\"A\"\r\n",
			[]string{"Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps"}},
		{"Hevy with BOM", "\ufefftitle,start_time,end_time,description,exercise_title\n",
			[]string{"title", "start_time", "end_time", "description", "exercise_title"}},
		{"FitNotes", "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n",
			[]string{"Date", "Exercise", "Category", "Weight (kgs)", "Reps", "Distance", "Distance Unit", "Time", "Comment"}},
		{"Strava repeats names", "Activity ID,Activity Date,Elapsed Time,Distance,Elapsed Time,Distance\n",
			[]string{"Activity ID", "Activity Date", "Elapsed Time", "Distance", "Elapsed Time", "Distance"}},
		{"commas inside quotes do not vote", "\"a,b,c\";\"d\"\n", []string{"a,b,c", "d"}},
		{"quoted comma field", "\"Name, full\",Date\n", []string{"Name, full", "Date"}},
		{"spaces trimmed", " a , b ;c\n", []string{"a", "b ;c"}},
		{"cut inside the first line", "Date,Workout Na", []string{"Date", "Workout Na"}},
		{"no newline", "a;b", []string{"a", "b"}},
		{"empty", "", nil},
		{"blank first line", "  \r\nDate,Reps\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, CSVHeader([]byte(tc.head))); diff != "" {
				t.Errorf("CSVHeader (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzDetect checks that Detect, UnknownReason and CSVHeader never panic,
// that UnknownReason explains exactly the files Detect cannot place, and
// that content Detect calls GPX or TCX has the root element the decoder
// wants.
func FuzzDetect(f *testing.F) {
	for _, dir := range []string{"testdata/gpx", "testdata/tcx"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(filepath.Base(p), detectHead(b))
		}
	}
	f.Add("strong.csv", []byte("Date,Workout Name\n"))
	f.Add("x.csv", []byte("\"a\";\"b\"\r\n"))
	f.Add("x.fit", []byte{14, 0x20, 0x5d, 0x08, 0x10, 0, 0, 0, '.', 'F', 'I', 'T', 0x8f, 0x52})
	f.Add("x.zip", []byte("PK\x03\x04"))
	f.Add("x.gz", []byte{0x1f, 0x8b, 8, 0})
	f.Add("x.json", []byte(`{"a":[1,2]}`))
	f.Add("x.gpx", []byte("\ufeff<?xml version='1.0'?><!-- c --><!DOCTYPE x [<!ENTITY a 'b'>]><gpx>"))
	f.Add("", []byte{})
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		k := Detect(name, head)
		reason := UnknownReason(name, head)
		if (k == KindUnknown) != (reason != "") {
			t.Fatalf("Detect = %v but UnknownReason = %q", k, reason)
		}
		_ = CSVHeader(head)
		_ = k.String()
		if k == KindGPX && Detect("", head) == KindGPX {
			if _, err := DecodeGPX(bytes.NewReader(head)); err != nil && strings.HasPrefix(err.Error(), "not a GPX file: the root element is") {
				t.Fatalf("Detect says GPX, DecodeGPX says %v", err)
			}
		}
		if k == KindTCX && Detect("", head) == KindTCX {
			if _, err := DecodeTCX(bytes.NewReader(head)); err != nil && strings.HasPrefix(err.Error(), "not a TCX file: the root element is") {
				t.Fatalf("Detect says TCX, DecodeTCX says %v", err)
			}
		}
	})
}
