package app

import (
	"context"
	"fmt"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// Sessions returns the sessions f selects, in start order, without their
// samples.
func (a *App) Sessions(ctx context.Context, f store.SessionFilter) ([]store.StoredSession, error) {
	return a.DB.ListSessions(ctx, f)
}

// SessionDetail is one session with everything `sessions show` tells.
type SessionDetail struct {
	// Session is the session with its laps, sets and samples.
	Session *store.StoredSession
	// SamplesErr says that the session's stored samples could not be read
	// (a *store.SampleError: missing or damaged); Session's Samples are
	// then empty, and its metrics were computed without them.
	SamplesErr error
	// Metrics are its stored metrics, when Analysed.
	Metrics  model.Metrics
	Analysed bool
	// Settings are the configured settings (the defaults when they cannot
	// be read), which the metrics' flags follow.
	Settings analysis.Settings
	// Hilly and CadenceDrift are a run's flags from its metrics under
	// Settings; FlagUnknown when it was not analysed.
	Hilly, CadenceDrift model.Flag
	// Categories sum its strength sets by exercise category.
	Categories []analysis.CategoryTotals
	// Links are the other sources of the same activity.
	Links []store.LinkedSource
}

// Session returns session id with its laps, sets, samples, metrics (brought
// up to date first, as Metrics does: a failure is a warning), its strength
// sets by category and the other sources of the same activity. An unknown ID wraps ErrUnknownSession.
func (a *App) Session(ctx context.Context, id int64) (*SessionDetail, error) {
	s, err := a.DB.GetSession(ctx, id, true)
	if err != nil {
		return nil, sessionNotFound(id, err)
	}
	d := &SessionDetail{Session: s, SamplesErr: s.SamplesErr}
	var ms map[int64]model.Metrics
	ms, d.Settings = a.Metrics(ctx, store.SessionFilter{})
	d.Metrics, d.Analysed = ms[s.ID]
	if d.Analysed {
		d.Hilly, d.CadenceDrift = d.Settings.Hilly(d.Metrics.Hills.ClimbPerKm), d.Settings.CadenceDrift(d.Metrics.Drift.CadenceDriftPct)
	}
	d.Categories = analysis.StrengthByCategory(&s.Session)
	if d.Links, err = a.DB.LinkedSources(ctx, s.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// Samples returns session id's samples. An unknown ID wraps
// ErrUnknownSession.
func (a *App) Samples(ctx context.Context, id int64) (*model.Samples, error) {
	if _, err := a.DB.GetSession(ctx, id, false); err != nil {
		return nil, sessionNotFound(id, err)
	}
	smp, err := a.DB.Samples(ctx, id)
	if err != nil {
		return nil, err
	}
	return &smp, nil
}

// sessionNotFound marks the store's not-found error of session id as
// ErrUnknownSession, worded for the user.
func sessionNotFound(id int64, err error) error {
	if errNotFound(err) {
		return withKind(ErrUnknownSession, fmt.Errorf("no session with ID %d", id))
	}
	return err
}

// SessionEdit is a user's correction of a session: a sport, a time zone,
// or both (see store.EditSession).
type SessionEdit = store.SessionEdit

// ErrOffsetRecorded is returned (wrapped) by EditSession for a zone
// correction of a session whose device recorded its offset.
var ErrOffsetRecorded = store.ErrOffsetRecorded

// EditSession corrects session id as e says, keyed on its files so that
// the correction survives a re-import, and brings the metrics up to date
// (a run that was "other" enters the analysis). It returns the session's
// detail after the edit (its ID may change when the correction makes it
// another recording of a neighbouring session). An unknown ID wraps
// ErrUnknownSession.
func (a *App) EditSession(ctx context.Context, id int64, e SessionEdit) (*SessionDetail, error) {
	out, err := a.DB.EditSession(ctx, id, e)
	if err != nil {
		return nil, sessionNotFound(id, err)
	}
	if _, err := a.UpdateMetrics(ctx, false); err != nil {
		a.warnMetrics(err)
	}
	return a.Session(ctx, out.ID)
}
