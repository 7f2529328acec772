package painlog_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

// painCSVEvent is a London event for the CSV tables.
func painCSVEvent(date, hhmm string, sev int, location, note string) model.PainEvent {
	return model.PainEvent{LocalDate: date, LocalTime: hhmm, TZ: "Europe/London", Severity: sev, Location: location, Note: note}
}

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []model.PainEvent
		wantLines []string // the *BadLinesError's lines
	}{
		{
			name: "export header",
			in:   "date,time,severity,location,note,tz\n2024-03-05,07:30,5,lower back,,Europe/London\n2024-03-06,,3,hip,stiff,America/New_York\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "07:30", 5, "lower back", ""),
				{LocalDate: "2024-03-06", TZ: "America/New_York", Severity: 3, Location: "hip", Note: "stiff"}},
		},
		{
			name: "no tz column takes the default",
			in:   "date,time,severity,location,note\n2024-03-05,7:30,5,lower back,ok\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "07:30", 5, "lower back", "ok")},
		},
		{
			name: "empty tz, location and time default",
			in:   "date,time,severity,location,note,tz\n2024-03-05,,4,,,\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 4, "lower back", "")},
		},
		{
			name: "columns in any order and case",
			in:   "Note, SEVERITY ,TZ,Location,Time,Date\nfine,2,UTC,knee,18:00,2024-03-05\n",
			want: []model.PainEvent{{LocalDate: "2024-03-05", LocalTime: "18:00", TZ: "UTC", Severity: 2, Location: "knee", Note: "fine"}},
		},
		{
			name: "byte-order mark",
			in:   "\ufeffdate,time,severity,location,note\n2024-03-05,,5,lower back,\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back", "")},
		},
		{
			name: "quoted commas, quotes and newlines",
			in:   "date,time,severity,location,note\n2024-03-05,,5,\"lower back, left\",\"Tight after 3 km, \"\"sharp\"\"\non the hill\"\n2024-03-06,,2,lower back,next\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back, left", "Tight after 3 km, \"sharp\"\non the hill"),
				painCSVEvent("2024-03-06", "", 2, "lower back", "next")},
		},
		{
			name: "CRLF line endings",
			in:   "date,time,severity,location,note\r\n2024-03-05,,5,lower back,\"two\r\nlines\"\r\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back", "two\nlines")},
		},
		{
			name: "notes exactly as typed",
			in:   "date,time,severity,location,note\n2024-03-05,,5,lower back,\" <script>alert(1)</script> \"\n2024-03-05,,6,lower back,'); DROP TABLE pain_events;--\n2024-03-05,,7,lower back,née 🔥 \ttab\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back", " <script>alert(1)</script> "),
				painCSVEvent("2024-03-05", "", 6, "lower back", "'); DROP TABLE pain_events;--"),
				painCSVEvent("2024-03-05", "", 7, "lower back", "née 🔥 \ttab")},
		},
		{
			name: "blank lines are skipped",
			in:   "date,time,severity,location,note\n\n2024-03-05,,5,lower back,\n\n",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back", "")},
		},
		{
			name: "date words in the row's zone",
			in:   "date,time,severity,location,note,tz\nyesterday,,5,lower back,,\ntoday,,5,lower back,,Pacific/Kiritimati\n",
			want: []model.PainEvent{painCSVEvent("2024-10-31", "", 5, "lower back", ""),
				{LocalDate: "2024-11-02", TZ: "Pacific/Kiritimati", Severity: 5, Location: "lower back"}},
		},
		{
			name: "header only",
			in:   "date,time,severity,location,note\n",
			want: nil,
		},
		{name: "empty file", in: "", wantLines: []string{"line 1: the file is empty: want a header date,time,severity,location,note (and optionally tz)"}},
		{
			name: "unknown and missing columns",
			in:   "date,time,severity,where,note,comment\n2024-03-05,,5,x,y,z\n",
			wantLines: []string{`line 1: unknown column "where" (want date, time, severity, location, note, and optionally tz); ` +
				`unknown column "comment" (want date, time, severity, location, note, and optionally tz); ` +
				`missing column "location" (want date, time, severity, location, note, and optionally tz)`},
		},
		{
			name:      "duplicate column",
			in:        "date,time,severity,location,note,Date\n",
			wantLines: []string{`line 1: column "date" appears twice`},
		},
		{
			name: "not a pain log",
			in:   "Date,Workout Name,Duration,Exercise Name\n2024-03-05 18:00:00,Legs,1h,Deadlift\n",
			wantLines: []string{`line 1: unknown column "Workout Name" (want date, time, severity, location, note, and optionally tz); ` +
				`unknown column "Duration" (want date, time, severity, location, note, and optionally tz); ` +
				`unknown column "Exercise Name" (want date, time, severity, location, note, and optionally tz); ` +
				`missing column "time" (want date, time, severity, location, note, and optionally tz); ` +
				`missing column "severity" (want date, time, severity, location, note, and optionally tz); ` +
				`missing column "location" (want date, time, severity, location, note, and optionally tz); ` +
				`missing column "note" (want date, time, severity, location, note, and optionally tz)`},
		},
		{
			name: "every bad line is listed and nothing is returned",
			in: "date,time,severity,location,note,tz\n" +
				"2024-03-05,07:30,5,lower back,good,\n" + // line 2
				"2026-02-30,,5,lower back,,\n" + // line 3
				"2024-03-05,25:10,5,lower back,,\n" + // line 4
				"2024-03-05,7:5,5,lower back,,\n" + // line 5
				"2024-03-05,,11,lower back,,\n" + // line 6
				"2024-03-05,,-1,lower back,,\n" + // line 7
				"2024-03-05,,eleven,lower back,,\n" + // line 8
				"2024-03-05,,6.5,lower back,,\n" + // line 9
				"tomorrow,,5,lower back,,\n" + // line 10
				"last week,,5,lower back,,\n" + // line 11
				"2030-01-01,,5,lower back,,\n" + // line 12
				"1969-12-31,,5,lower back,,\n" + // line 13
				"2024-03-31,01:30,5,lower back,,\n" + // line 14
				"2024-11-01,13:00,5,lower back,,\n" + // line 15
				"2024-03-05,,5,lower back,,Mars/Olympus\n" + // line 16
				"2024-03-05,,5,lower back\n" + // line 17
				"2024-03-05,,5,lower back,\"a\n\nb\",\n" + // lines 18–20: a good multi-line note
				"2024-03-05,99:99,zero,,,\n" + // line 21: two problems
				"2024-03-06,,1,lower back,fine,\n", // line 22
			wantLines: []string{
				"line 3: date 2026-02-30 does not exist: February 2026 has 28 days",
				"line 4: time 25:10 does not exist: hours run from 00 to 23",
				`line 5: time "7:5" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`,
				"line 6: severity 11 is out of range: use 0 (none) to 10 (worst)",
				"line 7: severity -1 is out of range: use 0 (none) to 10 (worst)",
				`line 8: severity "eleven" is not a whole number: use 0 (none) to 10 (worst)`,
				`line 9: severity "6.5" is not a whole number: use 0 (none) to 10 (worst)`,
				`line 10: date "tomorrow" not understood: use YYYY-MM-DD, today or yesterday`,
				`line 11: date "last week" not understood: use YYYY-MM-DD, today or yesterday`,
				"line 12: date 2030-01-01 is in the future (today is 2024-11-01 in Europe/London)",
				"line 13: date 1969-12-31 is before 1970",
				"line 14: 2024-03-31 01:30 does not exist in Europe/London: the clocks skipped it (daylight saving time)",
				"line 15: 2024-11-01 13:00 is in the future (it is now 2024-11-01 12:00 in Europe/London)",
				`line 16: time zone "Mars/Olympus" is unknown: use a name like Europe/London`,
				"line 17: 4 fields, want 6 (one per header column)",
				`line 21: time 99:99 does not exist: hours run from 00 to 23; severity "zero" is not a whole number: use 0 (none) to 10 (worst)`,
			},
		},
		{
			name:      "unterminated quote",
			in:        "date,time,severity,location,note\n2024-03-05,,5,lower back,\"open\n2024-03-06,,5,lower back,\n",
			wantLines: []string{`line 2: unreadable CSV: extraneous or missing " in quoted-field`},
		},
		{
			name:      "bare quote",
			in:        "date,time,severity,location,note\n2024-03-05,,5,lower back,say \"hi\"\n2024-03-06,,5,lower back,\n",
			wantLines: []string{`line 2: unreadable CSV: bare " in non-quoted-field`},
		},
		{
			name:      "carriage return alone in a note",
			in:        "date,time,severity,location,note\n2024-03-05,,5,lower back,\"a\rb\"\n",
			wantLines: []string{"line 2: note holds the control character U+000D: only tabs and line breaks are kept"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := painlog.ReadCSV(strings.NewReader(tt.in), "Europe/London", painNow)
			var pe *painlog.BadLinesError
			if tt.wantLines != nil {
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T), want a *BadLinesError", err, err)
				}
				if diff := cmp.Diff(tt.wantLines, pe.Lines); diff != "" {
					t.Errorf("bad lines (-want +got):\n%s", diff)
				}
				if err.Error() != strings.Join(tt.wantLines, "\n") {
					t.Errorf("Error() = %q, want the lines joined by newlines", err.Error())
				}
				if got != nil {
					t.Errorf("got %d events with the error, want none", len(got))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadCSVNoDefaultZone(t *testing.T) {
	_, err := painlog.ReadCSV(strings.NewReader("date,time,severity,location,note,tz\n2024-03-05,,5,,,\n2024-03-05,,5,,,UTC\n"), "", painNow)
	var pe *painlog.BadLinesError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a *BadLinesError", err)
	}
	want := []string{"line 2: no time zone: add a tz column or give your zone (--tz)"}
	if diff := cmp.Diff(want, pe.Lines); diff != "" {
		t.Errorf("bad lines (-want +got):\n%s", diff)
	}
}

func TestReadRowsLines(t *testing.T) {
	in := "date,time,severity,location,note\n2024-03-05,,5,lower back,\"one\ntwo\"\n\n2024-03-06,,5,lower back,\n"
	rows, err := painlog.ReadRows(strings.NewReader(in), "UTC", painNow)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if diff := cmp.Diff([]int{2, 5}, lines); diff != "" {
		t.Errorf("row lines (-want +got):\n%s", diff)
	}
}

func TestBadLinesErrorCapsItsList(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,time,severity,location,note\n")
	for i := 0; i < 1500; i++ {
		b.WriteString("bad,,5,lower back,\n")
	}
	_, err := painlog.ReadCSV(strings.NewReader(b.String()), "UTC", painNow)
	var pe *painlog.BadLinesError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a *BadLinesError", err)
	}
	if len(pe.Lines) != 1001 {
		t.Fatalf("%d lines, want 1000 and a count", len(pe.Lines))
	}
	if got, want := pe.Lines[999], `line 1001: date "bad" not understood: use YYYY-MM-DD, today or yesterday`; got != want {
		t.Errorf("last listed line %q, want %q", got, want)
	}
	if got, want := pe.Lines[1000], "… and 500 more bad lines"; got != want {
		t.Errorf("final line %q, want %q", got, want)
	}
}

