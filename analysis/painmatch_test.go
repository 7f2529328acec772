package analysis_test

import (
	"math"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

func TestPainMatchWords(t *testing.T) {
	// Run 211 on the 4th (07:02–08:02 London, GMT), run 212 on the 5th.
	runs := []analysis.ReportRun{
		{ID: 211, Start: time.Date(2024, 3, 4, 7, 2, 0, 0, time.UTC), ElapsedS: 3600, LocalDate: "2024-03-04", DistanceM: 10400},
		{ID: 212, Start: time.Date(2024, 3, 5, 7, 2, 0, 0, time.UTC), ElapsedS: 3600, LocalDate: "2024-03-05", DistanceM: math.NaN()},
		{ID: 213, Start: time.Date(2024, 3, 9, 23, 30, 0, 0, time.UTC), ElapsedS: 5400, LocalDate: "2024-03-09", DistanceM: 5000},
	}
	ev := func(date, clock string) model.PainEvent {
		return model.PainEvent{LocalDate: date, LocalTime: clock, TZ: "Europe/London", Severity: 5, Location: "lower back"}
	}
	tests := []struct {
		name string
		e    model.PainEvent
		want string
	}{
		{"during", ev("2024-03-04", "07:26"), "during run 211 (07:02, 10.4 km), 24 min in"},
		{"at the start", ev("2024-03-04", "07:02"), "no run in the 24 h before"},
		{"after, whole hours", ev("2024-03-04", "11:02"), "after run 211 (07:02, 10.4 km), 3 h after it ended"},
		{"after, hours and minutes", ev("2024-03-04", "11:22"), "after run 211 (07:02, 10.4 km), 3 h 20 min after it ended"},
		{"no distance", ev("2024-03-05", "07:10"), "during run 212 (07:02), 8 min in"},
		{"too late", ev("2024-03-07", "09:00"), "no run in the 24 h before"},
		{"date-only with a run", ev("2024-03-05", ""), "with run 212 (07:02), the last run that day"},
		{"date-only without", ev("2024-03-06", ""), "no run that day"},
		{"run on the day before", ev("2024-03-10", "00:10"), "during run 213 (2024-03-09 23:30, 5.0 km), 40 min in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := analysis.LinkPain(runs, []model.PainEvent{tt.e})[0]
			if got := analysis.PainMatchWords(tt.e, l, runs); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0 min", 29 * time.Second: "0 min", 24 * time.Minute: "24 min", 59*time.Minute + 40*time.Second: "1 h",
		3 * time.Hour: "3 h", 3*time.Hour + 20*time.Minute: "3 h 20 min", 47 * time.Hour: "47 h",
		48 * time.Hour: "2 d", 53*time.Hour + 10*time.Minute: "2 d 5 h", -90 * time.Minute: "1 h 30 min",
	} {
		if got := analysis.Span(d); got != want {
			t.Errorf("Span(%v) = %q, want %q", d, got, want)
		}
	}
}
