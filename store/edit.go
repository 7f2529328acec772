package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/backtrack/backtrack/model"
)

// ErrOffsetRecorded is returned (wrapped) by EditSession for a zone
// correction of a session whose every recording carries the offset its
// device recorded: there is nothing guessed to correct.
var ErrOffsetRecorded = errors.New("the session's offset was recorded by its device")

// SessionEdit is a user's correction of a session (backtrack sessions
// edit): a sport, a time zone, or both.
type SessionEdit struct {
	// Sport replaces the sport ("" leaves it).
	Sport model.Sport
	// Zone places the session's times in this zone, where its files did
	// not record an offset (nil leaves them).
	Zone *time.Location
}

// EditOutcome says what EditSession did.
type EditOutcome struct {
	// ID is the session's ID after the edit (the same unless the
	// correction joined it to another recording of the same activity).
	ID int64
	// Changed and Removed are the sessions composed again and the ones that
	// merged into others.
	Changed, Removed []int64
}

// EditSession stores a user's correction of session id for each of its
// recordings, keyed on the recording (its file's SHA-256 and index) so that
// it survives the file being imported again and the session being composed
// again, applies it, and regroups the recordings near it (a corrected sport
// or zone may make it another recording of a neighbouring session). A zone
// applies to the recordings whose offset was not recorded by their device;
// when there is none it returns an error wrapping ErrOffsetRecorded. An
// unknown id wraps ErrNoSession.
func (db *DB) EditSession(ctx context.Context, id int64, e SessionEdit) (EditOutcome, error) {
	var out EditOutcome
	if e.Sport != "" {
		if _, ok := model.ParseSport(string(e.Sport)); !ok {
			return out, fmt.Errorf("edit session %d: unknown sport %q", id, e.Sport)
		}
	}
	err := db.writeTx(ctx, func(tx *sql.Tx) error {
		st := &importStmts{tx: tx}
		defer st.close()
		members, err := sessionMembers(ctx, st, id)
		if err != nil {
			return err
		}
		if e.Zone != nil {
			guessed := false
			for _, m := range members {
				guessed = guessed || m.rec.Session.OffsetOrigin != model.OffsetDevice
			}
			if !guessed {
				return fmt.Errorf("%w (%s): --tz changes only a session whose zone was guessed",
					ErrOffsetRecorded, FormatOffset(members[0].rec.Session.OffsetS))
			}
		}
		now := db.Now()
		seen := map[string]bool{}
		lo, hi := members[0].rec.Session.Start, members[0].rec.Session.Start
		for _, m := range members {
			var c correction
			c.sport = string(e.Sport)
			if e.Zone != nil {
				c.tz = e.Zone.String()
			}
			if err := putCorrection(ctx, tx, m.rec.Source, m.idx, c, now); err != nil {
				return err
			}
			if c, err = readCorrection(ctx, st, m.rec.Source, m.idx); err != nil {
				return err
			}
			m.adjust = func(s *model.Session) { c.apply(s) }
			m.adjust(m.rec.Session)
			seen[m.rec.Key] = true
			lo, hi = minTime(lo, m.rec.Session.Start), maxTime(hi, m.rec.Session.Start)
		}
		near, err := neighbours(ctx, st, lo.Add(-neighbourWindow), hi.Add(neighbourWindow), seen)
		if err != nil {
			return err
		}
		res, err := db.settle(ctx, st, append(near, members...))
		if err != nil {
			return err
		}
		out = EditOutcome{ID: res.ids[members[0].rec.Key], Changed: res.changed, Removed: res.removed}
		return nil
	})
	if err != nil {
		return EditOutcome{}, fmt.Errorf("edit session %d: %w", id, err)
	}
	return out, nil
}

// sessionMembers returns the recordings of session id (summaries).
func sessionMembers(ctx context.Context, st *importStmts, id int64) ([]*member, error) {
	m, n, err := scanMember(st.tx.QueryRowContext(ctx, sqlText().sessionMembers, id), false)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("session %d: %w", id, ErrNoSession)
	}
	if err != nil {
		return nil, err
	}
	if n > 1 {
		return recordingsOf(ctx, st, id)
	}
	return []*member{m}, nil
}

// correction is a user's correction of one recording.
type correction struct {
	sport, tz string
}

// apply corrects s: the sport (its sub-sport kept only when the sport
// stays), and the zone of its times where its device did not record an
// offset (a session of wall-clock times keeps its wall clock and moves).
func (c correction) apply(s *model.Session) {
	if c.sport != "" {
		if sp := model.Sport(c.sport); sp != s.Sport {
			s.Sport, s.SubSport = sp, ""
		}
		s.SportOrigin = model.SportUser
	}
	if c.tz == "" || s.OffsetOrigin == model.OffsetDevice {
		return
	}
	loc, err := time.LoadLocation(c.tz)
	if err != nil {
		return
	}
	off := LocalOffsetAt(loc, s.Start)
	if s.WallClock {
		wall := s.Start.Add(time.Duration(s.OffsetS) * time.Second)
		t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), loc)
		off = LocalOffsetAt(loc, t)
	}
	shiftOffset(s, off)
	s.OffsetOrigin = model.OffsetUser
}

// LocalOffsetAt returns loc's offset at t, in seconds east of UTC.
func LocalOffsetAt(loc *time.Location, t time.Time) int {
	_, off := t.In(loc).Zone()
	return off
}

// putCorrection stores c for a recording, keeping what an earlier
// correction set and c leaves empty.
func putCorrection(ctx context.Context, tx *sql.Tx, sha string, idx int, c correction, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO corrections (sha256, idx, sport, tz, set_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256, idx) DO UPDATE SET
			sport = CASE WHEN excluded.sport <> '' THEN excluded.sport ELSE sport END,
			tz = CASE WHEN excluded.tz <> '' THEN excluded.tz ELSE tz END,
			set_at = excluded.set_at`, sha, idx, c.sport, c.tz, stamp(now))
	if err != nil {
		return fmt.Errorf("store the correction: %w", err)
	}
	return nil
}

// readCorrection returns the correction stored for a recording (empty for
// none).
func readCorrection(ctx context.Context, st *importStmts, sha string, idx int) (correction, error) {
	stmt, err := st.get(ctx, "SELECT sport, tz FROM corrections WHERE sha256 = ? AND idx = ?")
	if err != nil {
		return correction{}, err
	}
	var c correction
	err = stmt.QueryRowContext(ctx, sha, idx).Scan(&c.sport, &c.tz)
	if errors.Is(err, sql.ErrNoRows) {
		return correction{}, nil
	}
	if err != nil {
		return correction{}, fmt.Errorf("read corrections: %w", err)
	}
	return c, nil
}

// applyCorrection corrects a new recording as the user asked before (the
// same file imported into a database that was rebuilt keeps its
// corrections only if they are there; a file imported again is a
// duplicate and keeps its session).
func (db *DB) applyCorrection(ctx context.Context, st *importStmts, sha string, idx int, s *model.Session) error {
	if st.corrections == 0 {
		var n int
		if err := st.tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM corrections)").Scan(&n); err != nil {
			return fmt.Errorf("read corrections: %w", err)
		}
		st.corrections = 1 + n
	}
	if st.corrections == 1 {
		return nil
	}
	c, err := readCorrection(ctx, st, sha, idx)
	if err != nil {
		return err
	}
	c.apply(s)
	return nil
}