func TestReadCSVRefusesGiantLine(t *testing.T) {
	in := "date,time,severity,location,note\n2024-03-05,,5,lower back," + strings.Repeat("x", 2<<20) + "\n"
	_, err := painlog.ReadCSV(strings.NewReader(in), "UTC", painNow)
	if err == nil || !strings.Contains(err.Error(), "a line longer than 1025 KiB") {
		t.Fatalf("error %v, want a line-length error", err)
	}
	if !errors.Is(err, painlog.ErrNotPainLog) {
		t.Errorf("error %v does not wrap ErrNotPainLog", err)
	}
}

// TestReadRowsRefusesMillionsOfRows checks the row cap, in CSV and in JSON:
// the error says where it stopped and wraps ErrNotPainLog, not a
// *BadLinesError.
func TestReadRowsRefusesMillionsOfRows(t *testing.T) {
	const n = 1_000_001
	tests := []struct{ name, in, want string }{
		{"csv", "date,time,severity,location,note\n" + strings.Repeat("x\n", n),
			"read pain csv: line 1000002: more than 1000000 rows: not a pain log"},
		{"json", "[" + strings.Repeat("1,", n) + "1]",
			"read pain json: line 1: more than 1000000 events: not a pain log"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := painlog.ReadRows(strings.NewReader(tt.in), "UTC", painNow)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			var pe *painlog.BadLinesError
			if !errors.Is(err, painlog.ErrNotPainLog) || errors.As(err, &pe) || rows != nil {
				t.Errorf("error %v (%T) with %d rows, want one wrapping ErrNotPainLog and no rows", err, err, len(rows))
			}
		})
	}
}

