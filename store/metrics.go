package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Metrics is what the analysis computed for one session, as stored in
// session_metrics. Unknown values are NaN. The store does not compute them
// (see package analysis); it keeps them with the version and parameters
// they were computed under, so that out-of-date rows can be found.
type Metrics struct {
	// SessionID is the session's ID.
	SessionID int64
	// Version is the analysis.MetricsVersion the row was computed under.
	Version int
	// Params are the sample settings a run's row was computed under
	// (analysis.Settings.SampleParams); "" for other sessions.
	Params string

	// AltitudeSource is "barometric", "gps" or "" (hills unknown).
	AltitudeSource string
	// AltitudeNoiseM is the estimated σ of the raw altitude, metres.
	AltitudeNoiseM float64
	// AscentM, DescentM: metres climbed and descended (smoothed).
	AscentM, DescentM float64
	// ClimbPerKm is metres climbed per km.
	ClimbPerKm float64
	// Grade5UpShare, Grade5DownShare: shares (0–1) of the distance at a
	// grade of 5% or more up and down.
	Grade5UpShare, Grade5DownShare float64
	// MovingS is the moving time in seconds.
	MovingS float64
	// CadenceEarlySPM and CadenceLateSPM are the median cadences (steps/min)
	// over 10–50% and the final 25% of moving time; CadenceDriftPct their
	// change in percent.
	CadenceEarlySPM, CadenceLateSPM, CadenceDriftPct float64
	// SpeedEarlyMPS and SpeedLateMPS are the median speeds (m/s) over the
	// same spans; SpeedChangePct their change in percent.
	SpeedEarlyMPS, SpeedLateMPS, SpeedChangePct float64

	// Strength sums the session's strength sets; nil for a session that is
	// not a strength session.
	Strength *StrengthTotals
	// Exposure is what came before a run; nil for other sessions and for
	// runs whose exposures were never computed. It is filled on read only:
	// PutMetrics ignores it (see UpdateExposures).
	Exposure *Exposure
}

// StrengthTotals are a strength session's sums.
type StrengthTotals struct {
	// Sets and Reps count the active sets and their recorded repetitions.
	Sets, Reps int
	// VolumeKg is reps × kg over the sets with both; NaN when none has.
	VolumeKg float64
	// DeadliftSets counts the deadlift-category sets.
	DeadliftSets int
	// DeadliftVolumeKg is their volume; NaN when unknown.
	DeadliftVolumeKg float64
}

// Exposure is what came before one run, as the analysis computed it.
type Exposure struct {
	// SessionID is the run's ID.
	SessionID int64
	// Deadlift48h, Strength48h and Deadlift14d are the window exposures.
	Deadlift48h, Strength48h, Deadlift14d bool
	// HoursSinceStrength and HoursSinceDeadlift are hours since the last
	// such session; NaN when there was none.
	HoursSinceStrength, HoursSinceDeadlift float64
	// DeadliftVolume72hKg and DeadliftVolume7dKg are the deadlift volumes
	// (kg) of the 72 hours and 7 days before.
	DeadliftVolume72hKg, DeadliftVolume7dKg float64
	// Hilly and CadenceDrift are the run's own flags under the settings;
	// nil when unknown.
	Hilly, CadenceDrift *bool
	// Settings is the fingerprint of the settings the exposure was computed
	// under (analysis.Settings.Fingerprint); set by UpdateExposures.
	Settings string
}

// metricsColumns are the columns of session_metrics that PutMetrics writes
// and the metrics scanner reads, in order.
var metricsColumns = []string{"session_id", "version", "params", "altitude_source", "altitude_noise_m",
	"ascent_m", "descent_m", "climb_per_km", "grade5_up_share", "grade5_down_share", "moving_s",
	"cadence_early_spm", "cadence_late_spm", "cadence_drift_pct", "speed_early_mps", "speed_late_mps",
	"speed_change_pct", "strength_sets", "strength_reps", "volume_kg", "deadlift_sets", "deadlift_volume_kg"}

// exposureColumns are the exposure columns the metrics scanner reads after
// metricsColumns.
var exposureColumns = []string{"exposed_with", "deadlift_48h", "strength_48h", "deadlift_14d",
	"hours_since_strength", "hours_since_deadlift", "deadlift_volume_72h_kg", "deadlift_volume_7d_kg",
	"hilly", "cadence_drift"}

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
// exposures included) in one transaction, through one prepared statement.
// A rewritten run's exposures are thus out of date; when
// any of ms is a strength session, so do every run's (a new deadlift
// changes the runs after it). A session ID that does not exist is an error.
func (db *DB) PutMetrics(ctx context.Context, ms []Metrics) error {
	if len(ms) == 0 {
		return nil
	}
	tx, err := beginWrite(ctx, db.w.BeginTx)
	if err != nil {
		return fmt.Errorf("store metrics: %w", err)
	}
	defer tx.Rollback()
	if err := putMetrics(ctx, tx, ms, stamp(db.Now())); err != nil {
		return fmt.Errorf("store metrics: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store metrics: commit: %w", err)
	}
	return nil
}

