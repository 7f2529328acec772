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

// painNow is the fixed clock of the pain tests: Friday 1 November 2024,
// 12:00 UTC (12:00 GMT in London, the summer time having ended on 27 October).
var painNow = time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParseDate(t *testing.T) {
	london := mustZone(t, "Europe/London")
	tests := []struct {
		name    string
		in      string
		now     time.Time
		loc     *time.Location
		want    string
		wantErr string
	}{
		{name: "date", in: "2024-03-05", want: "2024-03-05"},
		{name: "spaces around", in: " 2024-03-05 ", want: "2024-03-05"},
		{name: "leap day", in: "2024-02-29", want: "2024-02-29"},
		{name: "first day allowed", in: "1970-01-01", want: "1970-01-01"},
		{name: "today", in: "today", want: "2024-11-01"},
		{name: "Today any case", in: "ToDay", want: "2024-11-01"},
		{name: "yesterday", in: "yesterday", want: "2024-10-31"},
		{name: "yesterday across a month", in: "yesterday", now: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), want: "2024-02-29"},
		{name: "today is the zone's date", in: "today", now: time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC), want: "2024-07-01"},
		{name: "today in UTC", in: "today", now: time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC), loc: time.UTC, want: "2024-06-30"},
		{name: "yesterday just after midnight", in: "yesterday", now: time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC), want: "2024-06-30"},
		{name: "today itself is not the future", in: "2024-11-01", want: "2024-11-01"},
		{name: "tomorrow", in: "tomorrow", wantErr: `date "tomorrow" not understood: use YYYY-MM-DD, today or yesterday`},
		{name: "last week", in: "last week", wantErr: `date "last week" not understood: use YYYY-MM-DD, today or yesterday`},
		{name: "no zero padding", in: "2024-3-5", wantErr: `date "2024-3-5" not understood: use YYYY-MM-DD, today or yesterday`},
		{name: "day first", in: "05/03/2024", wantErr: `date "05/03/2024" not understood: use YYYY-MM-DD, today or yesterday`},
		{name: "empty", in: "", wantErr: "date is empty: use YYYY-MM-DD, today or yesterday"},
		{name: "impossible day", in: "2026-02-30", now: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), wantErr: "date 2026-02-30 does not exist: February 2026 has 28 days"},
		{name: "no leap day", in: "2023-02-29", wantErr: "date 2023-02-29 does not exist: February 2023 has 28 days"},
		{name: "day 31 of a 30-day month", in: "2024-04-31", wantErr: "date 2024-04-31 does not exist: April 2024 has 30 days"},
		{name: "day zero", in: "2024-01-00", wantErr: "date 2024-01-00 does not exist: January 2024 has 31 days"},
		{name: "month 13", in: "2024-13-01", wantErr: "date 2024-13-01 does not exist: there is no month 13"},
		{name: "month 0", in: "2024-00-10", wantErr: "date 2024-00-10 does not exist: there is no month 0"},
		{name: "before 1970", in: "1969-12-31", wantErr: "date 1969-12-31 is before 1970"},
		{name: "future", in: "2024-11-02", wantErr: "date 2024-11-02 is in the future (today is 2024-11-01 in Europe/London)"},
		{name: "far future", in: "2030-01-01", wantErr: "date 2030-01-01 is in the future (today is 2024-11-01 in Europe/London)"},
		{name: "future in this zone only", in: "2024-07-01", now: time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC), loc: time.UTC,
			wantErr: "date 2024-07-01 is in the future (today is 2024-06-30 in UTC)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, loc := tt.now, tt.loc
			if now.IsZero() {
				now = painNow
			}
			if loc == nil {
				loc = london
			}
			got, err := painlog.ParseDate(tt.in, now, loc)
			checkErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// checkErr fails unless err's text is want ("" meaning no error).
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Fatalf("no error, want %q", want)
	case want != "" && err.Error() != want:
		t.Fatalf("error:\n  %s\nwant:\n  %s", err, want)
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "07:30", want: "07:30"},
		{in: "7:30", want: "07:30"},
		{in: "0:00", want: "00:00"},
		{in: "23:59", want: "23:59"},
		{in: " 18:05 ", want: "18:05"},
		{in: "", want: ""},
		{in: "   ", want: ""},
		{in: "7:5", wantErr: `time "7:5" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
		{in: "25:10", wantErr: "time 25:10 does not exist: hours run from 00 to 23"},
		{in: "24:00", wantErr: "time 24:00 does not exist: hours run from 00 to 23"},
		{in: "12:60", wantErr: "time 12:60 does not exist: minutes run from 00 to 59"},
		{in: "7:30 pm", wantErr: `time "7:30 pm" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
		{in: "07:30:00", wantErr: `time "07:30:00" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
		{in: "0730", wantErr: `time "0730" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
		{in: "-1:00", wantErr: `time "-1:00" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
		{in: "123:00", wantErr: `time "123:00" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
		{in: "morning", wantErr: `time "morning" not understood: use HH:MM on a 24-hour clock, e.g. 07:30`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := painlog.ParseTime(tt.in)
			checkErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseTime(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseSeverity(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr string
	}{
		{in: "0", want: 0},
		{in: "10", want: 10},
		{in: " 7 ", want: 7},
		{in: "11", wantErr: "severity 11 is out of range: use 0 (none) to 10 (worst)"},
		{in: "-1", wantErr: "severity -1 is out of range: use 0 (none) to 10 (worst)"},
		{in: "99999999999999999999", wantErr: "severity 99999999999999999999 is out of range: use 0 (none) to 10 (worst)"},
		{in: "eleven", wantErr: `severity "eleven" is not a whole number: use 0 (none) to 10 (worst)`},
		{in: "6.5", wantErr: `severity "6.5" is not a whole number: use 0 (none) to 10 (worst)`},
		{in: "5/10", wantErr: `severity "5/10" is not a whole number: use 0 (none) to 10 (worst)`},
		{in: "", wantErr: "severity is empty: use a whole number from 0 (none) to 10 (worst)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := painlog.ParseSeverity(tt.in)
			checkErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseSeverity(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ev := func(date, hhmm string, mod ...func(*model.PainEvent)) model.PainEvent {
		e := model.PainEvent{LocalDate: date, LocalTime: hhmm, TZ: "Europe/London", Severity: 5, Location: "lower back"}
		for _, m := range mod {
			m(&e)
		}
		return e
	}
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name     string
		ev       model.PainEvent
		wantUTC  time.Time
		wantTime bool
		wantErr  string
	}{
		{name: "summer time", ev: ev("2024-06-01", "07:30"), wantUTC: utc("2024-06-01T06:30:00Z"), wantTime: true},
		{name: "date only", ev: ev("2024-06-01", "")},
		{name: "date only today", ev: ev("2024-11-01", "")},
		{name: "now exactly", ev: ev("2024-11-01", "12:00"), wantUTC: painNow, wantTime: true},
		{name: "later today", ev: ev("2024-11-01", "12:01"), wantErr: "2024-11-01 12:01 is in the future (it is now 2024-11-01 12:00 in Europe/London)"},
		{name: "tomorrow", ev: ev("2024-11-02", ""), wantErr: "date 2024-11-02 is in the future (today is 2024-11-01 in Europe/London)"},
		{name: "already tomorrow in Kiritimati", ev: ev("2024-11-02", "01:00", func(e *model.PainEvent) { e.TZ = "Pacific/Kiritimati" }),
			wantUTC: utc("2024-11-01T11:00:00Z"), wantTime: true},
		{name: "not yet tomorrow in Los Angeles", ev: ev("2024-11-02", "", func(e *model.PainEvent) { e.TZ = "America/Los_Angeles" }),
			wantErr: "date 2024-11-02 is in the future (today is 2024-11-01 in America/Los_Angeles)"},
		{name: "DST gap", ev: ev("2024-03-31", "01:30"),
			wantErr: "2024-03-31 01:30 does not exist in Europe/London: the clocks skipped it (daylight saving time)"},
		{name: "DST gap New York", ev: ev("2024-03-10", "02:15", func(e *model.PainEvent) { e.TZ = "America/New_York" }),
			wantErr: "2024-03-10 02:15 does not exist in America/New_York: the clocks skipped it (daylight saving time)"},
		{name: "DST overlap takes the first", ev: ev("2024-10-27", "01:30"), wantUTC: utc("2024-10-27T00:30:00Z"), wantTime: true},
		{name: "DST overlap Sydney takes the first", ev: ev("2024-04-07", "02:30", func(e *model.PainEvent) { e.TZ = "Australia/Sydney" }),
			wantUTC: utc("2024-04-06T15:30:00Z"), wantTime: true},
		{name: "impossible date", ev: ev("2023-02-30", ""), wantErr: "date 2023-02-30 does not exist: February 2023 has 28 days"},
		{name: "before 1970", ev: ev("1969-07-20", "20:17"), wantErr: "date 1969-07-20 is before 1970"},
		{name: "date word", ev: ev("today", ""), wantErr: `date "today" not understood: use YYYY-MM-DD, today or yesterday`},
		{name: "time not canonical", ev: ev("2024-06-01", "7:30"), wantErr: `time "7:30" not understood: use HH:MM`},
		{name: "impossible time", ev: ev("2024-06-01", "25:10"), wantErr: "time 25:10 does not exist: hours run from 00 to 23"},
		{name: "severity 11", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.Severity = 11 }),
			wantErr: "severity 11 is out of range: use 0 (none) to 10 (worst)"},
		{name: "severity -1", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.Severity = -1 }),
			wantErr: "severity -1 is out of range: use 0 (none) to 10 (worst)"},
		{name: "unknown zone", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.TZ = "Europe/Atlantis" }),
			wantErr: `time zone "Europe/Atlantis" is unknown: use a name like Europe/London`},
		{name: "Local", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.TZ = "Local" }),
			wantErr: `time zone "Local" is not a zone name: use a name like Europe/London`},
		{name: "no zone", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.TZ = "" }),
			wantErr: "no time zone: add a tz column or give your zone (--tz)"},
		{name: "empty location", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.Location = "" }), wantErr: "location is empty"},
		{name: "carriage return in note", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.Note = "a\r\nb" }),
			wantErr: "note holds the control character U+000D: only tabs and line breaks are kept"},
		{name: "not UTF-8", ev: ev("2024-06-01", "", func(e *model.PainEvent) { e.Note = "caf\xe9" }),
			wantErr: "note is not UTF-8 text (save the file as UTF-8)"},
		{name: "note with everything", ev: ev("2024-06-01", "", func(e *model.PainEvent) {
			e.Note = "\"sharp\" <script>alert(1)</script> '); DROP TABLE pain_events;-- née 🔥\n\tsecond line"
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, hasTime, err := painlog.Validate(tt.ev, painNow)
			checkErr(t, err, tt.wantErr)
			if !got.Equal(tt.wantUTC) || hasTime != tt.wantTime {
				t.Errorf("Validate = %v, %v; want %v, %v", got, hasTime, tt.wantUTC, tt.wantTime)
			}
		})
	}
}

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
	if err == nil || !strings.Contains(err.Error(), "a line longer than 1 MiB") {
		t.Fatalf("error %v, want a line-length error", err)
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

func TestJSONRoundTrip(t *testing.T) {
	events := painSample()
	var first bytes.Buffer
	if err := painlog.WriteJSON(&first, events); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"time": null`, `"utc": null`, `"utc": "2024-10-27T05:30:00Z"`, `"utc": "2024-10-27T00:30:00Z"`,
		`"<script>alert('x')</script> & more"`, `"tz": "America/New_York"`} {
		if !strings.Contains(first.String(), want) {
			t.Errorf("JSON lacks %s:\n%s", want, first.String())
		}
	}
	rows, err := painlog.ReadRows(bytes.NewReader(first.Bytes()), "UTC", painNow)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]model.PainEvent, len(rows))
	for i, r := range rows {
		got[i] = r.Event
	}
	if diff := cmp.Diff(events, got); diff != "" {
		t.Errorf("read back (-want +got):\n%s", diff)
	}
	if rows[1].Line != 12 {
		t.Errorf("second element starts on line %d, want 12", rows[1].Line)
	}
	var second bytes.Buffer
	if err := painlog.WriteJSON(&second, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Errorf("second write differs:\n%s\nwant:\n%s", second.String(), first.String())
	}
	var empty bytes.Buffer
	if err := painlog.WriteJSON(&empty, nil); err != nil || empty.String() != "[]\n" {
		t.Errorf("no events: %q, %v; want \"[]\\n\"", empty.String(), err)
	}
}

func TestReadRowsJSON(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		want      []model.PainEvent
		wantLines []string
	}{
		{
			name: "minimal, defaults, BOM, ignored id and utc",
			in:   "\ufeff \n[{\"date\":\"2024-03-05\",\"severity\":5},\n {\"id\":9,\"utc\":\"x\",\"date\":\"2024-03-06\",\"time\":\"7:30\",\"tz\":\"UTC\",\"severity\":2,\"location\":\"hip\",\"note\":\"n\"}]",
			want: []model.PainEvent{painCSVEvent("2024-03-05", "", 5, "lower back", ""),
				{LocalDate: "2024-03-06", LocalTime: "07:30", TZ: "UTC", Severity: 2, Location: "hip", Note: "n"}},
		},
		{name: "empty array", in: "[]", want: nil},
		{
			name: "every bad element by line",
			in: "[\n" +
				"  {\"date\": \"2024-03-05\", \"severity\": 6.5},\n" + // line 2
				"  {\"date\": \"2024-03-05\", \"severity\": \"high\"},\n" + // line 3
				"  {\"date\": \"2024-03-05\"},\n" + // line 4
				"  {\"date\": \"2024-03-05\", \"severity\": 5, \"mood\": \"bad\"},\n" + // line 5
				"  17,\n" + // line 6
				"  {\"date\": 20240305, \"severity\": 5},\n" + // line 7
				"  {\"date\": \"2024-03-05\", \"severity\": 5}\n" + // line 8: fine
				"]\n",
			wantLines: []string{
				`line 2: severity "6.5" is not a whole number: use 0 (none) to 10 (worst)`,
				"line 3: severity must be a number from 0 to 10",
				"line 4: severity is missing",
				`line 5: unknown field "mood" (want date, time, severity, location, note, and optionally tz, id, utc)`,
				"line 6: not a JSON object",
				"line 7: date must be a string",
			},
		},
		{
			name:      "syntax error",
			in:        "[\n{\"date\": \"2024-03-05\", \"severity\": 5},\n{\"date\": }\n]",
			wantLines: []string{"line 3: unreadable JSON: invalid character '}' looking for beginning of value"},
		},
		{
			name:      "cut short",
			in:        "[\n{\"date\": \"2024-03-05\", \"severity\": 5},\n",
			wantLines: []string{"line 3: unreadable JSON: the array does not end"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := painlog.ReadRows(strings.NewReader(tt.in), "Europe/London", painNow)
			if tt.wantLines != nil {
				var pe *painlog.BadLinesError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v (%T), want a *BadLinesError", err, err)
				}
				if diff := cmp.Diff(tt.wantLines, pe.Lines); diff != "" {
					t.Errorf("bad lines (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []model.PainEvent
			for _, r := range rows {
				got = append(got, r.Event)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
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

func ExampleReadCSV() {
	csv := "date,time,severity,location,note\n" +
		"2024-03-05,07:30,5,,\"Tight after 3 km, \"\"sharp\"\" on the hill\"\n" +
		"2024-03-06,,2,hip,\n"
	now := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	events, err := painlog.ReadCSV(strings.NewReader(csv), "Europe/London", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range events {
		fmt.Printf("%s %q %d %s %q\n", e.LocalDate, e.LocalTime, e.Severity, e.Location, e.Note)
	}
	_, err = painlog.ReadCSV(strings.NewReader("date,time,severity,location,note\n2024-02-30,,5,,\n2024-03-05,7:5,eleven,,\n"), "Europe/London", now)
	fmt.Println(err)
	// Output:
	// 2024-03-05 "07:30" 5 lower back "Tight after 3 km, \"sharp\" on the hill"
	// 2024-03-06 "" 2 hip ""
	// line 2: date 2024-02-30 does not exist: February 2024 has 29 days
	// line 3: time "7:5" not understood: use HH:MM on a 24-hour clock, e.g. 07:30; severity "eleven" is not a whole number: use 0 (none) to 10 (worst)
}

// FuzzReadRows feeds arbitrary bytes to ReadRows (CSV and JSON). It
// must not panic; whatever it accepts must be valid events that survive a
// CSV and a JSON round trip unchanged. Besides the seeds below, the corpus in
// testdata/fuzz/FuzzReadRows holds a Strong lifting log (a CSV that is
// not a pain log), a JSON export and the synthetic athlete's pain.csv.
func FuzzReadRows(f *testing.F) {
	f.Add([]byte("date,time,severity,location,note,tz\n2024-03-05,07:30,5,lower back,,Europe/London\n"))
	f.Add([]byte("\ufeffNote,Severity,Date,Time,Location\n\"a, \"\"b\"\"\nc\",3,2024-10-27,1:30,\n"))
	f.Add([]byte("date,time,severity,location,note\n2026-02-30,25:10,eleven,,\ntomorrow,7:5,6.5,,\n"))
	f.Add([]byte("[{\"date\":\"2024-03-05\",\"time\":null,\"severity\":5,\"note\":\"<b>\"}]"))
	var b bytes.Buffer
	if err := painlog.WriteCSV(&b, painSample()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := painlog.ReadRows(bytes.NewReader(data), "Europe/London", painNow)
		if err != nil {
			var pe *painlog.BadLinesError
			if errors.As(err, &pe) && (len(pe.Lines) == 0 || rows != nil) {
				t.Fatalf("BadLinesError with %d lines and %d rows", len(pe.Lines), len(rows))
			}
			return
		}
		events := make([]model.PainEvent, len(rows))
		for i, r := range rows {
			if _, _, err := painlog.Validate(r.Event, painNow); err != nil {
				t.Fatalf("accepted an invalid event %+v: %v", r.Event, err)
			}
			if i > 0 && r.Line <= rows[i-1].Line {
				t.Fatalf("row lines not increasing: %d then %d", rows[i-1].Line, r.Line)
			}
			events[i] = r.Event
		}
		var c bytes.Buffer
		if err := painlog.WriteCSV(&c, events); err != nil {
			t.Fatal(err)
		}
		back, err := painlog.ReadCSV(bytes.NewReader(c.Bytes()), "UTC", painNow)
		if err != nil {
			t.Fatalf("CSV of accepted events unreadable: %v\n%s", err, c.String())
		}
		if diff := cmp.Diff(events, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("CSV round trip (-want +got):\n%s", diff)
		}
		var j bytes.Buffer
		if err := painlog.WriteJSON(&j, events); err != nil {
			t.Fatal(err)
		}
		jrows, err := painlog.ReadRows(bytes.NewReader(j.Bytes()), "UTC", painNow)
		if err != nil {
			t.Fatalf("JSON of accepted events unreadable: %v\n%s", err, j.String())
		}
		if len(jrows) != len(events) {
			t.Fatalf("JSON round trip: %d events, want %d", len(jrows), len(events))
		}
		for i := range jrows {
			if jrows[i].Event != events[i] {
				t.Fatalf("JSON round trip event %d: %+v, want %+v", i, jrows[i].Event, events[i])
			}
		}
	})
}
