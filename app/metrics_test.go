package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// TestImportComputesMetrics: an import stores its sessions' metrics and
// every run's exposures, so that nothing is left out of date; importing
// the same files again stores and computes nothing.
func TestImportComputesMetrics(t *testing.T) {
	ctx := context.Background()
	a, rec := newApp(t)
	res := importAthlete(t, a)
	sessions, runs := countSessions(t, a)
	if runs == 0 || sessions == runs {
		t.Fatalf("the athlete has %d sessions, %d runs: want runs and strength", sessions, runs)
	}
	if !res.Analysed || res.Metrics != (app.MetricsUpdate{Analysed: sessions, Exposures: runs}) {
		t.Errorf("import: analysed %v, %+v; want %d sessions' metrics, %d runs' exposures", res.Analysed, res.Metrics, sessions, runs)
	}
	if res.Summary.SessionsAdded != sessions || len(res.Summary.Failed) != 0 {
		t.Errorf("import summary %+v, want %d sessions", res.Summary, sessions)
	}
	if u, err := a.UpdateMetrics(ctx, false); err != nil || u != (app.MetricsUpdate{}) {
		t.Errorf("UpdateMetrics after the import = %+v, %v; want nothing to do", u, err)
	}
	ms, _ := a.Metrics(ctx, store.SessionFilter{})
	if len(ms) != sessions {
		t.Errorf("%d sessions with metrics, want %d", len(ms), sessions)
	}
	again := importAthlete(t, a)
	if again.Summary.Imported != 0 || again.Summary.SessionsAdded != 0 || again.Metrics != (app.MetricsUpdate{}) {
		t.Errorf("re-import: %+v, metrics %+v; want nothing new", again.Summary, again.Metrics)
	}
	if len(rec.warnings) > 0 {
		t.Errorf("warnings: %q", rec.warnings)
	}
}

// TestUpdateMetrics: with all, every session is recomputed, the same as
// before; a changed setting makes the runs (hysteresis) or the exposures
// (a threshold) out of date, and the next update brings them back.
func TestUpdateMetrics(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	importAthlete(t, a)
	sessions, runs := countSessions(t, a)
	before, _ := a.Metrics(ctx, store.SessionFilter{})
	u, err := a.UpdateMetrics(ctx, true)
	if err != nil || u != (app.MetricsUpdate{Analysed: sessions, Exposures: runs}) {
		t.Fatalf("UpdateMetrics(all) = %+v, %v; want %d sessions, %d runs", u, err, sessions, runs)
	}
	after, _ := a.Metrics(ctx, store.SessionFilter{})
	// The import computed the metrics from the decoded samples, the update
	// from the stored (quantised) ones: equal to a whisker.
	if d := cmp.Diff(before, after, cmpopts.EquateNaNs(), cmpopts.EquateApprox(1e-6, 1e-6)); d != "" {
		t.Errorf("recomputed metrics differ (-import +update):\n%s", d)
	}
	if _, err := a.SetSetting(ctx, analysis.KeyHysteresis, "5"); err != nil {
		t.Fatal(err)
	}
	if u, err := a.UpdateMetrics(ctx, false); err != nil || u != (app.MetricsUpdate{Analysed: runs, Exposures: runs}) {
		t.Errorf("after a new hysteresis: %+v, %v; want the %d runs recomputed", u, err, runs)
	}
	if _, err := a.SetSetting(ctx, analysis.KeyHillyClimb, "1"); err != nil {
		t.Fatal(err)
	}
	if u, err := a.UpdateMetrics(ctx, false); err != nil || u != (app.MetricsUpdate{Exposures: runs}) {
		t.Errorf("after a new threshold: %+v, %v; want only the %d runs' exposures", u, err, runs)
	}
	ms, set := a.Metrics(ctx, store.SessionFilter{Sport: model.Running})
	if set.HillyClimbMPerKm != 1 || set.HysteresisM != 5 {
		t.Errorf("settings in use %+v, want the configured ones", set)
	}
	for id, m := range ms {
		if m.Exposure == nil || m.Exposure.Settings != set.Fingerprint() || m.Exposure.Hilly != set.Hilly(m.Hills.ClimbPerKm) {
			t.Errorf("run %d: exposure %+v under %q, climb %v", id, m.Exposure, set.Fingerprint(), m.Hills.ClimbPerKm)
		}
	}
}

