package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// ErrPainExists is returned (wrapped) by AddPain and UpdatePain when an
// identical pain event (the same date, time, zone, severity, location and
// note) is already in the log. Test with errors.Is.
var ErrPainExists = errors.New("an identical pain event is already in the log")

// painTxKey is the context key under which painTx hands its transaction to
// the test hook.
type painTxKey struct{}

// painTx runs fn in one immediate transaction on the writer connection with
// PRAGMA synchronous = FULL, so that the commit is on disk when it returns
// (pain events are the one thing the user cannot re-import; imports keep
// NORMAL, which in WAL mode may lose the last commits on a power cut but
// never corrupts). See painConn and painCommit.
//
// The transaction waits for a writer in another process (an import) for up
// to the busy timeout; callers keep fn short.
func (db *DB) painTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return db.painConn(ctx, func(conn *sql.Conn) error { return db.painCommit(ctx, conn, fn) })
}

// painConn runs fn with the writer's single connection, taken from the pool
// for the whole call and set to PRAGMA synchronous = FULL, and set back to
// NORMAL before it returns; a connection that cannot be set back is closed
// rather than returned, and its replacement gets NORMAL from the DSN.
func (db *DB) painConn(ctx context.Context, fn func(*sql.Conn) error) (err error) {
	if err := db.writable(); err != nil {
		return err
	}
	defer func() { err = db.classify(err) }()
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA synchronous = NORMAL"); rerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
		return fmt.Errorf("set synchronous: %w", err)
	}
	return fn(conn)
}

// painCommit runs fn in an immediate transaction on conn (see painConn),
// then the "pain" test hook, and commits.
func (db *DB) painCommit(ctx context.Context, conn *sql.Conn, fn func(*sql.Tx) error) error {
	tx, err := db.beginWrite(ctx, conn.BeginTx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := db.hook(context.WithValue(ctx, painTxKey{}, tx), "pain"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// painValues are the columns of one pain_events row derived from an event.
type painValues struct {
	e     model.PainEvent
	utcMS sql.NullInt64
}

// painRow checks the parts of e that the table's constraints cannot (the
// date exists, the zone loads, the time exists in it) and computes its UTC
// instant: the first one when the local time happened twice. Validation of
// user input (words, the future) is painlog.Validate's job.
func painRow(e model.PainEvent) (painValues, error) {
	v := painValues{e: e}
	if _, err := time.Parse(time.DateOnly, e.LocalDate); err != nil {
		return v, fmt.Errorf("date %q: want an existing date YYYY-MM-DD", e.LocalDate)
	}
	if e.TZ == "" || e.TZ == "Local" {
		return v, fmt.Errorf("time zone %q: want an IANA name like Europe/London", e.TZ)
	}
	if _, err := time.LoadLocation(e.TZ); err != nil {
		return v, fmt.Errorf("time zone %q: %w", e.TZ, err)
	}
	if e.LocalTime != "" {
		inst := e.Instants()
		if len(inst) == 0 {
			return v, fmt.Errorf("%s %s does not exist in %s (a daylight-saving gap, or not HH:MM)", e.LocalDate, e.LocalTime, e.TZ)
		}
		v.utcMS = sql.NullInt64{Int64: inst[0].UnixMilli(), Valid: true}
	}
	return v, nil
}

// painInsert inserts a row unless an identical one exists. The NOT EXISTS
// (served by the UNIQUE index) rather than INSERT OR IGNORE or ON CONFLICT
// DO NOTHING: those would ignore a CHECK failure too (OR IGNORE) or use up
// an AUTOINCREMENT ID for every skipped row (DO NOTHING), so that each
// re-import of a log would leave a gap in the IDs as long as the log.
const painInsert = `
	INSERT INTO pain_events (local_date, local_time, tz, utc_ms, severity, location, note, created_at)
	SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
	WHERE NOT EXISTS (SELECT 1 FROM pain_events
		WHERE local_date = ?1 AND local_time = ?2 AND tz = ?3 AND severity = ?5 AND location = ?6 AND note = ?7)`

// painArgs returns the painInsert arguments for v.
func (v painValues) args(now time.Time) []any {
	e := v.e
	return []any{e.LocalDate, e.LocalTime, e.TZ, v.utcMS, e.Severity, e.Location, e.Note, stamp(now)}
}

// AddPain stores one pain event with synchronous=FULL and returns its new
// ID. If an identical event is already in the log it stores nothing and
// returns the existing event's ID with an error wrapping ErrPainExists.
// e.ID is ignored.
func (db *DB) AddPain(ctx context.Context, e model.PainEvent) (int64, error) {
	v, err := painRow(e)
	if err != nil {
		return 0, fmt.Errorf("add pain event: %w", err)
	}
	var id int64
	err = db.painTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, painInsert, v.args(db.Now())...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			if id, err = samePainID(ctx, tx, e, 0); err != nil {
				return err
			}
			return fmt.Errorf("%w (ID %d)", ErrPainExists, id)
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return id, fmt.Errorf("add pain event: %w", err)
	}
	return id, nil
}

// samePainID returns the ID of the stored event identical to e, other than
// the event except.
func samePainID(ctx context.Context, tx *sql.Tx, e model.PainEvent, except int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `
		SELECT id FROM pain_events
		WHERE local_date = ? AND local_time = ? AND tz = ? AND severity = ? AND location = ? AND note = ? AND id <> ?`,
		e.LocalDate, e.LocalTime, e.TZ, e.Severity, e.Location, e.Note, except).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("find the identical event: %w", err)
	}
	return id, nil
}

