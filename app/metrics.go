package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/plural"
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
	// Damaged counts the sessions whose stored samples could not be read
	// (store.SampleError), each named in a warning. Their metrics are not
	// stored, so that the damage is found (and reported) again; metrics
	// stored before the damage are kept. DamagedRuns counts the runs among
	// them left without current metrics, which lost their hill and cadence
	// metrics: the commands that read metrics compute theirs without
	// samples, in memory.
	Damaged, DamagedRuns int
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
		if s.SamplesErr != nil {
			u.Damaged++
			if a.currentMetrics(ctx, s, set) {
				a.warn(fmt.Sprintf("%v: its metrics, computed before the damage, are kept", s.SamplesErr))
				return nil
			}
			if s.Sport == model.Running {
				u.DamagedRuns++
			}
			a.warn(damagedWarning(s.SamplesErr))
			return nil
		}
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

// currentMetrics reports whether session s has stored metrics that are
// current under set.
func (a *App) currentMetrics(ctx context.Context, s *store.StoredSession, set analysis.Settings) bool {
	m, err := a.DB.GetMetrics(ctx, s.ID)
	return err == nil && m.Version == analysis.MetricsVersion && (s.Sport != model.Running || m.Params == set.SampleParams())
}

// damagedWarning says that a session's samples are damaged and what that
// costs.
func damagedWarning(err error) string {
	return fmt.Sprintf("%v: its metrics are computed without samples (no hill or cadence metrics); see 'backtrack doctor'", err)
}

// sessionMetrics computes stored session s's metrics under set (without
// samples when they could not be read: then a run has no hill or cadence
// metrics).
func sessionMetrics(s *store.StoredSession, set analysis.Settings) model.Metrics {
	m := analysis.SessionMetrics(&s.Session, set)
	m.SessionID = s.ID
	return m
}

// warnMetrics warns that the metrics could not be brought up to date.
func (a *App) warnMetrics(err error) {
	a.warn(fmt.Sprintf("metrics not updated (%v); run 'backtrack analyze'", err))
}

// baseMetrics are every analysed session's metrics under the configured
// settings, with every run's exposures, as the commands that read metrics
// use them: those stored, and in memory those that could not be.
type baseMetrics struct {
	// ms holds the metrics by session ID.
	ms map[int64]model.Metrics
	// set are the configured settings.
	set analysis.Settings
	// damaged lists the sessions whose samples could not be read (their
	// metrics are computed without them); damagedRuns counts the runs.
	damaged     []*store.SampleError
	damagedRuns int
	// inMemory counts the sessions whose metrics were computed for this
	// command only; memoryExposures says the exposures were too.
	inMemory        int
	memoryExposures bool
}

