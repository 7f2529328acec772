package app

import (
	"context"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// ActivityBefore is how far before a period Activity also reads sessions,
// so that each pain event's 72 hours before can be shown.
const ActivityBefore = 72

// Activity is what happened over a span of local dates: the sessions,
// which strength sessions had deadlifts, and the pain events with what
// each was matched to.
type Activity struct {
	// Sessions are the sessions of every sport from ActivityBefore hours
	// (three days) before the span to its end, in start order, without
	// samples, laps or sets.
	Sessions []store.StoredSession
	// Deadlift holds the IDs of the sessions whose stored metrics count
	// deadlift sets.
	Deadlift map[int64]bool
	// Pain are the pain events of the span, by date and time; Matches[i]
	// is what Pain[i] was matched to.
	Pain    []model.PainEvent
	Matches []PainMatch
}

// Activity returns what happened between the local dates since and until
// (YYYY-MM-DD, both included). It only reads, in a few short read
// transactions, so that it neither waits for nor holds up an import in
// another process; metrics not yet computed are simply missing.
func (a *App) Activity(ctx context.Context, since, until string) (*Activity, error) {
	f := store.SessionFilter{Since: shiftDate(since, -ActivityBefore/24), Until: until}
	list, err := a.DB.ListSessions(ctx, f)
	if err != nil {
		return nil, err
	}
	ms, err := a.DB.ListMetrics(ctx, f)
	if err != nil {
		return nil, err
	}
	act := &Activity{Sessions: list, Deadlift: map[int64]bool{}}
	for id, m := range ms {
		if m.Strength != nil && m.Strength.DeadliftSets > 0 {
			act.Deadlift[id] = true
		}
	}
	if act.Pain, err = a.DB.ListPain(ctx, since, until); err != nil {
		return nil, err
	}
	if act.Matches, err = a.MatchPain(ctx, act.Pain); err != nil {
		return nil, err
	}
	return act, nil
}

// IsStrength reports whether stored session s is strength work: its sport
// is strength or it holds strength sets (analysis.HasStrength, with the sets
// a listed session counts in NSets but does not load).
func IsStrength(s *store.StoredSession) bool {
	return analysis.HasStrength(&s.Session) || s.NSets > 0
}

// RunPain returns the pain events that the outcome rule matches to session
// id, with what each was matched to. It only reads.
func (a *App) RunPain(ctx context.Context, s *store.StoredSession) ([]model.PainEvent, []PainMatch, error) {
	if s.Sport != model.Running {
		return nil, nil, nil
	}
	date := s.LocalDate()
	// Timed events up to a day after the run ends, which may be two local
	// dates on (a long run across midnight), in zones a day apart.
	pain, err := a.DB.ListPain(ctx, shiftDate(date, -1), shiftDate(date, 3))
	if err != nil {
		return nil, nil, err
	}
	ms, err := a.MatchPain(ctx, pain)
	if err != nil {
		return nil, nil, err
	}
	var outE []model.PainEvent
	var outM []PainMatch
	for i, m := range ms {
		if m.Run != nil && m.Run.ID == s.ID {
			outE, outM = append(outE, pain[i]), append(outM, m)
		}
	}
	return outE, outM, nil
}

// PainEvent returns pain event id. An unknown ID wraps ErrUnknownPain.
func (a *App) PainEvent(ctx context.Context, id int64) (model.PainEvent, error) {
	e, err := a.DB.GetPain(ctx, id)
	if err != nil {
		return e, painNotFound(id, err)
	}
	return e, nil
}

// LastDate returns the latest local date with a session or a pain event,
// or "" when there are none.
func (a *App) LastDate(ctx context.Context) (string, error) {
	list, err := a.DB.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		return "", err
	}
	last := ""
	if n := len(list); n > 0 {
		last = list[n-1].LocalDate()
	}
	pain, err := a.DB.ListPain(ctx, last, "")
	if err != nil {
		return "", err
	}
	if n := len(pain); n > 0 && pain[n-1].LocalDate > last {
		last = pain[n-1].LocalDate
	}
	return last, nil
}
