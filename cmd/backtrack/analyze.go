package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

type analyzeOptions struct {
	*globalOptions
	All      bool
	JSON     bool
	Settings settingsFlags
}

func newAnalyzeCmd(g *globalOptions) *cobra.Command {
	opts := &analyzeOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "analyze",
		Short: "Compute every session's metrics (hills, cadence drift, strength exposure) and count them",
		Long: `analyze computes the metrics of every session that lacks them, or whose
definitions changed since (a new backtrack, 'backtrack config set'), stores them, and
prints counts: runs with hill metrics, hilly runs, runs with cadence drift, runs
after deadlifts. Imports and the sessions commands do this on their own; run it
after changing settings, or with --all to recompute everything.

A setting flag (--hilly-threshold 20) changes a definition for this run only: the
counts use it, the database keeps the configured one ('backtrack config').`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAnalyze(cmd.Context(), opts) },
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "recompute every session, not only those out of date")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the counts as one JSON object")
	addSettingsFlags(cmd, &opts.Settings)
	return cmd
}

// analyzeSummary is what analyze prints; the JSON names are stable.
type analyzeSummary struct {
	Sessions         int           `json:"sessions"`
	Analysed         int           `json:"analysed"`
	Runs             int           `json:"runs"`
	RunsWithHills    int           `json:"runs_with_hills"`
	RunsWithDrift    int           `json:"runs_with_drift"`
	Hilly            int           `json:"hilly"`
	CadenceDrift     int           `json:"cadence_drift"`
	Deadlift48h      int           `json:"deadlift_48h"`
	Strength48h      int           `json:"strength_48h"`
	Deadlift14d      int           `json:"deadlift_14d"`
	StrengthSessions int           `json:"strength_sessions"`
	DeadliftSessions int           `json:"deadlift_sessions"`
	Overridden       bool          `json:"overridden"`
	MetricsVersion   int           `json:"metrics_version"`
	Settings         []settingJSON `json:"settings"`
}

func runAnalyze(ctx context.Context, opts *analyzeOptions) error {
	if err := opts.Settings.check(); err != nil {
		return err
	}
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	cfg, err := loadSettings(ctx, db)
	if err != nil {
		return err
	}
	set, err := opts.Settings.resolve(ctx, db)
	if err != nil {
		return err
	}
	u, err := updateMetrics(ctx, db, cfg, opts.All)
	if err != nil {
		return err
	}
	ms, err := loadMetrics(ctx, db, set, cfg)
	if err != nil {
		return err
	}
	list, err := db.ListSessions(ctx, store.SessionFilter{})
	if err != nil {
		return err
	}
	sum := summarize(list, ms, set)
	sum.Analysed, sum.Overridden = u.Analysed, set != cfg
	if opts.JSON {
		return writeJSON(opts.Out, sum)
	}
	printAnalyzeSummary(opts.Out, sum, set, cfg)
	return nil
}

// summarize counts the sessions and what their metrics say under set.
func summarize(list []store.StoredSession, ms map[int64]model.Metrics, set analysis.Settings) analyzeSummary {
	sum := analyzeSummary{Sessions: len(list), MetricsVersion: analysis.MetricsVersion}
	for _, s := range set.List() {
		sum.Settings = append(sum.Settings, settingJSON{Key: s.Key, Value: s.Value, Default: s.Default, IsDefault: s.IsDefault(), Unit: s.Unit, Doc: s.Doc})
	}
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
	return sum
}

func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