// painSample is a log exercising every kind of field the writers quote.
func painSample() []model.PainEvent {
	return []model.PainEvent{
		painCSVEvent("2024-03-05", "", 5, "lower back", ""),
		painCSVEvent("2024-03-05", "07:30", 5, "lower back, left glute", `Tight after 3 km, "sharp" on the hill — glute`),
		painCSVEvent("2024-03-06", "00:00", 0, " leading space", "<script>alert('x')</script> & more"),
		{LocalDate: "2024-10-27", LocalTime: "01:30", TZ: "America/New_York", Severity: 10, Location: "hip", Note: "'); DROP TABLE pain_events;--"},
		painCSVEvent("2024-10-27", "01:30", 10, "lower back", "two\nlines\tand a tab 🔥"),
		painCSVEvent("2024-10-28", "", 3, "lower back", `"`),
		painCSVEvent("2024-10-29", "", 3, "lower back", "\n"),
	}
}

func TestCSVRoundTrip(t *testing.T) {
	events := painSample()
	var first bytes.Buffer
	if err := painlog.WriteCSV(&first, events); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.String(), "date,time,severity,location,note,tz\n") {
		t.Fatalf("header: %q", first.String())
	}
	got, err := painlog.ReadCSV(bytes.NewReader(first.Bytes()), "UTC", painNow)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(events, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	var second bytes.Buffer
	if err := painlog.WriteCSV(&second, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("second write differs:\n%s\nwant:\n%s", second.String(), first.String())
	}
}

