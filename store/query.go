package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// StoredSession is a session as stored, with its IDs and its source.
type StoredSession struct {
	// ID is the session's ID (sessions.id).
	ID int64
	// SourceID is the ID of the source file the session came from.
	SourceID int64
	// SourcePath is that file's path (archive levels joined with model.PathSep).
	SourcePath string
	// SourceFormat is that file's format.
	SourceFormat model.Format
	// Status says whether that file was read whole.
	Status model.SourceStatus
	// NSets, NLaps and NSamples count the session's strength sets, laps and
	// samples, known even when they were not loaded.
	NSets, NLaps, NSamples int
	// NRecordings counts the files' recordings the session merges (1 for a
	// session from one file).
	NRecordings int
	// Session is the session itself. Its Samples are empty unless asked
	// for; its Laps and Sets are filled by GetSession and ForEachSession
	// but not by ListSessions.
	model.Session
	// SamplesErr, when the samples were asked for, says that they could
	// not be read (a *SampleError: their row is missing or damaged); the
	// Samples are then empty. It concerns this session alone: the others
	// are read as usual.
	SamplesErr error
}

// SessionFilter selects sessions. The zero value selects every session.
type SessionFilter struct {
	// Since and Until bound the sessions' local dates (YYYY-MM-DD), both
	// inclusive; "" leaves that end open.
	Since, Until string
	// Sport keeps one sport only; "" keeps all.
	Sport model.Sport
}

// where returns the SQL condition (on sessions aliased s) and arguments for
// f, or an error for a malformed date or an unknown sport.
func (f SessionFilter) where() (string, []any, error) {
	conds := []string{"1"}
	var args []any
	for _, b := range []struct {
		name, date, op string
	}{{"since", f.Since, ">="}, {"until", f.Until, "<="}} {
		if b.date == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, b.date); err != nil {
			return "", nil, fmt.Errorf("filter %s %q: want a date YYYY-MM-DD", b.name, b.date)
		}
		conds = append(conds, "s.local_date "+b.op+" ?")
		args = append(args, b.date)
	}
	if f.Sport != "" {
		if _, ok := model.ParseSport(string(f.Sport)); !ok {
			return "", nil, fmt.Errorf("filter sport %q: unknown sport", f.Sport)
		}
		conds = append(conds, "s.sport = ?")
		args = append(args, string(f.Sport))
	}
	return strings.Join(conds, " AND "), args, nil
}

// sessionColumns are the columns scanSession reads, in order.
const sessionColumns = `s.id, s.source_id, src.path, src.format, src.status, s.sport, s.sub_sport,
	s.start_utc, s.offset_s, s.offset_origin, s.time_assumed, s.elapsed_s, s.timer_s,
	s.distance_m, s.ascent_m, s.descent_m, s.avg_hr, s.avg_cadence_spm, s.device, s.name,
	s.n_laps, s.n_sets, s.n_samples, s.notes, s.rpe, s.feel, s.sport_origin, s.wall_clock, s.logged,
	s.n_recordings`

// sampleColumns are the extra columns scanSession reads when asked for
// samples (from session_samples aliased ss, LEFT JOINed).
const sampleColumns = `, ss.n, ss.codec, ss.t_s, ss.lat_deg, ss.lon_deg, ss.alt_m, ss.dist_m, ss.speed_mps,
	ss.hr_bpm, ss.cadence_spm, ss.power_w`

// sessionQuery returns the SELECT of sessions matching where, ordered by
// start, with samples when withSamples.
func sessionQuery(where string, withSamples bool) string {
	q := "SELECT " + sessionColumns
	from := " FROM sessions s JOIN sources src ON src.id = s.source_id"
	if withSamples {
		q += sampleColumns
		from += " LEFT JOIN session_samples ss ON ss.session_id = s.id"
	}
	return q + from + " WHERE " + where + " ORDER BY s.start_utc, s.id"
}

// sessionScanner reads session rows, reusing its scan targets.
type sessionScanner struct {
	withSamples bool

	elapsed, timer, dist, ascent, descent, hr, cad sql.NullFloat64
	rpe, feel                                      sql.NullFloat64
	sportOrigin                                    string
	startMS                                        int64
	row                                            sampleRow
	blobs                                          [numSampleColumns]sql.RawBytes
}