func printAnalyzeSummary(w io.Writer, sum analyzeSummary, set, cfg analysis.Settings) {
	f := analysis.FormatSetting
	fmt.Fprintf(w, "analysed %d sessions (%d already up to date)\n", sum.Analysed, sum.Sessions-sum.Analysed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "runs:\t%d\t(%d with hill metrics, %d with cadence drift)\n", sum.Runs, sum.RunsWithHills, sum.RunsWithDrift)
	fmt.Fprintf(tw, "  hilly:\t%d\tclimb ≥ %s m/km\n", sum.Hilly, f(set.HillyClimbMPerKm))
	fmt.Fprintf(tw, "  cadence_drift:\t%d\tcadence ≥ %s%% lower late in the run\n", sum.CadenceDrift, f(set.CadenceDriftPct))
	fmt.Fprintf(tw, "  deadlift_48h:\t%d\tdeadlifts 0–%s h before\n", sum.Deadlift48h, f(set.StrengthWindowH))
	fmt.Fprintf(tw, "  strength_48h:\t%d\tstrength training 0–%s h before\n", sum.Strength48h, f(set.StrengthWindowH))
	fmt.Fprintf(tw, "  deadlift_14d:\t%d\tdeadlifts 0–%s days before\n", sum.Deadlift14d, f(set.DeadliftWindowD))
	fmt.Fprintf(tw, "strength:\t%d\t(%d with deadlifts)\n", sum.StrengthSessions, sum.DeadliftSessions)
	tw.Flush()
	fmt.Fprintln(w, "settings:")
	for _, s := range set.List() {
		fmt.Fprintf(w, "  %s = %s", s.Key, f(s.Value))
		if c, _ := cfg.Get(s.Key); c != s.Value {
			fmt.Fprintf(w, " (for this run only; configured: %s)", f(c))
		}
		fmt.Fprintln(w)
	}
}

// metricsBatch is how many sessions' metrics are stored per transaction
// while analysing.
const metricsBatch = 256

// metricsUpdate says what updateMetrics did.
type metricsUpdate struct {
	// Analysed counts the sessions whose metrics were computed and stored.
	Analysed int
	// Exposures counts the runs whose exposures were computed and stored.
	Exposures int
}

// updateMetrics brings the stored metrics up to date for set: it computes
// the metrics of every session whose metrics are missing or out of date
// (every session with all), streaming them one at a time with their
// samples, stores them in batches, then recomputes every run's exposures in
// one transaction.
func updateMetrics(ctx context.Context, db *store.DB, set analysis.Settings, all bool) (metricsUpdate, error) {
	var u metricsUpdate
	batch := make([]model.Metrics, 0, metricsBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := db.PutMetrics(ctx, batch); err != nil {
			return err
		}
		u.Analysed += len(batch)
		batch = batch[:0]
		return nil
	}
	each := func(s *store.StoredSession) error {
		batch = append(batch, computeMetrics(s, set))
		if len(batch) == metricsBatch {
			return flush()
		}
		return nil
	}
	var err error
	if all {
		err = db.ForEachSession(ctx, store.SessionFilter{}, true, each)
	} else {
		err = db.ForEachStaleSession(ctx, analysis.MetricsVersion, set.SampleParams(), each)
	}
	if err == nil {
		err = flush()
	}
	if err != nil {
		return u, fmt.Errorf("analyse sessions: %w", err)
	}
	u.Exposures, err = db.UpdateExposures(ctx, set.Fingerprint(), func(in model.ExposureInputs) ([]model.Exposure, error) {
		return analysis.Exposures(in.Runs, in.Strength, set), nil
	})
	return u, err
}

// ensureMetrics brings the stored metrics up to date for the configured
// settings when they are not (a command that reads metrics calls it first).
func ensureMetrics(ctx context.Context, db *store.DB) (metricsUpdate, error) {
	set, err := loadSettings(ctx, db)
	if err != nil {
		return metricsUpdate{}, err
	}
	st, err := db.MetricsStatus(ctx, analysis.MetricsVersion, set.SampleParams(), set.Fingerprint())
	if err != nil || st.Current() {
		return metricsUpdate{}, err
	}
	return updateMetrics(ctx, db, set, false)
}