// TestReadCSVReadsSynthExport reads the pain.csv that the synthetic
// athlete's export writes (internal/synth has its own writer).
func TestReadCSVReadsSynthExport(t *testing.T) {
	dir := t.TempDir()
	a := synth.Generate(synth.Config{Seed: 11, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Months: 4})
	if _, err := a.WriteExport(dir); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "pain.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := painlog.ReadCSV(f, "UTC", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Pain) < 5 {
		t.Fatalf("the synthetic athlete has only %d pain events", len(a.Pain))
	}
	if diff := cmp.Diff(a.Pain, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	special := false
	for _, e := range got {
		special = special || e.Note == synth.SpecialNote
	}
	if !special {
		t.Errorf("no event carries synth.SpecialNote %q", synth.SpecialNote)
	}
}

// TestWriteCSVNeutralisesFormulas: text cells a spreadsheet would run as a
// formula are written with a ' in front (by default), and ReadCSV reads
// every cell back exactly, those that already start with ' included.
func TestWriteCSVNeutralisesFormulas(t *testing.T) {
	notes := []string{`=HYPERLINK("http://x","click")`, "+1 after the hill", "- tight", "@SUM(A1)", "\tindented",
		"'=already quoted", "''=twice", "'plain quote", "plain", "", "a = b"}
	var events []model.PainEvent
	for i, n := range notes {
		events = append(events, model.PainEvent{LocalDate: "2024-03-05", LocalTime: fmt.Sprintf("07:%02d", i), TZ: "UTC",
			Severity: 3, Location: "-lower back", Note: n})
	}
	var b bytes.Buffer
	if err := painlog.WriteCSV(&b, events); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"'-lower back", `"'=HYPERLINK(""http://x"",""click"")"`, "'+1 after the hill", "'- tight",
		"'@SUM(A1)", ",'\tindented,", "''=already quoted", "'''=twice", ",'plain quote,", ",plain,", ",a = b,"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the CSV lacks %q:\n%s", want, b.String())
		}
	}
	for _, line := range strings.Split(b.String(), "\n") {
		for _, cell := range strings.Split(line, ",") {
			if c := strings.TrimPrefix(cell, `"`); c != "" && strings.ContainsRune("=+-@\t", rune(c[0])) {
				t.Errorf("a cell starts with %q: %q", c[0], cell)
			}
		}
	}
	back, err := painlog.ReadCSV(&b, "UTC", painNow)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(events, back); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	var plain bytes.Buffer
	if err := painlog.WriteCSV(&plain, events[:1], painlog.SpreadsheetSafe(false)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plain.String(), `,-lower back,"=HYPERLINK(`) {
		t.Errorf("SpreadsheetSafe(false) changed cells:\n%s", plain.String())
	}
}

// TestLongestTextRoundTrips: an event whose location and note are as long
// as a pain event may hold, written as the worst case for the CSV (quotes,
// which it doubles, after a formula character), exports and imports back
// in CSV and JSON; one byte more is refused when logged, so that no event
// in the log is longer than the readers read. The CSV line limit used to
// refuse the export of a note over 1 MiB.
func TestLongestTextRoundTrips(t *testing.T) {
	long := "=" + strings.Repeat(`"`, painlog.MaxTextBytes-1)
	events := []model.PainEvent{{LocalDate: "2024-03-05", LocalTime: "07:30", TZ: "Europe/London", Severity: 5,
		Location: long, Note: long}}
	if _, _, err := painlog.Validate(events[0], painNow); err != nil {
		t.Fatalf("the longest text is refused: %v", err)
	}
	var c, j bytes.Buffer
	if err := painlog.WriteCSV(&c, events); err != nil {
		t.Fatal(err)
	}
	if err := painlog.WriteJSON(&j, events); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"CSV": c.Bytes(), "JSON": j.Bytes()} {
		rows, err := painlog.ReadRows(bytes.NewReader(b), "UTC", painNow)
		if err != nil || len(rows) != 1 {
			t.Fatalf("%s of the longest event (%d bytes) does not import: %v", name, len(b), err)
		}
		if rows[0].Event.Note != long || rows[0].Event.Location != long {
			t.Errorf("%s round trip changed the text", name)
		}
	}
	over := events[0]
	over.Note += "x"
	if _, _, err := painlog.Validate(over, painNow); err == nil || !strings.Contains(err.Error(), "the most a pain event keeps is 256 KiB") {
		t.Errorf("a note one byte too long: %v", err)
	}
}
