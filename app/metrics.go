package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// metricsBatch is how many sessions' metrics are stored per transaction
// while analysing.
const metricsBatch = 256

// MetricsUpdate says what UpdateMetrics did.
type MetricsUpdate struct {
	// Analysed counts the sessions whose metrics were computed and stored.
	Analysed int
	// Exposures counts the runs whose exposures were computed and stored.
	Exposures int
}

// UpdateMetrics brings the stored metrics up to date for the configured
// settings. Unless all is set it first checks whether anything is out of
// date and does nothing when not. It computes the metrics of every session
// whose metrics are missing or out of date (every session with all),
// streaming them one at a time with their samples, stores them in batches,
// then recomputes every run's exposures in one transaction.
func (a *App) UpdateMetrics(ctx context.Context, all bool) (MetricsUpdate, error) {
	var u MetricsUpdate
	set, err := a.Settings(ctx)
	if err != nil {
		return u, err
	}
	if !all {
		st, err := a.DB.MetricsStatus(ctx, analysis.MetricsVersion, set.SampleParams(), set.Fingerprint())
		if err != nil || st.Current() {
			return u, err
		}
	}
	batch := make([]model.Metrics, 0, metricsBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := a.DB.PutMetrics(ctx, batch); err != nil {
			return err
		}
		u.Analysed += len(batch)
		batch = batch[:0]
		return nil
	}
	each := func(s *store.StoredSession) error {
		batch = append(batch, sessionMetrics(s, set))
		if len(batch) == metricsBatch {
			return flush()
		}
		return nil
	}
	if all {
		err = a.DB.ForEachSession(ctx, store.SessionFilter{}, true, each)
	} else {
		err = a.DB.ForEachStaleSession(ctx, analysis.MetricsVersion, set.SampleParams(), each)
	}
	if err == nil {
		err = flush()
	}
	if err != nil {
		return u, fmt.Errorf("analyse sessions: %w", err)
	}
	u.Exposures, err = a.DB.UpdateExposures(ctx, set.Fingerprint(), func(in model.ExposureInputs) ([]model.Exposure, error) {
		return analysis.Exposures(in.Runs, in.Strength, set), nil
	})
	return u, err
}

// sessionMetrics computes stored session s's metrics under set.
func sessionMetrics(s *store.StoredSession, set analysis.Settings) model.Metrics {
	m := analysis.SessionMetrics(&s.Session, set)
	m.SessionID = s.ID
	return m
}

// warnMetrics warns that the metrics could not be brought up to date.
func (a *App) warnMetrics(err error) {
	a.warn(fmt.Sprintf("metrics not updated (%v); run 'backtrack analyze'", err))
}

// Metrics brings the stored metrics up to date (a failure is a warning: the
// stored, possibly older, metrics are returned) and returns those of the
// sessions f selects, by session ID, with the configured settings (the
// defaults when they cannot be read). Sessions never analysed are missing
// from the map; a failure to read them is a warning too.
func (a *App) Metrics(ctx context.Context, f store.SessionFilter) (map[int64]model.Metrics, analysis.Settings) {
	if _, err := a.UpdateMetrics(ctx, false); err != nil {
		a.warnMetrics(err)
	}
	set, err := a.Settings(ctx)
	if err != nil {
		set = analysis.DefaultSettings()
	}
	ms, err := a.DB.ListMetrics(ctx, f)
	if err != nil {
		a.warn(err.Error())
	}
	return ms, set
}

// MetricsWith returns every session's metrics, by session ID, with run
// exposures filled, under the configured settings with overrides (setting
// key → value as typed) applied, and those settings. Call UpdateMetrics
// first: the stored metrics are those of the configured settings. What an
// override changes is recomputed in memory, never stored: the exposures and
// flags, and, for another hysteresis, the runs' hill metrics from their
// samples.
func (a *App) MetricsWith(ctx context.Context, overrides map[string]string) (map[int64]model.Metrics, analysis.Settings, error) {
	set, cfg, err := a.settingsWith(ctx, overrides)
	if err != nil {
		return nil, set, err
	}
	ms, err := a.loadMetrics(ctx, set, cfg)
	return ms, set, err
}

