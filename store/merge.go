package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/backtrack/backtrack/model"
)

// candidate is an existing session that a new one may be another recording of.
type candidate struct {
	id       int64
	sourceID int64
	format   model.Format
	session  model.Session
	name     string
}

// findDuplicate returns the existing session (from another source) that s is
// another recording of, per model.SameActivity, or nil.
func findDuplicate(ctx context.Context, st *importStmts, sourceID int64, s *model.Session) (*candidate, error) {
	var lo, hi int64
	if s.Sport == model.Strength {
		// The same local day: search a day and a half either side in UTC.
		lo, hi = s.Start.Add(-36*time.Hour).UnixMilli(), s.Start.Add(36*time.Hour).UnixMilli()
	} else {
		lo, hi = s.Start.Add(-model.MatchWindow).UnixMilli(), s.Start.Add(model.MatchWindow).UnixMilli()
	}
	stmt, err := st.get(ctx, `
		SELECT s.id, s.source_id, src.format, s.sport, s.start_utc, s.offset_s, s.time_assumed,
			s.elapsed_s, s.timer_s, s.name
		FROM sessions s JOIN sources src ON src.id = s.source_id
		WHERE s.start_utc BETWEEN ? AND ? AND s.source_id <> ?
		ORDER BY abs(s.start_utc - ?), s.id`)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, lo, hi, sourceID, s.Start.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("look for the same activity from another source: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c candidate
		var sport, format string
		var startMS int64
		var elapsed, timer sql.NullFloat64
		if err := rows.Scan(&c.id, &c.sourceID, &format, &sport, &startMS, &c.session.OffsetS,
			&c.session.TimeAssumed, &elapsed, &timer, &c.name); err != nil {
			return nil, err
		}
		c.format = model.Format(format)
		c.session.Sport = model.Sport(sport)
		c.session.Start = time.UnixMilli(startMS).UTC()
		c.session.ElapsedS, c.session.TimerS = float(elapsed), float(timer)
		if model.SameActivity(s, &c.session) {
			return &c, rows.Close()
		}
	}
	return nil, rows.Err()
}

// mergeSession folds s (session idx of the new source sourceID, in format f)
// into the existing session c: the richer recording becomes the session, the
// other source is linked to it, nothing is deleted. A lifting app's sets
// replace a watch's guessed ones; a missing name or sport is filled in.
func (db *DB) mergeSession(ctx context.Context, st *importStmts, sourceID int64, f model.Format, idx int, s *model.Session, smp *packedSamples, c *candidate) error {
	note := fmt.Sprintf("the same activity as %s (%s)", s.Start.Format(time.RFC3339), f)
	strength := s.Sport == model.Strength
	switch {
	case strength && model.PreferSets(f, c.format):
		// The app's log of the watch's workout: keep the watch's timing, take the app's sets.
		if _, err := st.tx.ExecContext(ctx, "DELETE FROM sets WHERE session_id = ?", c.id); err != nil {
			return fmt.Errorf("replace sets: %w", err)
		}
		if err := insertSets(ctx, st, c.id, s.Sets); err != nil {
			return err
		}
		if _, err := st.tx.ExecContext(ctx, "UPDATE sessions SET n_sets = ? WHERE id = ?", len(s.Sets), c.id); err != nil {
			return fmt.Errorf("replace sets: %w", err)
		}
		return linkAndFill(ctx, st.tx, c.id, sourceID, s, "sets from this source")
	case model.FormatRank(f) > model.FormatRank(c.format):
		// The new recording is richer: it becomes the session (same ID), the
		// old source is linked to it. A lifting app's sets are kept.
		keepSets := strength && model.PreferSets(c.format, f)
		if err := db.replaceSession(ctx, st, c.id, sourceID, idx, s, smp, keepSets); err != nil {
			return err
		}
		if c.name != "" && s.Name == "" {
			if _, err := st.tx.ExecContext(ctx, "UPDATE sessions SET name = ? WHERE id = ?", c.name, c.id); err != nil {
				return fmt.Errorf("keep name: %w", err)
			}
		}
		return link(ctx, st.tx, c.id, c.sourceID, "replaced by a richer recording of the same activity")
	default:
		return linkAndFill(ctx, st.tx, c.id, sourceID, s, note)
	}
}

