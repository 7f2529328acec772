package analysis

import (
	"sort"
	"time"

	"github.com/backtrack/backtrack/model"
)

// PainLink is where one pain event falls under the outcome rule.
type PainLink struct {
	// Run is the index (into the runs given) of the run the event belongs
	// to, or −1 when it belongs to none.
	Run int
	// During reports an event timed inside its run.
	During bool
	// At is the event's instant; zero for a date-only event.
	At time.Time
	// Ref is the end of the event's case-crossover hazard window: At for a
	// timed event; for a date-only event the end of its run, or the end of
	// its local day when it belongs to no run; zero when the day cannot be
	// placed (a zone that does not load).
	Ref time.Time
	// Onset is the instant from which the event shows pain under way (an
	// episode's onset): At for a timed event; for a date-only event the end
	// of its run (so that the run itself is still at risk), or the start of
	// its local day when it belongs to no run; zero when the day cannot be
	// placed.
	Onset time.Time
}

// LinkPain applies the outcome rule (docs/definitions.md): each pain event belongs to at
// most one run, the last run that started before it, if it came during that
// run or within PainAfterRun after it ended; a date-only event belongs to the
// last run on that local date. runs must be sorted by start. Out[i] is for
// events[i].
func LinkPain(runs []ReportRun, events []model.PainEvent) []PainLink {
	out := make([]PainLink, len(events))
	for i, e := range events {
		l := PainLink{Run: -1}
		if ins := e.Instants(); len(ins) > 0 {
			t := ins[0]
			l.At, l.Ref, l.Onset = t, t, t
			// The last run that started before t.
			k := sort.Search(len(runs), func(j int) bool { return !runs[j].Start.Before(t) }) - 1
			if k >= 0 {
				end := runs[k].End()
				switch {
				case !t.After(end):
					l.Run, l.During = k, true
				case !t.After(end.Add(PainAfterRun)):
					l.Run = k
				}
			}
		} else {
			for k := len(runs) - 1; k >= 0; k-- {
				if runs[k].LocalDate == e.LocalDate {
					l.Run = k
					break
				}
			}
			if l.Run >= 0 {
				l.Ref = runs[l.Run].End()
				l.Onset = l.Ref
			} else {
				l.Onset, l.Ref = localDay(e)
			}
		}
		out[i] = l
	}
	return out
}

// localDay returns the start and the end of a date-only event's local day
// (its midnight and the midnight after it), or zero times when its date or
// zone do not parse.
func localDay(e model.PainEvent) (start, end time.Time) {
	loc, err := time.LoadLocation(e.TZ)
	if err != nil || e.TZ == "" {
		return time.Time{}, time.Time{}
	}
	d, err := time.ParseInLocation(time.DateOnly, e.LocalDate, loc)
	if err != nil {
		return time.Time{}, time.Time{}
	}
	return d.UTC(), d.AddDate(0, 0, 1).UTC()
}

// chartInstant places an event on the timeline: its instant, or midday of
// its local date.
func chartInstant(e model.PainEvent, l PainLink) time.Time {
	if !l.At.IsZero() {
		return l.At
	}
	loc, err := time.LoadLocation(e.TZ)
	if err != nil || e.TZ == "" {
		loc = time.UTC
	}
	d, err := time.ParseInLocation(time.DateOnly, e.LocalDate, loc)
	if err != nil {
		return time.Time{}
	}
	return d.Add(12 * time.Hour).UTC()
}