// scan reads the current row of rows into a new StoredSession.
func (sc *sessionScanner) scan(rows *sql.Rows) (*StoredSession, error) {
	s := &StoredSession{}
	var format, status, sport, origin string
	dest := []any{&s.ID, &s.SourceID, &s.SourcePath, &format, &status, &sport, &s.SubSport,
		&sc.startMS, &s.OffsetS, &origin, &s.TimeAssumed, &sc.elapsed, &sc.timer,
		&sc.dist, &sc.ascent, &sc.descent, &sc.hr, &sc.cad, &s.Device, &s.Name,
		&s.NLaps, &s.NSets, &s.NSamples, &s.Notes, &sc.rpe, &sc.feel, &sc.sportOrigin, &s.WallClock, &s.Logged,
		&s.NRecordings}
	if sc.withSamples {
		dest = append(dest, &sc.row.n, &sc.row.codec)
		for i := range sc.blobs {
			dest = append(dest, &sc.blobs[i])
		}
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, fmt.Errorf("read session: %w", err)
	}
	s.SourceFormat = model.Format(format)
	s.Status = model.SourceStatus(status)
	s.Sport = model.Sport(sport)
	s.OffsetOrigin = model.OffsetOrigin(origin)
	s.Start = time.UnixMilli(sc.startMS).UTC()
	s.ElapsedS, s.TimerS, s.DistanceM = float(sc.elapsed), float(sc.timer), float(sc.dist)
	s.AscentM, s.DescentM = float(sc.ascent), float(sc.descent)
	s.AvgHR, s.AvgCadenceSPM = float(sc.hr), float(sc.cad)
	s.RPE, s.Feel, s.SportOrigin = float(sc.rpe), float(sc.feel), model.SportOrigin(sc.sportOrigin)
	if sc.withSamples {
		for i, b := range sc.blobs {
			sc.row.blobs[i] = b // nil for NULL: a column the source lacked
		}
		// A session whose samples cannot be read says so itself
		// (SamplesErr); the walk goes on with the next.
		s.SamplesErr = decodeRow(&s.Samples, &sc.row, s.ID, s.LocalDate(), s.SourcePath, s.NSamples)
	}
	return s, nil
}

// float returns v's value, or NaN when it is NULL.
func float(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// ListSessions returns the sessions f selects, ordered by start, without
// samples, laps or sets (NSets, NLaps and NSamples say how many there are).
func (db *DB) ListSessions(ctx context.Context, f SessionFilter) ([]StoredSession, error) {
	where, args, err := f.where()
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, sessionQuery(where, false), args...)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var out []StoredSession
	sc := &sessionScanner{}
	for rows.Next() {
		s, err := sc.scan(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, *s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return out, nil
}

// GetSession returns session id with its laps and sets, and its samples when
// withSamples. A missing session is an error wrapping ErrNoSession (and so
// ErrNotFound).
func (db *DB) GetSession(ctx context.Context, id int64, withSamples bool) (*StoredSession, error) {
	var found *StoredSession
	err := db.eachSession(ctx, "s.id = ?", []any{id}, withSamples, func(s *StoredSession) error {
		found = s
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("get session %d: %w", id, err)
	}
	if found == nil {
		return nil, fmt.Errorf("session %d: %w", id, ErrNoSession)
	}
	return found, nil
}

// ForEachSession calls fn for each session f selects, in start order, with
// its laps and sets and, when withSamples, its samples. It holds one
// session's samples at a time (fn may keep the *StoredSession it is given),
// reads one consistent snapshot of the database and does not block imports.
// An error from fn stops the walk and is returned as is.
func (db *DB) ForEachSession(ctx context.Context, f SessionFilter, withSamples bool, fn func(*StoredSession) error) error {
	where, args, err := f.where()
	if err != nil {
		return fmt.Errorf("read sessions: %w", err)
	}
	return db.eachSession(ctx, where, args, withSamples, fn)
}

// errStop wraps an error returned by a ForEachSession callback, so that it
// reaches the caller unwrapped.
type errStop struct{ err error }

func (e errStop) Error() string { return e.err.Error() }

// eachSession reads the sessions matching where in one read transaction.
func (db *DB) eachSession(ctx context.Context, where string, args []any, withSamples bool, fn func(*StoredSession) error) error {
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		return eachSession(ctx, tx, where, args, withSamples, func(s *StoredSession) error {
			if err := fn(s); err != nil {
				return errStop{err}
			}
			return nil
		})
	})
	var stop errStop
	if errors.As(err, &stop) {
		return stop.err
	}
	if err != nil {
		return fmt.Errorf("read sessions: %w", err)
	}
	return nil
}

// readTx runs fn in a deferred (snapshot) transaction on a reader
// connection.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	return runTx(tx, err, fn)
}

