package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/backtrack/backtrack/model"
)

// PainMatchWords says in words what pain event e was matched to by the
// outcome rule (docs/definitions.md), l being its link from [LinkPain]
// over runs:
//
//   - "during run 212 (07:02, 10.4 km), 24 min in" for a timed event
//     during its run;
//   - "after run 211 (07:02, 10.4 km), 3 h after it ended" for one within
//     PainAfterRun after its run;
//   - "with run 211 (07:02, 10.4 km), the last run that day" for a
//     date-only event;
//   - "no run in the 24 h before" (timed) or "no run that day" (date-only)
//     when it belongs to no run.
//
// A run's start is shown in the event's zone, with its date when that is
// not the event's; the distance is left out when unknown.
func PainMatchWords(e model.PainEvent, l PainLink, runs []ReportRun) string {
	if l.Run < 0 || l.Run >= len(runs) {
		if e.LocalTime == "" || l.At.IsZero() {
			return "no run that day"
		}
		return fmt.Sprintf("no run in the %.0f h before", PainAfterRun.Hours())
	}
	r := runs[l.Run]
	what := fmt.Sprintf("run %d (%s)", r.ID, runLabel(r, e))
	switch {
	case l.At.IsZero():
		return "with " + what + ", the last run that day"
	case l.During:
		return fmt.Sprintf("during %s, %s in", what, Span(l.At.Sub(r.Start)))
	}
	return fmt.Sprintf("after %s, %s after it ended", what, Span(l.At.Sub(r.End())))
}

// runLabel is a run's start time in e's zone (with its date when that is
// not e's date) and its distance: "07:02, 10.4 km".
func runLabel(r ReportRun, e model.PainEvent) string {
	loc, err := time.LoadLocation(e.TZ)
	if err != nil || e.TZ == "" {
		loc = time.UTC
	}
	start := r.Start.In(loc)
	s := start.Format("15:04")
	if d := start.Format(time.DateOnly); d != e.LocalDate {
		s = d + " " + s
	}
	if !math.IsNaN(r.DistanceM) && r.DistanceM > 0 {
		s += fmt.Sprintf(", %.1f km", r.DistanceM/1000)
	}
	return s
}

// Span writes a duration for people, rounded to the minute: "24 min",
// "3 h", "3 h 20 min", "2 d 5 h" (from two days on, to the hour).
func Span(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 60:
		return fmt.Sprintf("%d min", m)
	case m < 48*60:
		if m%60 == 0 {
			return fmt.Sprintf("%d h", m/60)
		}
		return fmt.Sprintf("%d h %d min", m/60, m%60)
	}
	h := int(d.Round(time.Hour) / time.Hour)
	if h%24 == 0 {
		return fmt.Sprintf("%d d", h/24)
	}
	return fmt.Sprintf("%d d %d h", h/24, h%24)
}