// metricsSink stores each file as storeSink does and computes the metrics
// of the file's new sessions from the decoded values already in memory (in
// the decoding workers, beside the packing), so that an import need not read
// the samples back. The metrics are kept (small values) until finish stores
// them: a later file of the same import may merge into a session (a richer
// recording replacing it), and those sessions are dropped and left to
// finish's pass over stale sessions, as are the sessions of a file some of
// whose sessions merged.
type metricsSink struct {
	*storeSink
	set     analysis.Settings
	ok      bool // the configured settings could be read
	pending map[int64]model.Metrics
}

// newMetricsSink returns a sink over db computing metrics under the
// configured settings (when they cannot be read, finish reports why).
// Close it after the batch, before finish.
func newMetricsSink(ctx context.Context, db *store.DB) *metricsSink {
	set, err := loadSettings(ctx, db)
	return &metricsSink{storeSink: newStoreSink(db), set: set, ok: err == nil, pending: map[int64]model.Metrics{}}
}

// metricsPrepared is a file made ready by metricsSink.Prepare.
type metricsPrepared struct {
	packed  *store.Packed
	metrics []model.Metrics // one per session, without its ID; nil when !ok
}

// Store implements importers.Sink.
func (s *metricsSink) Store(ctx context.Context, src model.Source, sessions []model.Session) (int, int, bool, error) {
	return prepareAndStore(ctx, s, src, sessions)
}

// Prepare implements importers.Preparer: it packs the samples and computes
// the metrics, in a decoding worker.
func (s *metricsSink) Prepare(sessions []model.Session) (any, error) {
	p, err := store.Pack(sessions)
	if err != nil {
		return nil, err
	}
	mp := &metricsPrepared{packed: p}
	if s.ok {
		mp.metrics = make([]model.Metrics, len(sessions))
		for i := range sessions {
			mp.metrics[i] = computeMetrics(&store.StoredSession{Session: sessions[i]}, s.set)
		}
	}
	return mp, nil
}

// StorePrepared implements importers.Preparer.
func (s *metricsSink) StorePrepared(ctx context.Context, src model.Source, prepared any) (int, int, bool, error) {
	mp, ok := prepared.(*metricsPrepared)
	if !ok {
		return 0, 0, false, fmt.Errorf("store %s: prepared as %T, not by this sink", src.Path, prepared)
	}
	out, err := s.im.Import(ctx, src, mp.packed)
	mp.packed.Release()
	if err != nil {
		return 0, 0, false, err
	}
	for _, id := range out.MergedIDs {
		delete(s.pending, id)
	}
	if mp.metrics != nil && !out.Duplicate && len(out.SessionIDs) == len(mp.metrics) {
		for i, id := range out.SessionIDs {
			m := mp.metrics[i]
			m.SessionID = id
			s.pending[id] = m
		}
	}
	return len(out.SessionIDs), len(out.MergedIDs), out.Duplicate, nil
}

// finish stores the metrics computed during the import, brings the rest up
// to date (sessions merged during it, anything older) with every run's
// exposures, and returns a line for the import summary. A failure does not
// undo the import: it is reported on errOut as a warning.
func (s *metricsSink) finish(ctx context.Context, errOut io.Writer) string {
	ms := make([]model.Metrics, 0, len(s.pending))
	for _, m := range s.pending {
		ms = append(ms, m)
	}
	err := s.db.PutMetrics(ctx, ms)
	var u metricsUpdate
	if err == nil {
		u, err = ensureMetrics(ctx, s.db)
	}
	if err != nil {
		fmt.Fprintf(errOut, "backtrack: warning: metrics not updated (%v); run 'backtrack analyze'\n", err)
		return ""
	}
	return fmt.Sprintf("  analysed:   %d sessions (metrics), %d runs' exposures", len(ms)+u.Analysed, u.Exposures)
}

