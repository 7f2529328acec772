package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// metricsColumns are the columns of session_metrics that PutMetrics writes
// and the metrics scanner reads, in order.
var metricsColumns = []string{"session_id", "version", "params", "altitude_source", "altitude_noise_m",
	"ascent_m", "descent_m", "climb_per_km", "grade5_up_share", "grade5_down_share", "moving_s",
	"cadence_early_spm", "cadence_late_spm", "cadence_drift_pct", "speed_early_mps", "speed_late_mps",
	"speed_change_pct", "strength_sets", "strength_reps", "volume_kg", "deadlift_sets", "deadlift_volume_kg",
	"gct_early_ms", "gct_late_ms", "gct_late_expected_ms", "balance_early_pct", "balance_late_pct",
	"balance_late_expected_pct", "vo_early_mm", "vo_late_mm", "vo_late_expected_mm", "step_early_mm",
	"step_late_mm", "step_late_expected_mm", "power_early_w", "power_late_w", "power_late_expected_w",
	"grade_early_pct", "grade_late_pct"}

// formArgs returns the values of f for the form columns of metricsColumns.
func formArgs(f *model.FormMetrics) []any {
	var out []any
	for _, m := range formMeasures(f) {
		out = append(out, nullable(m.Early), nullable(m.Late), nullable(m.LateExpected))
	}
	return append(out, nullable(f.GradeEarlyPct), nullable(f.GradeLatePct))
}

// formMeasures returns pointers to f's measures in the order of the form
// columns.
func formMeasures(f *model.FormMetrics) []*model.FormMeasure {
	return []*model.FormMeasure{&f.GroundContactMS, &f.BalanceLeftPct, &f.VerticalOscillationMM, &f.StepLengthMM, &f.PowerW}
}

// formScan holds the scan targets of the form columns.
type formScan [17]sql.NullFloat64

func (x *formScan) dest() []any {
	out := make([]any, len(x))
	for i := range x {
		out[i] = &x[i]
	}
	return out
}

// form returns the scanned values.
func (x *formScan) form() model.FormMetrics {
	m := func(i int) model.FormMeasure {
		return model.FormMeasure{Early: float(x[3*i]), Late: float(x[3*i+1]), LateExpected: float(x[3*i+2])}
	}
	return model.FormMetrics{GroundContactMS: m(0), BalanceLeftPct: m(1), VerticalOscillationMM: m(2), StepLengthMM: m(3),
		PowerW: m(4), GradeEarlyPct: float(x[15]), GradeLatePct: float(x[16])}
}

// exposureColumns are the exposure columns the metrics scanner reads after
// metricsColumns.
var exposureColumns = []string{"exposed_with", "deadlift_48h", "strength_48h", "deadlift_14d",
	"hours_since_strength", "hours_since_deadlift", "deadlift_volume_72h_kg", "deadlift_volume_7d_kg",
	"hilly", "cadence_drift", "form_drift", "balance_shift", "balance_baseline_pct"}

// formColumnList returns the form columns of metricsColumns (the 17 after
// deadlift_volume_kg), each prefixed by prefix.
func formColumnList(prefix string) string {
	i := slices.Index(metricsColumns, "gct_early_ms")
	return columnList(prefix, metricsColumns[i:i+17])
}

// columnList joins column names with commas, each prefixed by prefix.
func columnList(prefix string, cols ...[]string) string {
	var b strings.Builder
	for _, cs := range cols {
		for _, c := range cs {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(prefix + c)
		}
	}
	return b.String()
}