// metricsBase brings the stored metrics up to date when update is set and
// the database can be written, then returns every session's metrics (see
// baseMetrics). Metrics that are missing or out of date and cannot be
// stored (a read-only database, a full disk, a failed write) or cannot be
// computed from samples (damaged: see store.SampleError) are computed in
// memory for this command, and then so are every run's exposures: a
// report never rests on missing metrics. It warns (a.Warn) about metrics
// it could not store and each session whose samples are damaged; an error
// reading the database is returned.
func (a *App) metricsBase(ctx context.Context, update bool) (*baseMetrics, error) {
	set, err := a.Settings(ctx)
	if err != nil {
		return nil, err
	}
	b := &baseMetrics{set: set}
	storeErr := ""
	warned := !update // UpdateMetrics names the damaged sessions it meets
	switch {
	case a.DB.ReadOnly():
		storeErr = "the database is read-only"
	case update:
		if _, err := a.UpdateMetrics(ctx, false); err != nil {
			storeErr = err.Error()
		} else {
			warned = true
		}
	}
	if b.ms, err = a.DB.ListMetrics(ctx, store.SessionFilter{}); err != nil {
		return nil, err
	}
	err = a.DB.ForEachStaleSession(ctx, analysis.MetricsVersion, set.SampleParams(), func(s *store.StoredSession) error {
		var se *store.SampleError
		if errors.As(s.SamplesErr, &se) {
			b.damaged = append(b.damaged, se)
			if s.Sport == model.Running {
				b.damagedRuns++
			}
		}
		b.ms[s.ID] = sessionMetrics(s, set)
		b.inMemory++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("compute metrics: %w", err)
	}
	if b.inMemory > 0 || storeErr != "" {
		if err := a.exposuresInMemory(ctx, b.ms, set); err != nil {
			return nil, err
		}
		b.memoryExposures = true
	}
	if storeErr != "" && !a.DB.ReadOnly() && b.inMemory > len(b.damaged) {
		a.warn(fmt.Sprintf("metrics could not be stored (%s): computed for this command only", storeErr))
	}
	if !warned {
		for _, d := range b.damaged {
			a.warn(damagedWarning(d))
		}
	}
	return b, nil
}

// exposuresInMemory computes every run's exposures under set from ms (the
// runs' hill and drift metrics, the strength sessions' totals) and the
// sessions' starts, as UpdateExposures does from the stored metrics, and
// puts them into ms.
func (a *App) exposuresInMemory(ctx context.Context, ms map[int64]model.Metrics, set analysis.Settings) error {
	list, err := a.DB.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		return err
	}
	var in model.ExposureInputs
	for i := range list {
		s := &list[i]
		m, ok := ms[s.ID]
		if s.Sport == model.Running {
			r := model.ExposureRun{SessionID: s.ID, Start: s.Start, ClimbPerKm: model.Missing, CadenceDriftPct: model.Missing,
				Form: model.UnknownForm(), FormDevice: s.Recorder.FormDevice()}
			if ok {
				r.ClimbPerKm, r.CadenceDriftPct, r.Form = m.Hills.ClimbPerKm, m.Drift.CadenceDriftPct, m.Form
			}
			in.Runs = append(in.Runs, r)
		}
		if ok && m.Strength != nil {
			in.Strength = append(in.Strength, model.ExposureStrength{SessionID: s.ID, Start: s.Start,
				DeadliftSets: m.Strength.DeadliftSets, DeadliftVolumeKg: m.Strength.DeadliftVolumeKg})
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
	return nil
}

// Metrics brings the stored metrics up to date and returns those of the
// sessions f selects, by session ID, with the configured settings (see
// metricsBase: what cannot be stored is computed in memory). An error
// reading the database is a warning: the metrics then may be missing, and
// the settings are the defaults.
func (a *App) Metrics(ctx context.Context, f store.SessionFilter) (map[int64]model.Metrics, analysis.Settings) {
	b, err := a.metricsBase(ctx, true)
	if err != nil {
		a.warn(fmt.Sprintf("metrics not read (%v); run 'backtrack analyze'", err))
		return map[int64]model.Metrics{}, analysis.DefaultSettings()
	}
	if f == (store.SessionFilter{}) {
		return b.ms, b.set
	}
	list, err := a.DB.ListSessions(ctx, f)
	if err != nil {
		a.warn(err.Error())
		return map[int64]model.Metrics{}, b.set
	}
	ms := make(map[int64]model.Metrics, len(list))
	for _, s := range list {
		if m, ok := b.ms[s.ID]; ok {
			ms[s.ID] = m
		}
	}
	return ms, b.set
}

// MetricsWith brings the stored metrics up to date (see metricsBase) and
// returns every session's metrics, by session ID, with run exposures
// filled, under the configured settings with overrides (setting key →
// value as typed) applied, and those settings. What an override changes is
// recomputed in memory, never stored: the exposures and flags, and, for
// another hysteresis, the runs' hill metrics from their samples.
func (a *App) MetricsWith(ctx context.Context, overrides map[string]string) (map[int64]model.Metrics, analysis.Settings, error) {
	set, cfg, err := a.settingsWith(ctx, overrides)
	if err != nil {
		return nil, set, err
	}
	b, err := a.metricsBase(ctx, true)
	if err != nil {
		return nil, set, err
	}
	ms, err := a.loadMetrics(ctx, b, set, cfg)
	return ms, set, err
}

// loadMetrics returns b's metrics under the settings set, the configured
// being cfg: what set changes is recomputed in memory (b is not changed).
func (a *App) loadMetrics(ctx context.Context, b *baseMetrics, set, cfg analysis.Settings) (map[int64]model.Metrics, error) {
	if set == cfg {
		return b.ms, nil
	}
	ms := make(map[int64]model.Metrics, len(b.ms))
	for id, m := range b.ms {
		ms[id] = m
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
	if err := a.exposuresInMemory(ctx, ms, set); err != nil {
		return nil, err
	}
	return ms, nil
}

// notes returns the sentences a report adds about what b could not
// provide: the sessions whose samples are damaged.
func (b *baseMetrics) notes() []string {
	if len(b.damaged) == 0 {
		return nil
	}
	var names []string
	for i, d := range b.damaged {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(b.damaged)-5))
			break
		}
		names = append(names, fmt.Sprintf("session %d on %s from %s", d.SessionID, d.LocalDate, d.SourcePath))
	}
	return []string{fmt.Sprintf("The stored samples of %s are damaged (%s), so %s lost %s hill and cadence metrics: "+
		"this report counts %s without them. 'backtrack doctor' lists the damage.",
		plural.Of(len(b.damaged), "session", "sessions"), strings.Join(names, "; "),
		plural.Of(b.damagedRuns, "run", "runs"), map[bool]string{true: "its", false: "their"}[b.damagedRuns == 1],
		itThem(b.damagedRuns))}
}

// AnalyzeSummary counts the sessions and what their metrics say, as
// `backtrack analyze` prints them. The JSON names are stable.
type AnalyzeSummary struct {
	// Sessions counts every session; Analysed those whose metrics the
	// update before computed (the caller fills it from MetricsUpdate).
	Sessions int `json:"sessions"`
	Analysed int `json:"analysed"`
	// Damaged counts the sessions whose samples could not be read and
	// DamagedRuns the runs among them, which lost their hill and cadence
	// metrics (the caller fills them from MetricsUpdate).
	Damaged     int `json:"damaged_sessions"`
	DamagedRuns int `json:"damaged_runs"`
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
	// RunsWithForm counts the runs whose ground contact time could be
	// compared late in the run; RunsWithBalance those whose balance could;
	// FormDrift and BalanceShift the runs with each flag.
	RunsWithForm    int `json:"runs_with_form"`
	RunsWithBalance int `json:"runs_with_balance"`
	FormDrift       int `json:"form_drift"`
	BalanceShift    int `json:"balance_shift"`
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
// applied. Call UpdateMetrics first: what it could not store is computed
// in memory (see metricsBase).
func (a *App) Summary(ctx context.Context, overrides map[string]string) (*AnalyzeSummary, error) {
	set, cfg, err := a.settingsWith(ctx, overrides)
	if err != nil {
		return nil, err
	}
	b, err := a.metricsBase(ctx, false)
	if err != nil {
		return nil, err
	}
	ms, err := a.loadMetrics(ctx, b, set, cfg)
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
			sum.RunsWithForm += count(e.FormDrift.Known())
			sum.RunsWithBalance += count(e.BalanceShift.Known())
			sum.FormDrift += count(e.FormDrift.Yes())
			sum.BalanceShift += count(e.BalanceShift.Yes())
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
