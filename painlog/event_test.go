package painlog_test

import (
	"testing"
	"time"

	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

// painNow is the fixed clock of the pain tests: Friday 1 November 2024,
// 12:00 UTC (12:00 GMT in London, the summer time having ended on 27 October).
var painNow = time.Date(2024, 11, 1, 12, 0, 0, 0, time.UTC)

func TestParseDate(t *testing.T) {
	london := testutil.Zone(t, "Europe/London")
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

func TestDescribe(t *testing.T) {
	tests := []struct {
		name string
		ev   model.PainEvent
		want string
	}{
		{"timed", model.PainEvent{LocalDate: "2024-03-05", LocalTime: "07:30", TZ: "Europe/London", Severity: 5, Location: "lower back", Note: "not shown"},
			"2024-03-05 07:30 Europe/London, severity 5, lower back"},
		{"date only", model.PainEvent{LocalDate: "2024-03-05", TZ: "UTC", Severity: 0, Location: "left glute"},
			"2024-03-05 UTC, severity 0, left glute"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := painlog.Describe(tt.ev); got != tt.want {
				t.Errorf("Describe = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestOverlapNote(t *testing.T) {
	tests := []struct {
		name string
		ev   model.PainEvent
		want string
	}{
		{"London overlap", model.PainEvent{LocalDate: "2024-10-27", LocalTime: "01:30", TZ: "Europe/London"},
			"01:30 on 2024-10-27 happened twice in Europe/London (the clocks went back); taking the first, 00:30 UTC (the second was 01:30 UTC)"},
		{"New York overlap", model.PainEvent{LocalDate: "2024-11-03", LocalTime: "01:30", TZ: "America/New_York"},
			"01:30 on 2024-11-03 happened twice in America/New_York (the clocks went back); taking the first, 05:30 UTC (the second was 06:30 UTC)"},
		{"once", model.PainEvent{LocalDate: "2024-06-01", LocalTime: "07:30", TZ: "Europe/London"}, ""},
		{"gap", model.PainEvent{LocalDate: "2024-03-31", LocalTime: "01:30", TZ: "Europe/London"}, ""},
		{"date only", model.PainEvent{LocalDate: "2024-10-27", TZ: "Europe/London"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := painlog.OverlapNote(tt.ev); got != tt.want {
				t.Errorf("OverlapNote:\n  %q\nwant:\n  %q", got, tt.want)
			}
		})
	}
}