// replaceSession overwrites session id with s (from source sourceID) and
// its laps, samples and, unless keepSets, sets.
func (db *DB) replaceSession(ctx context.Context, st *importStmts, id, sourceID int64, idx int, s *model.Session, smp *packedSamples, keepSets bool) error {
	nSets := len(s.Sets)
	if keepSets {
		if err := st.tx.QueryRowContext(ctx, "SELECT n_sets FROM sessions WHERE id = ?", id).Scan(&nSets); err != nil {
			return fmt.Errorf("replace session: %w", err)
		}
	}
	_, err := st.tx.ExecContext(ctx, `
		UPDATE sessions SET source_id = ?, idx = ?, sport = ?, sub_sport = ?, start_utc = ?, offset_s = ?,
			offset_origin = ?, time_assumed = ?, local_date = ?, elapsed_s = ?, timer_s = ?, distance_m = ?,
			ascent_m = ?, descent_m = ?, avg_hr = ?, avg_cadence_spm = ?, device = ?, name = ?,
			n_laps = ?, n_sets = ?, n_samples = ?
		WHERE id = ?`,
		sourceID, idx, string(s.Sport), s.SubSport, s.Start.UnixMilli(), s.OffsetS, string(s.OffsetOrigin),
		s.TimeAssumed, s.LocalDate(), nullable(s.ElapsedS), nullable(s.TimerS), nullable(s.DistanceM),
		nullable(s.AscentM), nullable(s.DescentM), nullable(s.AvgHR), nullable(s.AvgCadenceSPM),
		s.Device, s.Name, len(s.Laps), nSets, s.Samples.Len(), id)
	if err != nil {
		return fmt.Errorf("replace session: %w", err)
	}
	del := []string{"DELETE FROM laps WHERE session_id = ?", "DELETE FROM session_samples WHERE session_id = ?"}
	if !keepSets {
		del = append(del, "DELETE FROM sets WHERE session_id = ?")
	}
	for _, q := range del {
		if _, err := st.tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("replace session: %w", err)
		}
	}
	if err := insertLaps(ctx, st, id, s.Laps); err != nil {
		return err
	}
	if !keepSets {
		if err := insertSets(ctx, st, id, s.Sets); err != nil {
			return err
		}
	}
	return insertSamples(ctx, st, id, smp)
}

// linkAndFill links source sourceID to session id and fills the session's
// name and sport from s where the session has none.
func linkAndFill(ctx context.Context, tx *sql.Tx, id, sourceID int64, s *model.Session, note string) error {
	if s.Name != "" {
		if _, err := tx.ExecContext(ctx, "UPDATE sessions SET name = ? WHERE id = ? AND name = ''", s.Name, id); err != nil {
			return fmt.Errorf("fill name: %w", err)
		}
	}
	if s.Sport != model.Other {
		if _, err := tx.ExecContext(ctx, "UPDATE sessions SET sport = ?, sub_sport = ? WHERE id = ? AND sport = 'other'", string(s.Sport), s.SubSport, id); err != nil {
			return fmt.Errorf("fill sport: %w", err)
		}
	}
	return link(ctx, tx, id, sourceID, note)
}

func link(ctx context.Context, tx *sql.Tx, sessionID, sourceID int64, note string) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO session_links (session_id, source_id, role, note) VALUES (?, ?, 'duplicate', ?)
		ON CONFLICT DO NOTHING`, sessionID, sourceID, note)
	if err != nil {
		return fmt.Errorf("link source: %w", err)
	}
	return nil
}

// fillNames gives the sessions of an already-imported source the names an
// export's index supplied this time (Strava's export holds the watch's
// original FIT, byte for byte, plus the name the user gave it).
func fillNames(ctx context.Context, tx *sql.Tx, sourceID int64, sessions []model.Session) (bool, error) {
	changed := false
	for i := range sessions {
		if sessions[i].Name == "" {
			continue
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE sessions SET name = ?1
			WHERE name = '' AND (source_id = ?2 AND idx = ?3 OR id IN (SELECT session_id FROM session_links WHERE source_id = ?2))`,
			sessions[i].Name, sourceID, i)
		if err != nil {
			return false, fmt.Errorf("fill names: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			changed = true
		}
	}
	return changed, nil
}

// LinkedSource is another file that holds a recording of a session.
type LinkedSource struct {
	Path   string
	Format model.Format
	Note   string
}

// LinkedSources lists the other files linked to session id (the same run
// from Strava, the lifting app's log of a watch workout), by path.
func (db *DB) LinkedSources(ctx context.Context, id int64) ([]LinkedSource, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT src.path, src.format, l.note FROM session_links l JOIN sources src ON src.id = l.source_id
		WHERE l.session_id = ? ORDER BY src.path`, id)
	if err != nil {
		return nil, fmt.Errorf("linked sources of session %d: %w", id, err)
	}
	defer rows.Close()
	var out []LinkedSource
	for rows.Next() {
		var l LinkedSource
		var f string
		if err := rows.Scan(&l.Path, &f, &l.Note); err != nil {
			return nil, err
		}
		l.Format = model.Format(f)
		out = append(out, l)
	}
	return out, rows.Err()
}