// PutMetrics stores the metrics of sessions (replacing any stored before,
// exposures included; their Exposure fields are ignored: see
// UpdateExposures) in one transaction, through one prepared statement.
// A rewritten run's exposures are thus out of date; when
// any of ms is a strength session, so do every run's (a new deadlift
// changes the runs after it). A session ID that does not exist is an error.
func (db *DB) PutMetrics(ctx context.Context, ms []model.Metrics) error {
	if len(ms) == 0 {
		return nil
	}
	tx, err := db.beginWrite(ctx, db.w.BeginTx)
	if err != nil {
		return fmt.Errorf("store metrics: %w", db.classify(err))
	}
	defer tx.Rollback()
	if err := putMetrics(ctx, tx, ms, stamp(db.Now())); err != nil {
		return fmt.Errorf("store metrics: %w", db.classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store metrics: commit: %w", db.classify(err))
	}
	return nil
}

func putMetrics(ctx context.Context, tx *sql.Tx, ms []model.Metrics, now string) error {
	stmt, err := tx.PrepareContext(ctx, `
		INSERT OR REPLACE INTO session_metrics (`+columnList("", metricsColumns)+`, computed_at)
		VALUES (?`+strings.Repeat(", ?", len(metricsColumns))+`)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	strength := false
	for i := range ms {
		m := &ms[i]
		var sets, reps, dlSets, vol, dlVol any
		if st := m.Strength; st != nil {
			strength = true
			sets, reps, dlSets = st.Sets, st.Reps, st.DeadliftSets
			vol, dlVol = nullable(st.VolumeKg), nullable(st.DeadliftVolumeKg)
		}
		h, d := &m.Hills, &m.Drift
		args := []any{m.SessionID, m.Version, m.Params, h.AltitudeSource,
			nullable(h.AltitudeNoiseM), nullable(h.AscentM), nullable(h.DescentM), nullable(h.ClimbPerKm),
			nullable(h.Grade5UpShare), nullable(h.Grade5DownShare), nullable(d.MovingS),
			nullable(d.CadenceEarlySPM), nullable(d.CadenceLateSPM), nullable(d.CadenceDriftPct),
			nullable(d.SpeedEarlyMPS), nullable(d.SpeedLateMPS), nullable(d.SpeedChangePct),
			sets, reps, vol, dlSets, dlVol}
		args = append(append(args, formArgs(&m.Form)...), now)
		_, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return fmt.Errorf("session %d: %w", m.SessionID, err)
		}
	}
	if strength {
		if _, err := tx.ExecContext(ctx, "UPDATE session_metrics SET exposed_with = '' WHERE exposed_with <> ''"); err != nil {
			return fmt.Errorf("mark exposures out of date: %w", err)
		}
	}
	return nil
}

// metricsScanner reads session_metrics rows, reusing its scan targets.
type metricsScanner struct {
	noise, asc, desc, climb, up, down, moving, cadE, cadL, drift, spE, spL, spC sql.NullFloat64
	sets, reps, dlSets                                                          sql.NullInt64
	vol, dlVol                                                                  sql.NullFloat64
	exposedWith                                                                 string
	dl48, st48, dl14, hilly, cadDrift                                           sql.NullBool
	hSt, hDl, v72, v7                                                           sql.NullFloat64
	form                                                                        formScan
	formDrift, balShift                                                         sql.NullBool
	balBase                                                                     sql.NullFloat64
	m                                                                           model.Metrics
	dest                                                                        []any
}

func (sc *metricsScanner) scan(rows *sql.Rows) (model.Metrics, error) {
	if sc.dest == nil {
		// Built once: the targets are the scanner's own fields (the
		// metrics' string and integer columns go through sc.m).
		sc.dest = []any{&sc.m.SessionID, &sc.m.Version, &sc.m.Params, &sc.m.Hills.AltitudeSource, &sc.noise, &sc.asc, &sc.desc,
			&sc.climb, &sc.up, &sc.down, &sc.moving, &sc.cadE, &sc.cadL, &sc.drift, &sc.spE, &sc.spL, &sc.spC,
			&sc.sets, &sc.reps, &sc.vol, &sc.dlSets, &sc.dlVol}
		sc.dest = append(sc.dest, sc.form.dest()...)
		sc.dest = append(sc.dest, &sc.exposedWith, &sc.dl48, &sc.st48, &sc.dl14, &sc.hSt, &sc.hDl, &sc.v72, &sc.v7, &sc.hilly,
			&sc.cadDrift, &sc.formDrift, &sc.balShift, &sc.balBase)
	}
	sc.m = model.Metrics{}
	err := rows.Scan(sc.dest...)
	if err != nil {
		return model.Metrics{}, fmt.Errorf("read metrics: %w", err)
	}
	m := sc.m
	h, d := &m.Hills, &m.Drift
	h.AltitudeNoiseM, h.AscentM, h.DescentM = float(sc.noise), float(sc.asc), float(sc.desc)
	h.ClimbPerKm, h.Grade5UpShare, h.Grade5DownShare = float(sc.climb), float(sc.up), float(sc.down)
	d.MovingS, d.CadenceEarlySPM, d.CadenceLateSPM, d.CadenceDriftPct = float(sc.moving), float(sc.cadE), float(sc.cadL), float(sc.drift)
	d.SpeedEarlyMPS, d.SpeedLateMPS, d.SpeedChangePct = float(sc.spE), float(sc.spL), float(sc.spC)
	m.Form = sc.form.form()
	if sc.sets.Valid {
		m.Strength = &model.StrengthTotals{Sets: int(sc.sets.Int64), Reps: int(sc.reps.Int64), VolumeKg: float(sc.vol),
			DeadliftSets: int(sc.dlSets.Int64), DeadliftVolumeKg: float(sc.dlVol)}
	}
	if sc.dl48.Valid {
		m.Exposure = &model.Exposure{SessionID: m.SessionID, Deadlift48h: sc.dl48.Bool, Strength48h: sc.st48.Bool,
			Deadlift14d: sc.dl14.Bool, HoursSinceStrength: float(sc.hSt), HoursSinceDeadlift: float(sc.hDl),
			DeadliftVolume72hKg: float(sc.v72), DeadliftVolume7dKg: float(sc.v7),
			Hilly: flag(sc.hilly), CadenceDrift: flag(sc.cadDrift), FormDrift: flag(sc.formDrift),
			BalanceShift: flag(sc.balShift), BalanceBaselinePct: float(sc.balBase), Settings: sc.exposedWith}
	}
	return m, nil
}

// flag returns b as a model.Flag: NULL is unknown.
func flag(b sql.NullBool) model.Flag {
	if !b.Valid {
		return model.FlagUnknown
	}
	return model.FlagOf(b.Bool)
}

// ListMetrics returns the stored metrics of the sessions f selects, by
// session ID. Sessions never analysed are missing from the map.
func (db *DB) ListMetrics(ctx context.Context, f SessionFilter) (map[int64]model.Metrics, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	return db.queryMetrics(ctx, where, args)
}

// GetMetrics returns the stored metrics of session id; a session never
// analysed (or unknown) is an error wrapping ErrNotFound.
func (db *DB) GetMetrics(ctx context.Context, id int64) (model.Metrics, error) {
	out, err := db.queryMetrics(ctx, "s.id = ?", []any{id})
	if err != nil {
		return model.Metrics{}, err
	}
	m, ok := out[id]
	if !ok {
		return model.Metrics{}, fmt.Errorf("metrics of session %d: %w", id, ErrNotFound)
	}
	return m, nil
}

func (db *DB) queryMetrics(ctx context.Context, where string, args []any) (map[int64]model.Metrics, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT `+columnList("m.", metricsColumns, exposureColumns)+`
		FROM session_metrics m JOIN sessions s ON s.id = m.session_id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	defer rows.Close()
	out := map[int64]model.Metrics{}
	sc := &metricsScanner{}
	for rows.Next() {
		m, err := sc.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list metrics: %w", err)
		}
		out[m.SessionID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	return out, nil
}

// MetricsStatus says how up to date the stored metrics are.
type MetricsStatus struct {
	// Sessions counts every session.
	Sessions int
	// Stale counts the sessions without current metrics: never analysed,
	// analysed under another version, or runs analysed under other sample
	// parameters.
	Stale int
	// StaleExposures counts the runs whose exposures were computed under
	// other settings, or never.
	StaleExposures int
}

// Current reports whether nothing needs computing.
func (s MetricsStatus) Current() bool { return s.Stale == 0 && s.StaleExposures == 0 }

// staleWhere selects (on sessions aliased s) the sessions whose metrics are
// not current for version ?1 and run parameters ?2.
const staleWhere = `NOT EXISTS (SELECT 1 FROM session_metrics m WHERE m.session_id = s.id
	AND m.version = ?1 AND (s.sport <> 'running' OR m.params = ?2))`

// MetricsStatus counts the sessions whose metrics are out of date for the
// analysis version, the run sample parameters params and, for exposures,
// the settings fingerprint.
func (db *DB) MetricsStatus(ctx context.Context, version int, params, fingerprint string) (MetricsStatus, error) {
	var st MetricsStatus
	err := db.r.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM sessions),
			(SELECT count(*) FROM sessions s WHERE `+staleWhere+`),
			(SELECT count(*) FROM sessions s LEFT JOIN session_metrics m ON m.session_id = s.id
				WHERE s.sport = 'running' AND (m.exposed_with IS NULL OR m.exposed_with <> ?3))`,
		version, params, fingerprint).Scan(&st.Sessions, &st.Stale, &st.StaleExposures)
	if err != nil {
		return MetricsStatus{}, fmt.Errorf("metrics status: %w", err)
	}
	return st, nil
}

// ForEachStaleSession calls fn, in start order, for each session whose
// metrics are out of date for version and the run sample parameters
// params (see MetricsStatus), with its laps, sets and samples, one session's
// samples at a time, like ForEachSession.
func (db *DB) ForEachStaleSession(ctx context.Context, version int, params string, fn func(*StoredSession) error) error {
	return db.eachSession(ctx, staleWhere, []any{version, params}, true, fn)
}

// ExposureInputs reads the runs and the strength sessions (those with
// stored strength totals) the exposures are computed from. They need no
// samples: this is cheap even for years of data.
func (db *DB) ExposureInputs(ctx context.Context) (model.ExposureInputs, error) {
	var in model.ExposureInputs
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		in, err = exposureInputs(ctx, tx)
		return err
	})
	if err != nil {
		return model.ExposureInputs{}, fmt.Errorf("read exposure inputs: %w", err)
	}
	return in, nil
}

