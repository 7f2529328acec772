package painlog_test

import (
	"testing"
	"time"

	"github.com/backtrack/backtrack/painlog"
)

func TestParseClock(t *testing.T) {
	now := time.Date(2024, 3, 5, 18, 42, 10, 0, time.UTC)
	const forms = "use HH:MM (24-hour clock, e.g. 18:30), 6:30pm, 6pm or now"
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "now", want: "18:42"},
		{in: " NOW ", want: "18:42"},
		{in: "18:30", want: "18:30"},
		{in: "7:30", want: "07:30"},
		{in: "", want: ""},
		{in: "6:30pm", want: "18:30"},
		{in: "6pm", want: "18:00"},
		{in: "6:30 PM", want: "18:30"},
		{in: "6 am", want: "06:00"},
		{in: "06:05am", want: "06:05"},
		{in: "12am", want: "00:00"},
		{in: "12:15am", want: "00:15"},
		{in: "12pm", want: "12:00"},
		{in: "12:45 pm", want: "12:45"},
		{in: "11:59pm", want: "23:59"},
		{in: "13pm", wantErr: "time 13pm does not exist: on a 12-hour clock hours run from 1 to 12"},
		{in: "0am", wantErr: "time 0am does not exist: on a 12-hour clock hours run from 1 to 12"},
		{in: "6:60pm", wantErr: "time 6:60pm does not exist: minutes run from 00 to 59"},
		{in: "25:10", wantErr: "time 25:10 does not exist: hours run from 00 to 23"},
		{in: "7:5", wantErr: `time "7:5" not understood: ` + forms},
		{in: "6:3pm", wantErr: `time "6:3pm" not understood: ` + forms},
		{in: "pm", wantErr: `time "pm" not understood: ` + forms},
		{in: "six pm", wantErr: `time "six pm" not understood: ` + forms},
		{in: "18:30pm", wantErr: "time 18:30pm does not exist: on a 12-hour clock hours run from 1 to 12"},
		{in: "morning", wantErr: `time "morning" not understood: ` + forms},
		{in: "now-ish", wantErr: `time "now-ish" not understood: ` + forms},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := painlog.ParseClock(tt.in, now)
			checkErr(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("ParseClock(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzParseClock: whatever ParseClock accepts is a time ParseTime (and so
// the store) accepts unchanged.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"now", "18:30", "6:30pm", "6pm", "6:30 PM", "12am", "13pm", "7:5", ""} {
		f.Add(s)
	}
	now := time.Date(2024, 3, 5, 18, 42, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := painlog.ParseClock(s, now)
		if err != nil || got == "" {
			return
		}
		if back, err := painlog.ParseTime(got); err != nil || back != got {
			t.Fatalf("ParseClock(%q) = %q, which ParseTime reads as %q, %v", s, got, back, err)
		}
	})
}