// loadMetrics returns every session's metrics under set, by session ID,
// with run exposures filled. The stored metrics are those of the configured
// settings cfg (call updateMetrics or ensureMetrics first); when set differs
// (a flag overriding a setting for one run), what it changes is recomputed
// in memory, never stored: the exposures and flags, and, for another
// hysteresis, the runs' hill metrics from their samples.
func loadMetrics(ctx context.Context, db *store.DB, set, cfg analysis.Settings) (map[int64]model.Metrics, error) {
	ms, err := db.ListMetrics(ctx, store.SessionFilter{})
	if err != nil || set == cfg {
		return ms, err
	}
	if set.SampleParams() != cfg.SampleParams() {
		err := db.ForEachSession(ctx, store.SessionFilter{Sport: model.Running}, true, func(s *store.StoredSession) error {
			ms[s.ID] = computeMetrics(s, set)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("analyse runs: %w", err)
		}
	}
	in, err := db.ExposureInputs(ctx)
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
		e := e
		e.Settings = set.Fingerprint()
		m.Exposure = &e
		ms[e.SessionID] = m
	}
	return ms, nil
}

// computeMetrics computes one session's metrics under set.
func computeMetrics(s *store.StoredSession, set analysis.Settings) model.Metrics {
	m := analysis.SessionMetrics(&s.Session, set)
	m.SessionID = s.ID
	return m
}

// RunMetricsJSON are a run's metric fields in the JSON of `sessions list`
// and `sessions show`; null when unknown. The names are stable: users'
// scripts read them.
type RunMetricsJSON struct {
	ClimbPerKm          *float64 `json:"climb_per_km"`
	Grade5UpShare       *float64 `json:"grade5_up_share"`
	Grade5DownShare     *float64 `json:"grade5_down_share"`
	CadenceDriftPct     *float64 `json:"cadence_drift_pct"`
	SpeedChangePct      *float64 `json:"speed_change_pct"`
	Hilly               *bool    `json:"hilly"`
	CadenceDrift        *bool    `json:"cadence_drift"`
	Deadlift48h         *bool    `json:"deadlift_48h"`
	Strength48h         *bool    `json:"strength_48h"`
	Deadlift14d         *bool    `json:"deadlift_14d"`
	HoursSinceStrength  *float64 `json:"hours_since_strength"`
	HoursSinceDeadlift  *float64 `json:"hours_since_deadlift"`
	DeadliftVolume72hKg *float64 `json:"deadlift_volume_72h_kg"`
	DeadliftVolume7dKg  *float64 `json:"deadlift_volume_7d_kg"`
	// The analysis's own ascent and descent (smoothed), beside the
	// device's ascent_m and descent_m.
	MetricsAscentM  *float64 `json:"metrics_ascent_m"`
	MetricsDescentM *float64 `json:"metrics_descent_m"`
	AltitudeSource  *string  `json:"altitude_source"`
	MovingS         *float64 `json:"moving_s"`
	CadenceEarlySPM *float64 `json:"cadence_early_spm"`
	CadenceLateSPM  *float64 `json:"cadence_late_spm"`
	SpeedEarlyMPS   *float64 `json:"speed_early_mps"`
	SpeedLateMPS    *float64 `json:"speed_late_mps"`
}

// StrengthMetricsJSON are a strength session's metric fields in the JSON of
// the sessions commands.
type StrengthMetricsJSON struct {
	Reps             *int     `json:"reps"`
	VolumeKg         *float64 `json:"volume_kg"`
	DeadliftSets     *int     `json:"deadlift_sets"`
	DeadliftVolumeKg *float64 `json:"deadlift_volume_kg"`
	// Categories, in `sessions show` only, sums the sets by exercise
	// category.
	Categories []CategoryJSON `json:"categories,omitempty"`
}

// CategoryJSON sums a strength session's sets of one exercise category.
type CategoryJSON struct {
	Category string   `json:"category"`
	Sets     int      `json:"sets"`
	Reps     int      `json:"reps"`
	VolumeKg *float64 `json:"volume_kg"`
}