func exposureInputs(ctx context.Context, tx *sql.Tx) (model.ExposureInputs, error) {
	var in model.ExposureInputs
	rows, err := tx.QueryContext(ctx, `
		SELECT s.id, s.start_utc, m.climb_per_km, m.cadence_drift_pct,
			s.device_manufacturer, s.device_product, s.device_serial, s.form_sensor, `+formColumnList("m.")+`
		FROM sessions s LEFT JOIN session_metrics m ON m.session_id = s.id
		WHERE s.sport = 'running' ORDER BY s.start_utc, s.id`)
	if err != nil {
		return in, err
	}
	defer rows.Close()
	var form formScan
	var rec recorderScan
	for rows.Next() {
		var r model.ExposureRun
		var ms int64
		var climb, drift sql.NullFloat64
		dest := append([]any{&r.SessionID, &ms, &climb, &drift}, rec.dest()...)
		if err := rows.Scan(append(dest, form.dest()...)...); err != nil {
			return in, err
		}
		r.Start = time.UnixMilli(ms).UTC()
		r.ClimbPerKm, r.CadenceDriftPct = float(climb), float(drift)
		r.Form, r.FormDevice = form.form(), rec.recorder().FormDevice()
		in.Runs = append(in.Runs, r)
	}
	if err := rows.Err(); err != nil {
		return in, err
	}
	rows.Close()
	rows, err = tx.QueryContext(ctx, `
		SELECT s.id, s.start_utc, m.deadlift_sets, m.deadlift_volume_kg
		FROM sessions s JOIN session_metrics m ON m.session_id = s.id
		WHERE m.strength_sets IS NOT NULL ORDER BY s.start_utc, s.id`)
	if err != nil {
		return in, err
	}
	defer rows.Close()
	for rows.Next() {
		var st model.ExposureStrength
		var ms int64
		var vol sql.NullFloat64
		if err := rows.Scan(&st.SessionID, &ms, &st.DeadliftSets, &vol); err != nil {
			return in, err
		}
		st.Start = time.UnixMilli(ms).UTC()
		st.DeadliftVolumeKg = float(vol)
		in.Strength = append(in.Strength, st)
	}
	return in, rows.Err()
}