func putMetrics(ctx context.Context, tx *sql.Tx, ms []Metrics, now string) error {
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
		_, err := stmt.ExecContext(ctx, m.SessionID, m.Version, m.Params, m.AltitudeSource,
			nullable(m.AltitudeNoiseM), nullable(m.AscentM), nullable(m.DescentM), nullable(m.ClimbPerKm),
			nullable(m.Grade5UpShare), nullable(m.Grade5DownShare), nullable(m.MovingS),
			nullable(m.CadenceEarlySPM), nullable(m.CadenceLateSPM), nullable(m.CadenceDriftPct),
			nullable(m.SpeedEarlyMPS), nullable(m.SpeedLateMPS), nullable(m.SpeedChangePct),
			sets, reps, vol, dlSets, dlVol, now)
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
}

func (sc *metricsScanner) scan(rows *sql.Rows) (Metrics, error) {
	var m Metrics
	err := rows.Scan(&m.SessionID, &m.Version, &m.Params, &m.AltitudeSource, &sc.noise, &sc.asc, &sc.desc,
		&sc.climb, &sc.up, &sc.down, &sc.moving, &sc.cadE, &sc.cadL, &sc.drift, &sc.spE, &sc.spL, &sc.spC,
		&sc.sets, &sc.reps, &sc.vol, &sc.dlSets, &sc.dlVol,
		&sc.exposedWith, &sc.dl48, &sc.st48, &sc.dl14, &sc.hSt, &sc.hDl, &sc.v72, &sc.v7, &sc.hilly, &sc.cadDrift)
	if err != nil {
		return Metrics{}, fmt.Errorf("read metrics: %w", err)
	}
	m.AltitudeNoiseM, m.AscentM, m.DescentM = float(sc.noise), float(sc.asc), float(sc.desc)
	m.ClimbPerKm, m.Grade5UpShare, m.Grade5DownShare = float(sc.climb), float(sc.up), float(sc.down)
	m.MovingS, m.CadenceEarlySPM, m.CadenceLateSPM, m.CadenceDriftPct = float(sc.moving), float(sc.cadE), float(sc.cadL), float(sc.drift)
	m.SpeedEarlyMPS, m.SpeedLateMPS, m.SpeedChangePct = float(sc.spE), float(sc.spL), float(sc.spC)
	if sc.sets.Valid {
		m.Strength = &StrengthTotals{Sets: int(sc.sets.Int64), Reps: int(sc.reps.Int64), VolumeKg: float(sc.vol),
			DeadliftSets: int(sc.dlSets.Int64), DeadliftVolumeKg: float(sc.dlVol)}
	}
	if sc.dl48.Valid {
		m.Exposure = &Exposure{SessionID: m.SessionID, Deadlift48h: sc.dl48.Bool, Strength48h: sc.st48.Bool,
			Deadlift14d: sc.dl14.Bool, HoursSinceStrength: float(sc.hSt), HoursSinceDeadlift: float(sc.hDl),
			DeadliftVolume72hKg: float(sc.v72), DeadliftVolume7dKg: float(sc.v7),
			Hilly: boolPtr(sc.hilly), CadenceDrift: boolPtr(sc.cadDrift), Settings: sc.exposedWith}
	}
	return m, nil
}

func boolPtr(b sql.NullBool) *bool {
	if !b.Valid {
		return nil
	}
	v := b.Bool
	return &v
}

// ListMetrics returns the stored metrics of the sessions f selects, by
// session ID. Sessions never analysed are missing from the map.
func (db *DB) ListMetrics(ctx context.Context, f SessionFilter) (map[int64]Metrics, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	return db.queryMetrics(ctx, where, args)
}

// GetMetrics returns the stored metrics of session id; a session never
// analysed (or unknown) is an error wrapping ErrNotFound.
func (db *DB) GetMetrics(ctx context.Context, id int64) (Metrics, error) {
	out, err := db.queryMetrics(ctx, "s.id = ?", []any{id})
	if err != nil {
		return Metrics{}, err
	}
	m, ok := out[id]
	if !ok {
		return Metrics{}, fmt.Errorf("metrics of session %d: %w", id, ErrNotFound)
	}
	return m, nil
}