// metricsJSON returns the metric fields of s for the sessions commands'
// JSON: run fields for a run, strength fields for a strength session (or
// any session with sets), nil otherwise. ok says whether m holds s's stored
// metrics.
func metricsJSON(s *store.StoredSession, m model.Metrics, ok bool) (*RunMetricsJSON, *StrengthMetricsJSON) {
	var run *RunMetricsJSON
	var str *StrengthMetricsJSON
	if !ok {
		m = model.UnknownMetrics()
	}
	if s.Sport == model.Running {
		h, d := &m.Hills, &m.Drift
		run = &RunMetricsJSON{
			ClimbPerKm: num(round(h.ClimbPerKm, 2)), Grade5UpShare: num(round(h.Grade5UpShare, 3)),
			Grade5DownShare: num(round(h.Grade5DownShare, 3)), CadenceDriftPct: num(round(d.CadenceDriftPct, 2)),
			SpeedChangePct: num(round(d.SpeedChangePct, 2)), MetricsAscentM: num(round(h.AscentM, 1)),
			MetricsDescentM: num(round(h.DescentM, 1)), MovingS: num(round(d.MovingS, 1)),
			CadenceEarlySPM: num(round(d.CadenceEarlySPM, 2)), CadenceLateSPM: num(round(d.CadenceLateSPM, 2)),
			SpeedEarlyMPS: num(round(d.SpeedEarlyMPS, 3)), SpeedLateMPS: num(round(d.SpeedLateMPS, 3)),
		}
		if h.AltitudeSource != "" {
			src := h.AltitudeSource
			run.AltitudeSource = &src
		}
		if e := m.Exposure; e != nil {
			run.Hilly, run.CadenceDrift = e.Hilly.Ptr(), e.CadenceDrift.Ptr()
			run.Deadlift48h, run.Strength48h, run.Deadlift14d = &e.Deadlift48h, &e.Strength48h, &e.Deadlift14d
			run.HoursSinceStrength, run.HoursSinceDeadlift = num(round(e.HoursSinceStrength, 2)), num(round(e.HoursSinceDeadlift, 2))
			run.DeadliftVolume72hKg, run.DeadliftVolume7dKg = num(round(e.DeadliftVolume72hKg, 1)), num(round(e.DeadliftVolume7dKg, 1))
		}
	}
	if st := m.Strength; st != nil || s.Sport == model.Strength {
		str = &StrengthMetricsJSON{}
		if st != nil {
			reps, dl := st.Reps, st.DeadliftSets
			str.Reps, str.DeadliftSets = &reps, &dl
			str.VolumeKg, str.DeadliftVolumeKg = num(round(st.VolumeKg, 1)), num(round(st.DeadliftVolumeKg, 1))
		}
	}
	return run, str
}

// categoriesJSON sums s's sets by exercise category.
func categoriesJSON(s *model.Session) []CategoryJSON {
	var out []CategoryJSON
	for _, c := range analysis.StrengthByCategory(s) {
		out = append(out, CategoryJSON{Category: c.Category, Sets: c.Sets, Reps: c.Reps, VolumeKg: num(round(c.VolumeKg, 1))})
	}
	return out
}

// readMetrics brings the stored metrics up to date (a failure is a
// warning on errOut: the stored, possibly older, metrics are shown) and
// returns those of the sessions f selects with the settings in use.
func readMetrics(ctx context.Context, db *store.DB, f store.SessionFilter, errOut io.Writer) (map[int64]model.Metrics, analysis.Settings) {
	if _, err := ensureMetrics(ctx, db); err != nil {
		fmt.Fprintf(errOut, "backtrack: warning: metrics not updated (%v); run 'backtrack analyze'\n", err)
	}
	set, err := loadSettings(ctx, db)
	if err != nil {
		set = analysis.DefaultSettings()
	}
	ms, err := db.ListMetrics(ctx, f)
	if err != nil {
		fmt.Fprintf(errOut, "backtrack: warning: %v\n", err)
	}
	return ms, set
}

