package analysis

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// The kinds of match of a diary entry (DiaryMatch.Kind); stable, as the
// JSON carries them.
const (
	// MatchDuring is a timed event that came during its run.
	MatchDuring = "during"
	// MatchAfter is a timed event that came within PainAfterRun after its
	// run ended.
	MatchAfter = "after"
	// MatchSameDay is a date-only event (or one whose time cannot be
	// placed) that goes with the last run of its day: whether it came
	// during or after that run is not known.
	MatchSameDay = "same_day"
	// MatchNone is an event that belongs to no run.
	MatchNone = "none"
)

// DiaryEntry is one pain event of the report's period, as logged, with
// what the outcome rule matched it to: the whole diary, for the runner
// and for whoever they show it to.
type DiaryEntry struct {
	// ID is the pain event's ID (`backtrack pain edit ID`).
	ID int64 `json:"id"`
	// Date and Time are the event's local date and time as logged (Time
	// "" for a date-only event); TZ names their zone.
	Date string `json:"date"`
	Time string `json:"time"`
	TZ   string `json:"tz"`
	// Severity, Location and Note are as logged (the note verbatim:
	// renderers escape it).
	Severity int    `json:"severity"`
	Location string `json:"location"`
	Note     string `json:"note"`
	// Matched is the run it belongs to under the outcome rule, if any.
	Matched DiaryMatch `json:"matched"`
}

// DiaryMatch says which run a pain event belongs to (docs/definitions.md,
// the outcome rule).
type DiaryMatch struct {
	// Kind is MatchDuring, MatchAfter, MatchSameDay or MatchNone.
	Kind string `json:"kind"`
	// RunID is the run's session ID (`backtrack sessions show ID`);
	// RunStart its start (UTC), RunDate its local date and RunKm its
	// distance in km (null when unknown). All are left out for MatchNone.
	RunID    int64     `json:"run_id,omitempty"`
	RunStart time.Time `json:"run_start,omitzero"`
	RunDate  string    `json:"run_date,omitempty"`
	RunKm    *Num      `json:"run_km,omitempty"`
	// MinutesIn is how far into the run a MatchDuring event came, in
	// minutes (one decimal); HoursAfter how long after the run's end a
	// MatchAfter event came, in hours (one decimal). Each is present only
	// for its kind.
	MinutesIn  *Num `json:"minutes_in,omitempty"`
	HoursAfter *Num `json:"hours_after,omitempty"`
}

// diary lists every pain event of severity 1 or more (the events the
// outcome rule links) in time order, each with its match.
func (b *builder) diary() {
	d := make([]DiaryEntry, 0, len(b.pain))
	for i, e := range b.pain {
		l := b.links[i]
		de := DiaryEntry{ID: e.ID, Date: e.LocalDate, Time: e.LocalTime, TZ: e.TZ,
			Severity: e.Severity, Location: e.Location, Note: e.Note, Matched: DiaryMatch{Kind: MatchNone}}
		if l.Run >= 0 {
			run := b.runs[l.Run]
			m := &de.Matched
			m.RunID, m.RunStart, m.RunDate = run.ID, run.Start.UTC(), run.LocalDate
			km := Num(math.NaN())
			if run.DistanceM >= 0 && !math.IsInf(run.DistanceM, 0) {
				km = Num(math.Round(run.DistanceM/100) / 10)
			}
			m.RunKm = &km
			switch {
			case l.At.IsZero():
				m.Kind = MatchSameDay
			case l.During:
				m.Kind = MatchDuring
				v := Num(math.Round(l.At.Sub(run.Start).Minutes()*10) / 10)
				m.MinutesIn = &v
			default:
				m.Kind = MatchAfter
				v := Num(math.Round(l.At.Sub(run.End()).Hours()*10) / 10)
				m.HoursAfter = &v
			}
		}
		d = append(d, de)
	}
	slices.SortStableFunc(d, func(x, y DiaryEntry) int {
		return cmp.Or(cmp.Compare(x.Date, y.Date), cmp.Compare(x.Time, y.Time), cmp.Compare(x.ID, y.ID))
	})
	b.rep.Diary = d
}