func (db *DB) queryMetrics(ctx context.Context, where string, args []any) (map[int64]Metrics, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT `+columnList("m.", metricsColumns, exposureColumns)+`
		FROM session_metrics m JOIN sessions s ON s.id = m.session_id
		WHERE `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	defer rows.Close()
	out := map[int64]Metrics{}
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

// ExposureRun is a run as the exposures need it.
type ExposureRun struct {
	// SessionID is the run's ID.
	SessionID int64
	// Start is its start instant (UTC).
	Start time.Time
	// ClimbPerKm and CadenceDriftPct are its stored metrics, for the flags;
	// NaN when unknown or never computed.
	ClimbPerKm, CadenceDriftPct float64
}

// ExposureStrength is a strength session as the exposures need it.
type ExposureStrength struct {
	// SessionID is the session's ID.
	SessionID int64
	// Start is its start instant (UTC).
	Start time.Time
	// DeadliftSets counts its deadlift sets; DeadliftVolumeKg is their
	// volume (NaN unknown).
	DeadliftSets     int
	DeadliftVolumeKg float64
}

// ExposureInputs are every run and every analysed strength session.
type ExposureInputs struct {
	// Runs are every running session, in start order.
	Runs []ExposureRun
	// Strength are the sessions with stored strength totals, in start
	// order.
	Strength []ExposureStrength
}

// ExposureInputs reads the runs and the strength sessions (those with
// stored strength totals) the exposures are computed from. They need no
// samples: this is cheap even for years of data.
func (db *DB) ExposureInputs(ctx context.Context) (ExposureInputs, error) {
	var in ExposureInputs
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		in, err = exposureInputs(ctx, tx)
		return err
	})
	if err != nil {
		return ExposureInputs{}, fmt.Errorf("read exposure inputs: %w", err)
	}
	return in, nil
}

func exposureInputs(ctx context.Context, tx *sql.Tx) (ExposureInputs, error) {
	var in ExposureInputs
	rows, err := tx.QueryContext(ctx, `
		SELECT s.id, s.start_utc, m.climb_per_km, m.cadence_drift_pct
		FROM sessions s LEFT JOIN session_metrics m ON m.session_id = s.id
		WHERE s.sport = 'running' ORDER BY s.start_utc, s.id`)
	if err != nil {
		return in, err
	}
	defer rows.Close()
	for rows.Next() {
		var r ExposureRun
		var ms int64
		var climb, drift sql.NullFloat64
		if err := rows.Scan(&r.SessionID, &ms, &climb, &drift); err != nil {
			return in, err
		}
		r.Start = time.UnixMilli(ms).UTC()
		r.ClimbPerKm, r.CadenceDriftPct = float(climb), float(drift)
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
		var st ExposureStrength
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
func (db *DB) UpdateExposures(ctx context.Context, fingerprint string, compute func(ExposureInputs) ([]Exposure, error)) (int, error) {
	if fingerprint == "" {
		return 0, errors.New("update exposures: empty settings fingerprint")
	}
	tx, err := beginWrite(ctx, db.w.BeginTx)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", err)
	}
	defer tx.Rollback()
	in, err := exposureInputs(ctx, tx)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", err)
	}
	es, err := compute(in)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", err)
	}
	n, err := putExposures(ctx, tx, es, fingerprint)
	if err != nil {
		return 0, fmt.Errorf("update exposures: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("update exposures: commit: %w", err)
	}
	return n, nil
}

func putExposures(ctx context.Context, tx *sql.Tx, es []Exposure, fingerprint string) (int, error) {
	stmt, err := tx.PrepareContext(ctx, `
		UPDATE session_metrics SET exposed_with = ?, deadlift_48h = ?, strength_48h = ?, deadlift_14d = ?,
			hours_since_strength = ?, hours_since_deadlift = ?, deadlift_volume_72h_kg = ?,
			deadlift_volume_7d_kg = ?, hilly = ?, cadence_drift = ?
		WHERE session_id = ?`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	n := 0
	for _, e := range es {
		res, err := stmt.ExecContext(ctx, fingerprint, e.Deadlift48h, e.Strength48h, e.Deadlift14d,
			nullable(e.HoursSinceStrength), nullable(e.HoursSinceDeadlift), nullable(e.DeadliftVolume72hKg),
			nullable(e.DeadliftVolume7dKg), nullableBool(e.Hilly), nullableBool(e.CadenceDrift), e.SessionID)
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

// nullableBool returns nil (SQL NULL) for nil, else the value.
func nullableBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}