// printSessionMetrics writes the metrics part of `sessions show`.
func printSessionMetrics(w io.Writer, s *store.StoredSession, m model.Metrics, ok bool, set analysis.Settings) {
	f := analysis.FormatSetting
	if s.Sport == model.Running {
		fmt.Fprintf(w, "\nMetrics (definitions v%d)\n", analysis.MetricsVersion)
		if !ok {
			fmt.Fprintln(w, "  not analysed yet (run 'backtrack analyze')")
			return
		}
		h, d := &m.Hills, &m.Drift
		switch {
		case model.Known(h.ClimbPerKm):
			fmt.Fprintf(w, "  hills:     climb %.1f m/km%s, ascent %.0f m, descent %.0f m (altitude: %s, smoothed)\n",
				h.ClimbPerKm, flagWord(set.Hilly(h.ClimbPerKm), " (hilly: ≥ "+f(set.HillyClimbMPerKm)+" m/km)", ""),
				h.AscentM, h.DescentM, h.AltitudeSource)
			fmt.Fprintf(w, "             grade ≥ 5%%: %.0f%% of the distance uphill, %.0f%% downhill\n",
				100*h.Grade5UpShare, 100*h.Grade5DownShare)
		case analysis.IsIndoor(s.SubSport):
			fmt.Fprintln(w, "  hills:     - (indoors)")
		default:
			fmt.Fprintln(w, "  hills:     - (no usable altitude)")
		}
		if model.Known(d.CadenceDriftPct) {
			fmt.Fprintf(w, "  cadence:   %.1f → %.1f steps/min late in the run (%+.1f%%%s)",
				d.CadenceEarlySPM, d.CadenceLateSPM, d.CadenceDriftPct,
				flagWord(set.CadenceDrift(d.CadenceDriftPct), ": cadence drift", ""))
			if model.Known(d.SpeedChangePct) {
				fmt.Fprintf(w, ", speed %+.1f%%", d.SpeedChangePct)
			}
			fmt.Fprintln(w)
		} else {
			fmt.Fprintf(w, "  cadence:   - (drift needs %d+ minutes of moving time with cadence; moving %s)\n",
				analysis.MinDriftMovingS/60, duration(d.MovingS))
		}
		if e := m.Exposure; e != nil {
			fmt.Fprintf(w, "  before:    strength %s, deadlifts %s\n", hoursAgo(e.HoursSinceStrength), hoursAgo(e.HoursSinceDeadlift))
			fmt.Fprintf(w, "             deadlift_48h %s, strength_48h %s (≤ %s h), deadlift_14d %s (≤ %s days)\n",
				yesNo(e.Deadlift48h), yesNo(e.Strength48h), f(set.StrengthWindowH), yesNo(e.Deadlift14d), f(set.DeadliftWindowD))
			fmt.Fprintf(w, "             deadlift volume %.0f kg in 72 h, %.0f kg in 7 days\n", e.DeadliftVolume72hKg, e.DeadliftVolume7dKg)
		}
		return
	}
	if ok && m.Strength != nil {
		st := m.Strength
		fmt.Fprintf(w, "\nStrength: %d sets, %d reps, volume %s, %d deadlift sets (%s)\n", st.Sets, st.Reps,
			kgOrDash(st.VolumeKg), st.DeadliftSets, kgOrDash(st.DeadliftVolumeKg))
		for _, c := range analysis.StrengthByCategory(&s.Session) {
			fmt.Fprintf(w, "  %-16s %2d sets %4d reps  %s\n", c.Category, c.Sets, c.Reps, kgOrDash(c.VolumeKg))
		}
	}
}

func flagWord(f model.Flag, yes, no string) string {
	if f.Yes() {
		return yes
	}
	return no
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func hoursAgo(h float64) string {
	switch {
	case !model.Known(h):
		return "never before"
	case h < 72:
		return fmt.Sprintf("%.1f h before", h)
	}
	return fmt.Sprintf("%.1f days before", h/24)
}

func kgOrDash(v float64) string {
	if !model.Known(v) {
		return "- kg"
	}
	return fmt.Sprintf("%.0f kg", v)
}
