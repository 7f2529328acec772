package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/backtrack/backtrack/model"
)

// ImportOutcome says what ImportSource did.
type ImportOutcome struct {
	// Duplicate is true when a source with the same SHA-256 was already
	// stored: nothing was written.
	Duplicate bool
	// SourceID is the sources row of the file (the existing one for a
	// duplicate).
	SourceID int64
	// SessionIDs are the new sessions' IDs, in the order given; nil for a
	// duplicate. Sessions merged into an existing one are not among them.
	SessionIDs []int64
	// MergedIDs are the existing sessions that sessions of this source
	// turned out to be other recordings of (design.md: the same run from the
	// watch and from Strava); the source is linked to them.
	MergedIDs []int64
}

// SourceKnown reports whether bytes with this sha256 (lower-case hex) were
// imported (sources) or skipped (skipped_sources) before, and the skip
// reason if skipped. An imported source has an empty reason.
func (db *DB) SourceKnown(ctx context.Context, sha256 string) (known bool, skipReason string, err error) {
	var reason sql.NullString
	err = db.r.QueryRowContext(ctx, `
		SELECT NULL FROM sources WHERE sha256 = ?1
		UNION ALL
		SELECT reason FROM skipped_sources WHERE sha256 = ?1
		LIMIT 1`, sha256).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return false, "", nil
	}
	if err != nil {
		return false, "", fmt.Errorf("look up source %s: %w", sha256, err)
	}
	return true, reason.String, nil
}

