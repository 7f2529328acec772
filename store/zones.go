package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/backtrack/backtrack/model"
)

// Zones of files that carry no offset (docs/storage.md, "Zones"). A
// session whose offset was guessed from the machine's zone (the user named
// none: model.OffsetMachine) takes the offset a watch recorded for the
// session nearest in time within model.NearbyOffsetWindow
// (model.OffsetNearby); a session with wall-clock times (a lifting app's
// CSV) moves with it, so that a Strong workout lands on the watch's
// recording of it. When a watch's session arrives later, the guessed
// sessions near it are revised the same way, so the result does not depend
// on the order files are imported in.

// nearestRecordedSQL finds the watch-recorded offset nearest in time.
const nearestRecordedSQL = `SELECT offset_s, start_utc FROM sessions
	WHERE start_utc BETWEEN ?1 AND ?2 AND offset_origin IN ('device', 'index')
	ORDER BY abs(start_utc - ?3), offset_s, start_utc LIMIT 1`

// nearestRecorded returns the offset a watch recorded for the session
// starting nearest t (within model.NearbyOffsetWindow) and that session's
// start, or false.
func nearestRecorded(ctx context.Context, st *importStmts, t time.Time) (int, time.Time, bool, error) {
	stmt, err := st.get(ctx, nearestRecordedSQL)
	if err != nil {
		return 0, time.Time{}, false, err
	}
	var off int
	var at int64
	err = stmt.QueryRowContext(ctx, t.Add(-model.NearbyOffsetWindow).UnixMilli(), t.Add(model.NearbyOffsetWindow).UnixMilli(),
		t.UnixMilli()).Scan(&off, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, false, nil
	}
	if err != nil {
		return 0, time.Time{}, false, fmt.Errorf("look for a recorded offset: %w", err)
	}
	return off, time.UnixMilli(at).UTC(), true, nil
}

// shiftOffset gives s the offset off; a session of wall-clock times keeps
// its wall clock, so its instants (start, laps, sets) move.
func shiftOffset(s *model.Session, off int) {
	if s.WallClock && off != s.OffsetS {
		d := time.Duration(s.OffsetS-off) * time.Second
		s.Start = s.Start.Add(d)
		s.Laps = append([]model.Lap(nil), s.Laps...)
		for i := range s.Laps {
			s.Laps[i].Start = s.Laps[i].Start.Add(d)
		}
		s.Sets = append([]model.StrengthSet(nil), s.Sets...)
		for i := range s.Sets {
			s.Sets[i].Start = s.Sets[i].Start.Add(d)
		}
	}
	s.OffsetS = off
}

// FormatOffset writes an offset in seconds east of UTC as "+01:00".
func FormatOffset(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
}

// placeGuessed revises the guessed offset of a new session s from the
// offsets a watch recorded nearby, and returns, in plain words, where its
// times were placed and, when the machine's zone disagreed, a warning.
func (db *DB) placeGuessed(ctx context.Context, st *importStmts, s *model.Session) (zone, warn string, err error) {
	off, at, ok, err := nearestRecorded(ctx, st, s.Start)
	if err != nil {
		return "", "", err
	}
	if !ok {
		if s.OffsetOrigin == model.OffsetMachine {
			zone = fmt.Sprintf("%s, the machine's zone (no watch recorded an offset within %d days; name one with --tz or 'backtrack config set tz ZONE')",
				FormatOffset(s.OffsetS), int(model.NearbyOffsetWindow.Hours()/24))
		}
		return zone, "", nil
	}
	machine := s.OffsetS
	shiftOffset(s, off)
	s.OffsetOrigin = model.OffsetNearby
	zone = fmt.Sprintf("%s, the offset a watch recorded on %s", FormatOffset(off), at.Add(time.Duration(off)*time.Second).Format(time.DateOnly))
	if machine != off {
		warn = fmt.Sprintf("the machine's zone (%s) disagrees with the offset a watch recorded on %s (%s): times without an offset were placed at the watch's (name a zone with --tz to override)",
			FormatOffset(machine), at.Add(time.Duration(off)*time.Second).Format(time.DateOnly), FormatOffset(off))
	}
	return zone, warn, nil
}

// reviseNearby revises the guessed offsets of the recordings near t (a
// watch's session with a recorded offset just arrived) and settles those
// that changed.
func (db *DB) reviseNearby(ctx context.Context, st *importStmts, t time.Time) (settled, error) {
	var none settled
	var n int
	stmt, err := st.get(ctx, `SELECT
		EXISTS (SELECT 1 FROM sessions WHERE start_utc BETWEEN ?1 AND ?2 AND offset_origin IN ('machine', 'nearby')) OR
		EXISTS (SELECT 1 FROM recordings WHERE start_utc BETWEEN ?1 AND ?2 AND offset_origin IN ('machine', 'nearby'))`)
	if err == nil {
		err = stmt.QueryRowContext(ctx, t.Add(-model.NearbyOffsetWindow).UnixMilli(), t.Add(model.NearbyOffsetWindow).UnixMilli()).Scan(&n)
	}
	if err != nil {
		return none, fmt.Errorf("look for guessed offsets: %w", err)
	}
	if n == 0 {
		return none, nil
	}
	seen := map[string]bool{}
	near, err := neighbours(ctx, st, t.Add(-model.NearbyOffsetWindow), t.Add(model.NearbyOffsetWindow), seen)
	if err != nil {
		return none, err
	}
	var dirty []*member
	lo, hi := t, t
	for _, m := range near {
		s := m.rec.Session
		if !s.OffsetOrigin.Guessed() {
			continue
		}
		off, _, ok, err := nearestRecorded(ctx, st, s.Start)
		if err != nil {
			return none, err
		}
		if !ok || off == s.OffsetS && s.OffsetOrigin == model.OffsetNearby {
			continue
		}
		m.adjust = func(s *model.Session) {
			shiftOffset(s, off)
			s.OffsetOrigin = model.OffsetNearby
		}
		m.adjust(s)
		dirty = append(dirty, m)
		lo, hi = minTime(lo, s.Start), maxTime(hi, s.Start)
	}
	if len(dirty) == 0 {
		return none, nil
	}
	// Every recording a revised one may now be grouped with.
	seen = map[string]bool{}
	for _, m := range dirty {
		seen[m.rec.Key] = true
	}
	all, err := neighbours(ctx, st, lo.Add(-neighbourWindow), hi.Add(neighbourWindow), seen)
	if err != nil {
		return none, err
	}
	return db.settle(ctx, st, append(all, dirty...))
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