// TestOverrides: an override changes the metrics and counts of one call
// only; a bad one is refused with the analysis's sentinel errors.
func TestOverrides(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	importAthlete(t, a)
	_, runs := countSessions(t, a)
	base, err := a.Summary(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if base.Runs != runs || base.Overridden || base.MetricsVersion != analysis.MetricsVersion || len(base.Settings) != 7 {
		t.Errorf("summary %+v, want %d runs, not overridden", base, runs)
	}
	if base.Hilly == 0 {
		t.Fatalf("no run is hilly at the default threshold: the test needs hilly ones")
	}
	over := map[string]string{analysis.KeyHillyClimb: "200", analysis.KeyHysteresis: "6"}
	sum, err := a.Summary(ctx, over)
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Overridden || sum.Used.HillyClimbMPerKm != 200 || sum.Configured.HillyClimbMPerKm != 15 || sum.Hilly != 0 {
		t.Errorf("overridden summary: overridden %v, %v of %v m/km, %d hilly (default %d)", sum.Overridden,
			sum.Used.HillyClimbMPerKm, sum.Configured.HillyClimbMPerKm, sum.Hilly, base.Hilly)
	}
	ms, set, err := a.MetricsWith(ctx, over)
	if err != nil || set.HysteresisM != 6 {
		t.Fatalf("MetricsWith: %v, %+v", err, set)
	}
	stored, _ := a.Metrics(ctx, store.SessionFilter{})
	changed := 0
	for id, m := range ms {
		if m.Exposure != nil && m.Hills.AscentM != stored[id].Hills.AscentM {
			changed++
		}
		if m.Exposure != nil && stored[id].Exposure.Settings == m.Exposure.Settings {
			t.Errorf("run %d: the override's exposure is stamped with the configured settings", id)
		}
	}
	if changed == 0 {
		t.Error("another hysteresis changed no run's ascent")
	}
	if again, _ := a.Summary(ctx, nil); again.Hilly != base.Hilly {
		t.Errorf("an override was stored: %d hilly runs, want %d", again.Hilly, base.Hilly)
	}
	for _, tt := range []struct {
		over map[string]string
		want error
	}{
		{map[string]string{"no_such_setting": "1"}, analysis.ErrUnknownSetting},
		{map[string]string{analysis.KeyHillyClimb: "steep"}, analysis.ErrBadSetting},
		{map[string]string{analysis.KeyHillyClimb: "1000"}, analysis.ErrBadSetting},
	} {
		if _, err := a.Summary(ctx, tt.over); !errors.Is(err, tt.want) {
			t.Errorf("Summary(%v) = %v, want %v", tt.over, err, tt.want)
		}
		if _, err := a.Report(ctx, app.ReportQuery{Overrides: tt.over}); !errors.Is(err, tt.want) {
			t.Errorf("Report(%v) = %v, want %v", tt.over, err, tt.want)
		}
	}
}

// TestReportInput: the report's input holds the sessions and pain events
// in range, each run with its stored exposure as it is, stamped with the
// App's clock.
func TestReportInput(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	importAthlete(t, a)
	_, athlete := athleteExport()
	if _, _, err := a.DB.ImportPain(ctx, athlete.Pain); err != nil {
		t.Fatal(err)
	}
	q := app.ReportQuery{Since: "2025-03-10", Until: "2025-03-23"}
	in, err := a.ReportInput(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := a.Sessions(ctx, store.SessionFilter{Since: q.Since, Until: q.Until})
	pain, _ := a.DB.ListPain(ctx, q.Since, q.Until)
	if !in.GeneratedAt.Equal(testNow) || in.Since != q.Since || in.Until != q.Until || in.Sessions != len(list) || len(in.Pain) != len(pain) {
		t.Errorf("input: at %v, %s to %s, %d sessions, %d pain; want %v, %d sessions, %d pain",
			in.GeneratedAt, in.Since, in.Until, in.Sessions, len(in.Pain), testNow, len(list), len(pain))
	}
	if in.FirstDate < q.Since || in.LastDate > q.Until || len(in.Runs) == 0 || len(in.Strength) == 0 {
		t.Errorf("input covers %s to %s with %d runs, %d strength sessions", in.FirstDate, in.LastDate, len(in.Runs), len(in.Strength))
	}
	ms, _ := a.Metrics(ctx, store.SessionFilter{})
	for _, r := range in.Runs {
		if d := cmp.Diff(*ms[r.ID].Exposure, r.Exposure, cmpopts.EquateNaNs()); d != "" {
			t.Errorf("run %d: exposure differs from the stored one (-stored +input):\n%s", r.ID, d)
		}
		var smp model.Samples
		if err := in.Samples(r.ID, &smp); err != nil || smp.Len() == 0 {
			t.Errorf("run %d: samples %v", r.ID, err)
		}
	}
	// Everything outside the period is the timeline's context.
	all, _ := a.Sessions(ctx, store.SessionFilter{})
	allPain, _ := a.DB.ListPain(ctx, "", "")
	cx := in.Context
	if got := in.Sessions + len(cx.Runs) + len(cx.Strength); got > len(all) || len(cx.Runs) == 0 || len(cx.Strength) == 0 {
		t.Errorf("context: %d runs, %d strength sessions; %d sessions in the period of %d", len(cx.Runs), len(cx.Strength), in.Sessions, len(all))
	}
	if len(in.Pain)+len(cx.Pain) != len(allPain) {
		t.Errorf("%d pain events in the period and %d outside, want %d in all", len(in.Pain), len(cx.Pain), len(allPain))
	}
	for _, r := range cx.Runs {
		if r.LocalDate >= q.Since && r.LocalDate <= q.Until {
			t.Errorf("context run %d on %s is in the period", r.ID, r.LocalDate)
		}
	}
	rep, err := a.Report(ctx, q)
	if err != nil || rep.Data.Runs != len(in.Runs) || rep.Data.From != q.Since {
		t.Errorf("report: %v, %+v", err, rep.Data)
	}
	if ch := rep.Charts; ch.ContextRuns != len(cx.Runs) || len(ch.Runs) != len(in.Runs)+len(cx.Runs) {
		t.Errorf("timeline: %d runs, %d of them context; want %d and %d", len(ch.Runs), ch.ContextRuns, len(in.Runs)+len(cx.Runs), len(cx.Runs))
	}
	if _, err := a.ReportInput(ctx, app.ReportQuery{Since: "2025-3-1"}); err == nil || !strings.Contains(err.Error(), "want a date YYYY-MM-DD") {
		t.Errorf("a malformed date: %v", err)
	}
	// It is refused before anything touches the database (metrics are not
	// brought up to date for a report that will not be made).
	if _, err := (&app.App{}).ReportInput(ctx, app.ReportQuery{Until: "yesterday"}); err == nil || !strings.Contains(err.Error(), "want a date YYYY-MM-DD") {
		t.Errorf("a malformed date, without a database: %v", err)
	}
}

// TestUnknownSession: a session ID the database does not hold is
// ErrUnknownSession, named in the message.
func TestUnknownSession(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	importAthlete(t, a)
	if _, err := a.Session(ctx, 99999); !errors.Is(err, app.ErrUnknownSession) || err.Error() != "no session with ID 99999" {
		t.Errorf("Session(99999) = %v, want ErrUnknownSession", err)
	}
	if _, err := a.Samples(ctx, 99999); !errors.Is(err, app.ErrUnknownSession) {
		t.Errorf("Samples(99999) = %v, want ErrUnknownSession", err)
	}
	list, _ := a.Sessions(ctx, store.SessionFilter{Sport: model.Running})
	d, err := a.Session(ctx, list[0].ID)
	if err != nil || !d.Analysed || d.Session.Samples.Len() == 0 || d.Settings != analysis.DefaultSettings() {
		t.Errorf("Session(%d) = %+v, %v", list[0].ID, d, err)
	}
	smp, err := a.Samples(ctx, list[0].ID)
	if err != nil || smp.Len() != d.Session.Samples.Len() {
		t.Errorf("Samples(%d): %v, %d samples, want %d", list[0].ID, err, smp.Len(), d.Session.Samples.Len())
	}
}