func eachSession(ctx context.Context, tx *sql.Tx, where string, args []any, withSamples bool, fn func(*StoredSession) error) error {
	rows, err := tx.QueryContext(ctx, sessionQuery(where, withSamples), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var laps, sets *sql.Stmt
	defer func() {
		for _, s := range []*sql.Stmt{laps, sets} {
			if s != nil {
				s.Close()
			}
		}
	}()
	sc := &sessionScanner{withSamples: withSamples}
	for rows.Next() {
		s, err := sc.scan(rows)
		if err != nil {
			return err
		}
		if s.NLaps > 0 {
			if laps == nil {
				if laps, err = tx.PrepareContext(ctx, selectLapsSQL); err != nil {
					return err
				}
			}
			if s.Laps, err = readLaps(ctx, laps, s.ID, s.NLaps); err != nil {
				return fmt.Errorf("session %d: %w", s.ID, err)
			}
		}
		if s.NSets > 0 {
			if sets == nil {
				if sets, err = tx.PrepareContext(ctx, selectSetsSQL); err != nil {
					return err
				}
			}
			if s.Sets, err = readSets(ctx, sets, s.ID, s.NSets); err != nil {
				return fmt.Errorf("session %d: %w", s.ID, err)
			}
		}
		if err := fn(s); err != nil {
			return err
		}
	}
	return rows.Err()
}

const (
	selectLapsSQL = `SELECT start_utc, elapsed_s, timer_s, distance_m, ascent_m, descent_m, avg_hr,
		avg_cadence_spm FROM laps WHERE session_id = ? ORDER BY idx`
	selectSetsSQL = `SELECT start_utc, duration_s, category, exercise, reps, weight_kg
		FROM sets WHERE session_id = ? ORDER BY idx`
)

func readLaps(ctx context.Context, stmt *sql.Stmt, sessionID int64, sizeHint int) ([]model.Lap, error) {
	rows, err := stmt.QueryContext(ctx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("read laps: %w", err)
	}
	defer rows.Close()
	out := make([]model.Lap, 0, sizeHint)
	var ms int64
	var el, tm, d, a, de, hr, cad sql.NullFloat64
	for rows.Next() {
		if err := rows.Scan(&ms, &el, &tm, &d, &a, &de, &hr, &cad); err != nil {
			return nil, fmt.Errorf("read laps: %w", err)
		}
		out = append(out, model.Lap{Start: time.UnixMilli(ms).UTC(), ElapsedS: float(el), TimerS: float(tm),
			DistanceM: float(d), AscentM: float(a), DescentM: float(de), AvgHR: float(hr), AvgCadenceSPM: float(cad)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read laps: %w", err)
	}
	return out, nil
}

func readSets(ctx context.Context, stmt *sql.Stmt, sessionID int64, sizeHint int) ([]model.StrengthSet, error) {
	rows, err := stmt.QueryContext(ctx, sessionID)
	if err != nil {
		return nil, fmt.Errorf("read sets: %w", err)
	}
	defer rows.Close()
	out := make([]model.StrengthSet, 0, sizeHint)
	var ms int64
	var dur, kg sql.NullFloat64
	var reps sql.NullInt64
	for rows.Next() {
		var st model.StrengthSet
		if err := rows.Scan(&ms, &dur, &st.Category, &st.Exercise, &reps, &kg); err != nil {
			return nil, fmt.Errorf("read sets: %w", err)
		}
		st.Start = time.UnixMilli(ms).UTC()
		st.DurationS, st.WeightKg = float(dur), float(kg)
		st.Reps = model.NoReps
		if reps.Valid {
			st.Reps = int(reps.Int64)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read sets: %w", err)
	}
	return out, nil
}

// Samples returns session id's samples: every column has the same length,
// a column the source lacked is all NaN, and a session without samples gives
// empty Samples. A missing session is an error wrapping ErrNoSession (and
// so ErrNotFound).
func (db *DB) Samples(ctx context.Context, id int64) (model.Samples, error) {
	var s model.Samples
	if err := db.SamplesInto(ctx, id, &s); err != nil {
		return model.Samples{}, err
	}
	return s, nil
}

// SamplesInto is Samples reading into dst, reusing the memory of its
// columns when they are large enough: a caller that reads many sessions'
// samples one at a time (the report reads hundreds) allocates once, not
// per session. Whatever dst held is overwritten, and so is every slice
// that shares its columns. On an error dst holds no samples.
//
// The BLOBs are decoded straight from the driver's buffers (sql.RawBytes,
// valid until the next row), not copied first as Scan into []byte would.
func (db *DB) SamplesInto(ctx context.Context, id int64, dst *model.Samples) error {
	err := db.samplesInto(ctx, id, dst)
	if err != nil {
		for _, c := range dst.Columns() {
			*c = (*c)[:0]
		}
	}
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("session %d: %w", id, err)
	}
	var se *SampleError
	if errors.As(err, &se) {
		return err // it names the session
	}
	if err != nil {
		return fmt.Errorf("read samples of session %d: %w", id, err)
	}
	return nil
}

func (db *DB) samplesInto(ctx context.Context, id int64, dst *model.Samples) error {
	rows, err := db.r.QueryContext(ctx, `
		SELECT s.local_date, src.path, s.n_samples,
			ss.n, ss.codec, ss.t_s, ss.lat_deg, ss.lon_deg, ss.alt_m, ss.dist_m, ss.speed_mps,
			ss.hr_bpm, ss.cadence_spm, ss.power_w
		FROM sessions s JOIN sources src ON src.id = s.source_id
			LEFT JOIN session_samples ss ON ss.session_id = s.id
		WHERE s.id = ?`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return ErrNoSession
	}
	var row sampleRow
	var date, path string
	var want int
	var raw [numSampleColumns]sql.RawBytes
	dest := make([]any, 0, 5+numSampleColumns)
	dest = append(dest, &date, &path, &want, &row.n, &row.codec)
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	for i, b := range raw {
		row.blobs[i] = b // nil for NULL: a column the source lacked
	}
	return decodeRow(dst, &row, id, date, path, want)
}
