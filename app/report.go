package app

import (
	"context"
	"fmt"
	"slices"
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

// Report brings the metrics up to date, gathers the report's input (see
// ReportInput) and builds the report, stamped with App.Now. Metrics that
// cannot be stored (a read-only database, a full disk) are computed in
// memory for the report; what cannot be computed at all (sessions whose
// samples are damaged) is said in the report's notes, first.
func (a *App) Report(ctx context.Context, q ReportQuery) (*analysis.Report, error) {
	in, notes, err := a.reportInput(ctx, q)
	if err != nil {
		return nil, err
	}
	rep, err := analysis.BuildReport(in)
	if err != nil {
		return nil, err
	}
	rep.Notes = append(notes, rep.Notes...)
	return rep, nil
}

// ReportInput brings the metrics up to date (see MetricsWith: what cannot
// be stored is computed in memory) and gathers what a report over q is
// computed from: the sessions and diary entries in range (pain-free
// check-ins of severity 0 included), each run's exposure and flags
// (recomputed in memory under q.Overrides), those outside the range as the
// timeline's context, and a reader of the runs' samples. The reader reuses
// one buffer and uses ctx: call it within ctx's life. Report adds notes
// about sessions whose samples are damaged; a caller building its own
// report from ReportInput does not get them.
func (a *App) ReportInput(ctx context.Context, q ReportQuery) (analysis.ReportInput, error) {
	in, _, err := a.reportInput(ctx, q)
	return in, err
}

// reportInput is ReportInput, with the notes the report must carry.
func (a *App) reportInput(ctx context.Context, q ReportQuery) (analysis.ReportInput, []string, error) {
	// A bad date is refused before anything is done (metrics brought up
	// to date).
	for _, b := range []struct{ name, date string }{{"since", q.Since}, {"until", q.Until}} {
		if _, err := time.Parse(time.DateOnly, b.date); b.date != "" && err != nil {
			return analysis.ReportInput{}, nil, fmt.Errorf("list sessions: filter %s %q: want a date YYYY-MM-DD", b.name, b.date)
		}
	}
	set, cfg, err := a.settingsWith(ctx, q.Overrides)
	if err != nil {
		return analysis.ReportInput{}, nil, err
	}
	b, err := a.metricsBase(ctx, true)
	if err != nil {
		return analysis.ReportInput{}, nil, err
	}
	ms, err := a.loadMetrics(ctx, b, set, cfg)
	if err != nil {
		return analysis.ReportInput{}, nil, err
	}
	// A report over a period reads everything: what lies outside the
	// period is the timeline's context (ReportInput.Context).
	list, err := a.DB.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		return analysis.ReportInput{}, nil, err
	}
	all, err := a.DB.ListPain(ctx, "", "")
	if err != nil {
		return analysis.ReportInput{}, nil, err
	}
	inPeriod := func(date string) bool {
		return (q.Since == "" || date >= q.Since) && (q.Until == "" || date <= q.Until)
	}
	in := analysis.ReportInput{GeneratedAt: a.now(), Since: q.Since, Until: q.Until, Settings: set}
	for _, e := range all {
		if inPeriod(e.LocalDate) {
			in.Pain = append(in.Pain, e)
		} else {
			in.Context.Pain = append(in.Context.Pain, e)
		}
	}
	for i := range list {
		s := &list[i]
		date := s.LocalDate()
		runs, strength := &in.Runs, &in.Strength
		if inPeriod(date) {
			in.Sessions++
			if in.FirstDate == "" || date < in.FirstDate {
				in.FirstDate = date
			}
			if date > in.LastDate {
				in.LastDate = date
			}
		} else {
			runs, strength = &in.Context.Runs, &in.Context.Strength
		}
		m, ok := ms[s.ID]
		if ok && m.Strength != nil {
			*strength = append(*strength, analysis.ReportStrength{ID: s.ID, Start: s.Start, DeadliftSets: m.Strength.DeadliftSets,
				DeadliftVolumeKg: m.Strength.DeadliftVolumeKg})
		}
		if s.Sport != model.Running {
			continue
		}
		r := reportRun(s)
		if ok && m.Exposure != nil {
			r.Exposure = *m.Exposure
		}
		*runs = append(*runs, r)
	}
	// The positions are read only for a run without distances (they are
	// the dearest columns to decode, and serve only to measure distance).
	var noPositions []int
	for _, c := range analysis.ReportSampleColumns {
		if c != model.ColLat && c != model.ColLon {
			noPositions = append(noPositions, c)
		}
	}
	in.Samples = func(id int64, dst *model.Samples) error {
		if err := a.DB.SamplesColumnsInto(ctx, id, dst, noPositions); err != nil {
			return err
		}
		if !slices.ContainsFunc(dst.DistM, model.Known) {
			return a.DB.SamplesColumnsInto(ctx, id, dst, analysis.ReportSampleColumns)
		}
		return nil
	}
	return in, b.notes(), nil
}