// painStageRows is how many events ImportPain stages per statement (eight
// parameters each, well under SQLite's limit of 32,766).
const painStageRows = 500

// ImportPain stores events all or none, with synchronous=FULL, skipping
// each event identical to one already in the log (or to an earlier one in
// events). It returns how many it added and how many it skipped as already
// there. Every event is checked before anything is written: on any error
// nothing is stored. IDs are ignored.
//
// A long import does not hold the write lock while it works: the events
// are first staged, in statements of painStageRows, in a temporary table
// of this connection (which takes no lock on the database, so that another
// process's writes go on meanwhile), then moved into the log by one
// INSERT … SELECT in one short transaction: 200,000 events hold the lock
// for about a second instead of the many seconds of one INSERT each. A
// failure or a kill before that transaction leaves the log as it was.
func (db *DB) ImportPain(ctx context.Context, events []model.PainEvent) (added, existing int, err error) {
	rows := make([]painValues, len(events))
	for i, e := range events {
		if rows[i], err = painRow(e); err != nil {
			return 0, 0, fmt.Errorf("import pain events: event %d: %w", i+1, err)
		}
	}
	now := stamp(db.Now())
	err = db.painConn(ctx, func(conn *sql.Conn) error {
		defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp.pain_stage")
		if err := stagePain(ctx, conn, rows, now, db.hook); err != nil {
			return err
		}
		return db.painCommit(ctx, conn, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `
				INSERT INTO pain_events (local_date, local_time, tz, utc_ms, severity, location, note, created_at)
				SELECT st.local_date, st.local_time, st.tz, st.utc_ms, st.severity, st.location, st.note, st.created_at
				FROM temp.pain_stage st
				WHERE NOT EXISTS (SELECT 1 FROM main.pain_events p
					WHERE p.local_date = st.local_date AND p.local_time = st.local_time AND p.tz = st.tz
					AND p.severity = st.severity AND p.location = st.location AND p.note = st.note)
				ORDER BY st.seq`)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			added, existing = int(n), len(rows)-int(n)
			return nil
		})
	})
	if err != nil {
		return 0, 0, fmt.Errorf("import pain events: %w", err)
	}
	return added, existing, nil
}

// stagePain writes rows into a new temporary table temp.pain_stage of conn,
// in order (seq) and once each (an event repeated within rows is kept at
// its first place), painStageRows to a statement, each statement committed
// on its own (the temporary database only: the log is not locked). The
// "pain-stage" hook runs after each statement.
func stagePain(ctx context.Context, conn *sql.Conn, rows []painValues, now string, hook func(context.Context, string) error) error {
	for _, q := range []string{
		"DROP TABLE IF EXISTS temp.pain_stage",
		`CREATE TEMP TABLE pain_stage (seq INTEGER PRIMARY KEY, local_date TEXT, local_time TEXT, tz TEXT,
			utc_ms INTEGER, severity INTEGER, location TEXT, note TEXT, created_at TEXT,
			UNIQUE (local_date, local_time, tz, severity, location, note))`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("stage: %w", err)
		}
	}
	var stmt *sql.Stmt
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	args := make([]any, 0, 8*painStageRows)
	for start := 0; start < len(rows); start += painStageRows {
		chunk := rows[start:min(start+painStageRows, len(rows))]
		args = args[:0]
		for _, v := range chunk {
			e := v.e
			args = append(args, e.LocalDate, e.LocalTime, e.TZ, v.utcMS, e.Severity, e.Location, e.Note, now)
		}
		q := "INSERT OR IGNORE INTO temp.pain_stage (local_date, local_time, tz, utc_ms, severity, location, note, created_at) VALUES " +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(chunk)), ", ")
		var err error
		if len(chunk) == painStageRows {
			if stmt == nil {
				if stmt, err = conn.PrepareContext(ctx, q); err != nil {
					return fmt.Errorf("stage: %w", err)
				}
			}
			_, err = stmt.ExecContext(ctx, args...)
		} else {
			_, err = conn.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return fmt.Errorf("stage: %w", err)
		}
		if err := hook(ctx, "pain-stage"); err != nil {
			return err
		}
	}
	return nil
}

