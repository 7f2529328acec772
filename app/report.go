package app

import (
	"context"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// ReportQuery says what a report covers.
type ReportQuery struct {
	// Since and Until are the first and last local dates to include,
	// YYYY-MM-DD; "" leaves that end open.
	Since, Until string
	// Overrides replace configured settings for this report only: setting
	// key → value as typed ("20").
	Overrides map[string]string
}

// Report brings the metrics up to date (a failure is a warning: the stored
// ones are used), gathers the report's input (see ReportInput) and builds
// the report, stamped with App.Now.
func (a *App) Report(ctx context.Context, q ReportQuery) (*analysis.Report, error) {
	in, err := a.ReportInput(ctx, q)
	if err != nil {
		return nil, err
	}
	return analysis.BuildReport(in)
}

// ReportInput brings the metrics up to date (a failure is a warning) and
// gathers what a report over q is computed from: the sessions and diary
// entries in range (pain-free check-ins of severity 0 included), each run's stored exposure and flags (recomputed in
// memory under q.Overrides) and a reader of the runs' samples. The reader
// reuses one buffer and uses ctx: call it within ctx's life.
func (a *App) ReportInput(ctx context.Context, q ReportQuery) (analysis.ReportInput, error) {
	if _, err := a.UpdateMetrics(ctx, false); err != nil {
		a.warnMetrics(err)
	}
	ms, set, err := a.MetricsWith(ctx, q.Overrides)
	if err != nil {
		return analysis.ReportInput{}, err
	}
	list, err := a.DB.ListSessions(ctx, store.SessionFilter{Since: q.Since, Until: q.Until})
	if err != nil {
		return analysis.ReportInput{}, err
	}
	pain, err := a.DB.ListPain(ctx, q.Since, q.Until)
	if err != nil {
		return analysis.ReportInput{}, err
	}
	in := analysis.ReportInput{GeneratedAt: a.now(), Since: q.Since, Until: q.Until, Settings: set,
		Sessions: len(list), Pain: pain}
	for i := range list {
		s := &list[i]
		date := s.Local().Format(time.DateOnly)
		if in.FirstDate == "" || date < in.FirstDate {
			in.FirstDate = date
		}
		if date > in.LastDate {
			in.LastDate = date
		}
		m, ok := ms[s.ID]
		if ok && m.Strength != nil {
			in.Strength = append(in.Strength, analysis.ReportStrength{ID: s.ID, Start: s.Start, DeadliftSets: m.Strength.DeadliftSets,
				DeadliftVolumeKg: m.Strength.DeadliftVolumeKg})
		}
		if s.Sport != model.Running {
			continue
		}
		r := analysis.ReportRun{ID: s.ID, Start: s.Start, ElapsedS: s.ElapsedS, LocalDate: date, DistanceM: s.DistanceM,
			Exposure: model.Exposure{SessionID: s.ID}}
		if ok && m.Exposure != nil {
			r.Exposure = *m.Exposure
		}
		in.Runs = append(in.Runs, r)
	}
	var buf model.Samples // reused: the report reads each run's samples only until the next
	in.Samples = func(id int64) (*model.Samples, error) {
		if err := a.DB.SamplesInto(ctx, id, &buf); err != nil {
			return nil, err
		}
		return &buf, nil
	}
	return in, nil
}