// loadMetrics is MetricsWith for the settings set, the configured being
// cfg.
func (a *App) loadMetrics(ctx context.Context, set, cfg analysis.Settings) (map[int64]model.Metrics, error) {
	ms, err := a.DB.ListMetrics(ctx, store.SessionFilter{})
	if err != nil || set == cfg {
		return ms, err
	}
	if set.SampleParams() != cfg.SampleParams() {
		err := a.DB.ForEachSession(ctx, store.SessionFilter{Sport: model.Running}, true, func(s *store.StoredSession) error {
			ms[s.ID] = sessionMetrics(s, set)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("analyse runs: %w", err)
		}
	}
	in, err := a.DB.ExposureInputs(ctx)
	if err != nil {
		return nil, err
	}
	// The runs' climb and drift come from ms when it has them (metrics
	// recomputed in memory), else from the stored ones.
	for i, r := range in.Runs {
		if m, ok := ms[r.SessionID]; ok {
			in.Runs[i].ClimbPerKm, in.Runs[i].CadenceDriftPct = m.Hills.ClimbPerKm, m.Drift.CadenceDriftPct
		}
	}
	for _, e := range analysis.Exposures(in.Runs, in.Strength, set) {
		m, ok := ms[e.SessionID]
		if !ok {
			continue
		}
		e.Settings = set.Fingerprint()
		m.Exposure = &e
		ms[e.SessionID] = m
	}
	return ms, nil
}

// AnalyzeSummary counts the sessions and what their metrics say, as
// `backtrack analyze` prints them. The JSON names are stable.
type AnalyzeSummary struct {
	// Sessions counts every session; Analysed those whose metrics the
	// update before computed (the caller fills it from MetricsUpdate).
	Sessions int `json:"sessions"`
	Analysed int `json:"analysed"`
	// Runs counts the runs; RunsWithHills and RunsWithDrift those with
	// known hill metrics and cadence drift.
	Runs          int `json:"runs"`
	RunsWithHills int `json:"runs_with_hills"`
	RunsWithDrift int `json:"runs_with_drift"`
	// Hilly, CadenceDrift, Deadlift48h, Strength48h and Deadlift14d count
	// the runs with each flag or exposure.
	Hilly        int `json:"hilly"`
	CadenceDrift int `json:"cadence_drift"`
	Deadlift48h  int `json:"deadlift_48h"`
	Strength48h  int `json:"strength_48h"`
	Deadlift14d  int `json:"deadlift_14d"`
	// StrengthSessions counts the strength sessions, DeadliftSessions those
	// with deadlifts.
	StrengthSessions int `json:"strength_sessions"`
	DeadliftSessions int `json:"deadlift_sessions"`
	// Overridden reports whether an override changed the settings.
	Overridden bool `json:"overridden"`
	// MetricsVersion is analysis.MetricsVersion.
	MetricsVersion int `json:"metrics_version"`
	// Settings list the settings the counts used (those that change a
	// stored metric: not the report-only ones).
	Settings []SettingValue `json:"settings"`
	// Used are the settings the counts used; Configured the configured
	// ones.
	Used, Configured analysis.Settings `json:"-"`
}

// Summary counts the sessions and what their metrics say under the
// configured settings with overrides (setting key → value as typed)
// applied. Call UpdateMetrics first.
func (a *App) Summary(ctx context.Context, overrides map[string]string) (*AnalyzeSummary, error) {
	set, cfg, err := a.settingsWith(ctx, overrides)
	if err != nil {
		return nil, err
	}
	ms, err := a.loadMetrics(ctx, set, cfg)
	if err != nil {
		return nil, err
	}
	list, err := a.DB.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		return nil, err
	}
	sum := &AnalyzeSummary{Sessions: len(list), MetricsVersion: analysis.MetricsVersion, Overridden: set != cfg,
		Settings: metricSettingValues(set), Used: set, Configured: cfg}
	for i := range list {
		s := &list[i]
		m, ok := ms[s.ID]
		if !ok {
			continue
		}
		if m.Strength != nil {
			sum.StrengthSessions++
			if m.Strength.DeadliftSets > 0 {
				sum.DeadliftSessions++
			}
		}
		if s.Sport != model.Running {
			continue
		}
		sum.Runs++
		if model.Known(m.Hills.AscentM) {
			sum.RunsWithHills++
		}
		if model.Known(m.Drift.CadenceDriftPct) {
			sum.RunsWithDrift++
		}
		if e := m.Exposure; e != nil {
			sum.Hilly += count(e.Hilly.Yes())
			sum.CadenceDrift += count(e.CadenceDrift.Yes())
			sum.Deadlift48h += count(e.Deadlift48h)
			sum.Strength48h += count(e.Strength48h)
			sum.Deadlift14d += count(e.Deadlift14d)
		}
	}
	return sum, nil
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// errNotFound reports whether err is the store's not-found error.
func errNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