// painColumns are the columns scanPain reads, in order.
const painColumns = `id, local_date, local_time, tz, severity, location, note`

// scanPain reads one row of painColumns.
func scanPain(sc interface{ Scan(...any) error }) (model.PainEvent, error) {
	var e model.PainEvent
	err := sc.Scan(&e.ID, &e.LocalDate, &e.LocalTime, &e.TZ, &e.Severity, &e.Location, &e.Note)
	return e, err
}

// ListPain returns the pain events with local dates from since to until
// (YYYY-MM-DD, both inclusive; "" leaves that end open), ordered by date,
// then time (date-only events first), then ID.
func (db *DB) ListPain(ctx context.Context, since, until string) ([]model.PainEvent, error) {
	conds := []string{"1"}
	var args []any
	for _, b := range []struct{ name, date, op string }{{"since", since, ">="}, {"until", until, "<="}} {
		if b.date == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, b.date); err != nil {
			return nil, fmt.Errorf("list pain events: %s %q: want a date YYYY-MM-DD", b.name, b.date)
		}
		conds = append(conds, "local_date "+b.op+" ?")
		args = append(args, b.date)
	}
	rows, err := db.r.QueryContext(ctx, "SELECT "+painColumns+" FROM pain_events WHERE "+
		strings.Join(conds, " AND ")+" ORDER BY local_date, local_time, id", args...)
	if err != nil {
		return nil, fmt.Errorf("list pain events: %w", err)
	}
	defer rows.Close()
	var out []model.PainEvent
	for rows.Next() {
		e, err := scanPain(rows)
		if err != nil {
			return nil, fmt.Errorf("list pain events: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list pain events: %w", err)
	}
	return out, nil
}

// GetPain returns pain event id. A missing event is an error wrapping
// ErrNoPainEvent (and so ErrNotFound).
func (db *DB) GetPain(ctx context.Context, id int64) (model.PainEvent, error) {
	e, err := scanPain(db.r.QueryRowContext(ctx, "SELECT "+painColumns+" FROM pain_events WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return model.PainEvent{}, fmt.Errorf("pain event %d: %w", id, ErrNoPainEvent)
	}
	if err != nil {
		return model.PainEvent{}, fmt.Errorf("get pain event %d: %w", id, err)
	}
	return e, nil
}

// UpdatePain replaces the stored event e.ID with e (its UTC instant
// recomputed), with synchronous=FULL. A missing event is an error wrapping
// ErrNoPainEvent (and so ErrNotFound); a change that would make it identical to another event is an
// error wrapping ErrPainExists that names the other's ID.
func (db *DB) UpdatePain(ctx context.Context, e model.PainEvent) error {
	v, err := painRow(e)
	if err != nil {
		return fmt.Errorf("update pain event %d: %w", e.ID, err)
	}
	err = db.painTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE pain_events SET local_date = ?, local_time = ?, tz = ?, utc_ms = ?, severity = ?, location = ?, note = ?
			WHERE id = ?`, e.LocalDate, e.LocalTime, e.TZ, v.utcMS, e.Severity, e.Location, e.Note, e.ID)
		if isUniqueViolation(err) {
			other, err := samePainID(ctx, tx, e, e.ID)
			if err != nil {
				return err
			}
			return fmt.Errorf("%w (ID %d)", ErrPainExists, other)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNoPainEvent
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update pain event %d: %w", e.ID, err)
	}
	return nil
}

// DeletePain removes pain event id, with synchronous=FULL. A missing event
// is an error wrapping ErrNoPainEvent (and so ErrNotFound).
func (db *DB) DeletePain(ctx context.Context, id int64) error {
	err := db.painTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM pain_events WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrNoPainEvent
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete pain event %d: %w", id, err)
	}
	return nil
}