// UpdateExposures recomputes every run's exposures in one write
// transaction: it reads the inputs inside it (so that an import committing
// meanwhile cannot slip between the read and the write), calls compute,
// and writes each returned exposure with the settings fingerprint. Runs
// without a metrics row are skipped (analyse them first). It returns how
// many runs it updated. compute must not use db.
func (db *DB) UpdateExposures(ctx context.Context, fingerprint string, compute func(model.ExposureInputs) ([]model.Exposure, error)) (int, error) {
	if fingerprint == "" {
		return 0, errors.New("update exposures: empty settings fingerprint")
	}
	tx, err := db.beginWrite(ctx, db.w.BeginTx)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", db.classify(err))
	}
	defer tx.Rollback()
	in, err := exposureInputs(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", db.classify(err))
	}
	es, err := compute(in)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", db.classify(err))
	}
	n, err := putExposures(ctx, tx, es, fingerprint)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", db.classify(err))
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("update exposures: commit: %w", db.classify(err))
	}
	return n, nil
}

func putExposures(ctx context.Context, tx *sql.Tx, es []model.Exposure, fingerprint string) (int, error) {
	stmt, err := tx.PrepareContext(ctx, `
		UPDATE session_metrics SET exposed_with = ?, deadlift_48h = ?, strength_48h = ?, deadlift_14d = ?,
			hours_since_strength = ?, hours_since_deadlift = ?, deadlift_volume_72h_kg = ?,
			deadlift_volume_7d_kg = ?, hilly = ?, cadence_drift = ?, form_drift = ?, balance_shift = ?,
			balance_baseline_pct = ?
		WHERE session_id = ?`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	n := 0
	for _, e := range es {
		res, err := stmt.ExecContext(ctx, fingerprint, e.Deadlift48h, e.Strength48h, e.Deadlift14d,
			nullable(e.HoursSinceStrength), nullable(e.HoursSinceDeadlift), nullable(e.DeadliftVolume72hKg),
			nullable(e.DeadliftVolume7dKg), nullableFlag(e.Hilly), nullableFlag(e.CadenceDrift),
			nullableFlag(e.FormDrift), nullableFlag(e.BalanceShift), nullable(e.BalanceBaselinePct), e.SessionID)
		if err != nil {
			return 0, fmt.Errorf("run %d: %w", e.SessionID, err)
		}
		k, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		n += int(k)
	}
	return n, nil
}

// nullableFlag returns nil (SQL NULL) for an unknown flag, else its value.
func nullableFlag(f model.Flag) any {
	if !f.Known() {
		return nil
	}
	return f.Yes()
}
