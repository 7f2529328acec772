package model

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPainEventInstants(t *testing.T) {
	utc := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name string
		ev   PainEvent
		want []time.Time
	}{
		{"summer time", PainEvent{LocalDate: "2024-06-01", LocalTime: "07:30", TZ: "Europe/London"},
			[]time.Time{utc("2024-06-01T06:30:00Z")}},
		{"winter time", PainEvent{LocalDate: "2024-01-15", LocalTime: "23:59", TZ: "Europe/London"},
			[]time.Time{utc("2024-01-15T23:59:00Z")}},
		{"gap London", PainEvent{LocalDate: "2024-03-31", LocalTime: "01:30", TZ: "Europe/London"}, nil},
		{"gap New York", PainEvent{LocalDate: "2024-03-10", LocalTime: "02:00", TZ: "America/New_York"}, nil},
		{"just after gap", PainEvent{LocalDate: "2024-03-31", LocalTime: "02:00", TZ: "Europe/London"},
			[]time.Time{utc("2024-03-31T01:00:00Z")}},
		{"overlap London", PainEvent{LocalDate: "2024-10-27", LocalTime: "01:30", TZ: "Europe/London"},
			[]time.Time{utc("2024-10-27T00:30:00Z"), utc("2024-10-27T01:30:00Z")}},
		{"overlap New York", PainEvent{LocalDate: "2024-11-03", LocalTime: "01:30", TZ: "America/New_York"},
			[]time.Time{utc("2024-11-03T05:30:00Z"), utc("2024-11-03T06:30:00Z")}},
		{"overlap Sydney", PainEvent{LocalDate: "2024-04-07", LocalTime: "02:30", TZ: "Australia/Sydney"},
			[]time.Time{utc("2024-04-06T15:30:00Z"), utc("2024-04-06T16:30:00Z")}},
		{"half-hour overlap Lord Howe", PainEvent{LocalDate: "2024-04-07", LocalTime: "01:45", TZ: "Australia/Lord_Howe"},
			[]time.Time{utc("2024-04-06T14:45:00Z"), utc("2024-04-06T15:15:00Z")}},
		{"skipped day Samoa", PainEvent{LocalDate: "2011-12-30", LocalTime: "12:00", TZ: "Pacific/Apia"}, nil},
		{"quarter-hour zone", PainEvent{LocalDate: "2024-05-01", LocalTime: "06:00", TZ: "Asia/Kathmandu"},
			[]time.Time{utc("2024-05-01T00:15:00Z")}},
		{"UTC", PainEvent{LocalDate: "1970-01-01", LocalTime: "00:00", TZ: "UTC"}, []time.Time{time.Unix(0, 0).UTC()}},
		{"date only", PainEvent{LocalDate: "2024-06-01", TZ: "Europe/London"}, nil},
		{"no such day", PainEvent{LocalDate: "2026-02-30", LocalTime: "10:00", TZ: "Europe/London"}, nil},
		{"hour 24", PainEvent{LocalDate: "2024-06-01", LocalTime: "24:00", TZ: "Europe/London"}, nil},
		{"short time", PainEvent{LocalDate: "2024-06-01", LocalTime: "7:30", TZ: "Europe/London"}, nil},
		{"unknown zone", PainEvent{LocalDate: "2024-06-01", LocalTime: "07:30", TZ: "Mars/Olympus"}, nil},
		{"Local is not a zone name", PainEvent{LocalDate: "2024-06-01", LocalTime: "07:30", TZ: "Local"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.ev.Instants()
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(time.Time.Equal)); diff != "" {
				t.Errorf("Instants() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
