package app

import (
	"context"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// PainMatch is what one pain event was matched to by the outcome rule
// (docs/definitions.md).
type PainMatch struct {
	// Link is the event's link from analysis.LinkPain.
	Link analysis.PainLink
	// Run is the run it belongs to; nil when none.
	Run *analysis.ReportRun
	// Words say it: "during run 212 (07:02, 10.4 km), 24 min in", "after
	// run 211 (07:02, 10.4 km), 3 h after it ended", "no run in the 24 h
	// before" (see analysis.PainMatchWords).
	Words string
}

// MatchPain applies the report's outcome rule to events (in any order) and
// returns what each was matched to: out[i] is for events[i]. It reads only
// the runs of the days around the events, in one short read.
func (a *App) MatchPain(ctx context.Context, events []model.PainEvent) ([]PainMatch, error) {
	if len(events) == 0 {
		return nil, nil
	}
	first, last := events[0].LocalDate, events[0].LocalDate
	for _, e := range events[1:] {
		first, last = min(first, e.LocalDate), max(last, e.LocalDate)
	}
	// A run up to a day (PainAfterRun) before the event, in a zone up to
	// a day off the event's: two days either side cover it.
	f := store.SessionFilter{Since: shiftDate(first, -2), Until: shiftDate(last, 2), Sport: model.Running}
	list, err := a.DB.ListSessions(ctx, f)
	if err != nil {
		return nil, err
	}
	runs := make([]analysis.ReportRun, len(list))
	for i := range list {
		runs[i] = reportRun(&list[i])
	}
	links := analysis.LinkPain(runs, events)
	out := make([]PainMatch, len(events))
	for i, l := range links {
		out[i] = PainMatch{Link: l, Words: analysis.PainMatchWords(events[i], l, runs)}
		if l.Run >= 0 {
			r := runs[l.Run]
			out[i].Run = &r
		}
	}
	return out, nil
}

// reportRun is a stored run as the report needs it, without its exposure.
func reportRun(s *store.StoredSession) analysis.ReportRun {
	return analysis.ReportRun{ID: s.ID, Start: s.Start, ElapsedS: s.ElapsedS, LocalDate: s.LocalDate(),
		DistanceM: s.DistanceM, Indoor: analysis.IsIndoor(s.SubSport), Exposure: model.Exposure{SessionID: s.ID}}
}

// shiftDate returns the YYYY-MM-DD date days after date ("" stays "", and
// so does a date that does not parse: the filter then refuses it).
func shiftDate(date string, days int) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, days).Format(time.DateOnly)
}