// RecordSkip remembers that the file with this sha256 was not imported and
// why, so that SourceKnown finds it next time. Recording the same sha256
// again replaces the path and reason.
func (db *DB) RecordSkip(ctx context.Context, sha256, path, reason string) error {
	if err := checkSHA256(sha256); err != nil {
		return fmt.Errorf("record skip %s: %w", path, err)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record skip %s: %w", path, err)
	}
	defer tx.Rollback()
	if err := insertSkip(ctx, tx, sha256, path, reason, db.Now()); err != nil {
		return fmt.Errorf("record skip %s: %w", path, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record skip %s: commit: %w", path, err)
	}
	return nil
}

func insertSkip(ctx context.Context, tx *sql.Tx, sha256, path, reason string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO skipped_sources (sha256, path, reason, seen_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, reason = excluded.reason, seen_at = excluded.seen_at`,
		sha256, path, reason, stamp(now))
	return err
}

// ImportSource stores src and its sessions (with samples, laps and sets) in
// one transaction: either all of it is stored or, on any error, none. If a
// source with src.SHA256 already exists it is a no-op returning
// Duplicate=true. A previous skip of the same bytes is forgotten.
//
// ImportSource is safe for concurrent use; calls on one DB run one at a
// time, and calls from other DBs or processes on the same file wait for
// each other (up to the busy timeout).
func (db *DB) ImportSource(ctx context.Context, src model.Source, sessions []model.Session) (ImportOutcome, error) {
	if err := checkSource(src); err != nil {
		return ImportOutcome{}, fmt.Errorf("import %s: %w", src.Path, err)
	}
	db.mu.Lock()
	defer db.mu.Unlock()

	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("import %s: %w", src.Path, err)
	}
	defer tx.Rollback()
	id, dup, err := insertSource(ctx, tx, src, db.Now())
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("import %s: %w", src.Path, err)
	}
	if dup {
		changed, err := fillNames(ctx, tx, id, sessions)
		if err != nil {
			return ImportOutcome{}, fmt.Errorf("import %s: %w", src.Path, err)
		}
		if changed {
			if err := tx.Commit(); err != nil {
				return ImportOutcome{}, fmt.Errorf("import %s: commit: %w", src.Path, err)
			}
		}
		return ImportOutcome{Duplicate: true, SourceID: id}, nil
	}
	ids, merged, err := db.insertSessions(ctx, tx, id, src.Format, sessions)
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("import %s: %w", src.Path, err)
	}
	if err := db.hook(ctx, "commit"); err != nil {
		return ImportOutcome{}, fmt.Errorf("import %s: %w", src.Path, err)
	}
	if err := tx.Commit(); err != nil {
		return ImportOutcome{}, fmt.Errorf("import %s: commit: %w", src.Path, err)
	}
	return ImportOutcome{SourceID: id, SessionIDs: ids, MergedIDs: merged}, nil
}

// hook runs the test hook, if any, at the named point.
func (db *DB) hook(ctx context.Context, point string) error {
	if db.testHook == nil {
		return nil
	}
	return db.testHook(ctx, point)
}

// checkSHA256 reports an error unless s is 64 lower-case hex digits.
func checkSHA256(s string) error {
	if len(s) != 64 {
		return fmt.Errorf("sha256 %q: want 64 hex digits", s)
	}
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return fmt.Errorf("sha256 %q: want lower-case hex digits", s)
		}
	}
	return nil
}

// checkSource reports the first thing wrong with src.
func checkSource(src model.Source) error {
	if err := checkSHA256(src.SHA256); err != nil {
		return err
	}
	switch src.Status {
	case model.StatusOK, model.StatusPartial, model.StatusCRCUnverified:
	default:
		return fmt.Errorf("source status %q: want ok, partial or crc_unverified", src.Status)
	}
	if src.Format == "" {
		return errors.New("source format is empty")
	}
	if src.Size < 0 {
		return fmt.Errorf("source size %d is negative", src.Size)
	}
	return nil
}

// insertSource adds the sources row and forgets any skip of the same bytes.
// If the sha256 is already there it returns that row's ID and dup true.
func insertSource(ctx context.Context, tx *sql.Tx, src model.Source, now time.Time) (id int64, dup bool, err error) {
	err = tx.QueryRowContext(ctx, `
		INSERT INTO sources (sha256, path, format, size, status, damage, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING
		RETURNING id`,
		src.SHA256, src.Path, string(src.Format), src.Size, string(src.Status), src.Damage, stamp(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRowContext(ctx, "SELECT id FROM sources WHERE sha256 = ?", src.SHA256).Scan(&id)
		if err != nil {
			return 0, false, fmt.Errorf("find existing source: %w", err)
		}
		return id, true, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert source: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM skipped_sources WHERE sha256 = ?", src.SHA256); err != nil {
		return 0, false, fmt.Errorf("forget skip: %w", err)
	}
	return id, false, nil
}

// The insert statements of an import, prepared once per transaction.
const (
	insertSessionSQL = `
		INSERT INTO sessions (source_id, idx, sport, sub_sport, start_utc, offset_s, offset_origin,
			time_assumed, local_date, elapsed_s, timer_s, distance_m, ascent_m, descent_m,
			avg_hr, avg_cadence_spm, device, name, n_laps, n_sets, n_samples)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertLapSQL = `
		INSERT INTO laps (session_id, idx, start_utc, elapsed_s, timer_s, distance_m, ascent_m,
			descent_m, avg_hr, avg_cadence_spm)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertSetSQL = `
		INSERT INTO sets (session_id, idx, start_utc, duration_s, category, exercise, reps, weight_kg)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	insertSamplesSQL = `
		INSERT INTO session_samples (session_id, n, codec, t_s, lat_deg, lon_deg, alt_m, dist_m,
			speed_mps, hr_bpm, cadence_spm, power_w)
		VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// importStmts holds the prepared statements of one import transaction,
// prepared on first use.
type importStmts struct {
	tx                         *sql.Tx
	session, lap, set, samples *sql.Stmt
}

func (st *importStmts) get(ctx context.Context, p **sql.Stmt, query string) (*sql.Stmt, error) {
	if *p == nil {
		s, err := st.tx.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		*p = s
	}
	return *p, nil
}

func (st *importStmts) close() {
	for _, s := range []*sql.Stmt{st.session, st.lap, st.set, st.samples} {
		if s != nil {
			s.Close()
		}
	}
}

// insertSessions adds the sessions of source sourceID (in format f) with
// their laps, sets and samples, and returns the new sessions' IDs and the
// existing sessions that others were merged into. The caller holds db.mu
// (for db.enc).
func (db *DB) insertSessions(ctx context.Context, tx *sql.Tx, sourceID int64, f model.Format, sessions []model.Session) (ids, merged []int64, err error) {
	st := &importStmts{tx: tx}
	defer st.close()
	ids = make([]int64, 0, len(sessions))
	for i := range sessions {
		s := &sessions[i]
		fail := func(err error) ([]int64, []int64, error) {
			return nil, nil, fmt.Errorf("session %d (%s at %s): %w", i+1, s.Sport, s.Start.UTC().Format(time.RFC3339), err)
		}
		if err := checkSession(s); err != nil {
			return fail(err)
		}
		dup, err := findDuplicate(ctx, tx, sourceID, s)
		if err != nil {
			return fail(err)
		}
		if dup != nil {
			if err := db.mergeSession(ctx, st, sourceID, f, i, s, dup); err != nil {
				return fail(err)
			}
			merged = append(merged, dup.id)
		} else {
			id, err := db.insertSession(ctx, st, sourceID, i, s)
			if err != nil {
				return fail(err)
			}
			ids = append(ids, id)
		}
		if err := db.hook(ctx, "session"); err != nil {
			return nil, nil, err
		}
	}
	return ids, merged, nil
}

// checkSession rejects a session the schema cannot hold.
func checkSession(s *model.Session) error {
	if _, ok := model.ParseSport(string(s.Sport)); !ok {
		return fmt.Errorf("unknown sport %q", s.Sport)
	}
	if s.Start.IsZero() {
		return errors.New("no start time")
	}
	return nil
}

// insertSession adds one session with its children and returns its ID.
func (db *DB) insertSession(ctx context.Context, st *importStmts, sourceID int64, idx int, s *model.Session) (int64, error) {
	stmt, err := st.get(ctx, &st.session, insertSessionSQL)
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", err)
	}
	res, err := stmt.ExecContext(ctx, sourceID, idx, string(s.Sport), s.SubSport, s.Start.UnixMilli(),
		s.OffsetS, string(s.OffsetOrigin), s.TimeAssumed, s.LocalDate(),
		nullable(s.ElapsedS), nullable(s.TimerS), nullable(s.DistanceM), nullable(s.AscentM),
		nullable(s.DescentM), nullable(s.AvgHR), nullable(s.AvgCadenceSPM),
		s.Device, s.Name, len(s.Laps), len(s.Sets), s.Samples.Len())
	if err != nil {
		return 0, fmt.Errorf("insert session: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert session: %w", err)
	}
	if err := insertLaps(ctx, st, id, s.Laps); err != nil {
		return 0, err
	}
	if err := insertSets(ctx, st, id, s.Sets); err != nil {
		return 0, err
	}
	if err := db.insertSamples(ctx, st, id, &s.Samples); err != nil {
		return 0, err
	}
	return id, nil
}

// insertSamples writes a session's sample columns (nothing for none).
func (db *DB) insertSamples(ctx context.Context, st *importStmts, id int64, smp *model.Samples) error {
	n, blobs, err := db.enc.encode(smp)
	if err != nil || n == 0 {
		return err
	}
	stmt, err := st.get(ctx, &st.samples, insertSamplesSQL)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	args := make([]any, 0, 2+numSampleColumns)
	args = append(args, id, n)
	for _, b := range blobs {
		args = append(args, b) // a nil []byte binds NULL
	}
	if _, err := stmt.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("insert samples: %w", err)
	}
	return nil
}

func insertLaps(ctx context.Context, st *importStmts, sessionID int64, laps []model.Lap) error {
	if len(laps) == 0 {
		return nil
	}
	stmt, err := st.get(ctx, &st.lap, insertLapSQL)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	for i, l := range laps {
		_, err := stmt.ExecContext(ctx, sessionID, i, l.Start.UnixMilli(),
			nullable(l.ElapsedS), nullable(l.TimerS), nullable(l.DistanceM), nullable(l.AscentM),
			nullable(l.DescentM), nullable(l.AvgHR), nullable(l.AvgCadenceSPM))
		if err != nil {
			return fmt.Errorf("insert lap %d: %w", i+1, err)
		}
	}
	return nil
}

func insertSets(ctx context.Context, st *importStmts, sessionID int64, sets []model.StrengthSet) error {
	if len(sets) == 0 {
		return nil
	}
	stmt, err := st.get(ctx, &st.set, insertSetSQL)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	for i, s := range sets {
		var reps any
		if s.Reps != model.NoReps {
			reps = s.Reps
		}
		_, err := stmt.ExecContext(ctx, sessionID, i, s.Start.UnixMilli(), nullable(s.DurationS),
			s.Category, s.Exercise, reps, nullable(s.WeightKg))
		if err != nil {
			return fmt.Errorf("insert set %d: %w", i+1, err)
		}
	}
	return nil
}

// nullable returns nil (SQL NULL) for a missing value, else v.
func nullable(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

// stamp formats an instant for the imported_at and seen_at columns.
func stamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
