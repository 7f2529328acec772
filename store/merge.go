package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/backtrack/backtrack/model"
)

// Merges (docs/storage.md, "Duplicates and merges"). Every file's
// recording of an activity is kept: a session of one recording is its
// recording (the sessions row); a session of several has a recordings row
// for each, and its sessions row is composed from them by model.Compose,
// the best recording (model.Better) being the primary. Whenever a recording
// arrives, or one changes (a corrected sport or zone, a revised guessed
// offset), the recordings near it in time are grouped again by
// model.GroupRecordings, which depends only on the set of recordings, and
// every group that changed is composed again. So the sessions depend on
// what was imported, never on the order or the number of workers.

// neighbourWindow is how far around a recording's start the recordings it
// may be grouped with are looked for: a local day either side, for strength
// sessions and logged runs matched by day.
const neighbourWindow = 36 * time.Hour

// member is one recording as the merge handles it.
type member struct {
	rec         model.Recording
	sessionID   int64 // the session it belongs to now (0: a new recording)
	recordingID int64 // its recordings row (0: none: the session row is the recording, or it is new)
	sourceID    int64
	idx         int
	full        bool           // rec.Session holds its laps, sets and samples
	packed      *packedSamples // a new recording's encoded samples
	// adjust, when set, changes the recording (a corrected sport or zone,
	// a revised offset); it is applied to the summary at once and to the
	// full data when that is loaded, and the recording's group is composed
	// again even if its members stay the same.
	adjust func(*model.Session)
}

// recordingKey is a recording's stable key: its file's SHA-256 and index.
func recordingKey(sha string, idx int) string { return sha + "/" + strconv.Itoa(idx) }

// neighbours returns the recordings (summaries) of the sessions starting
// between lo and hi, and of every session in have's keys skipped.
func neighbours(ctx context.Context, st *importStmts, lo, hi time.Time, seen map[string]bool) ([]*member, error) {
	stmt, err := st.get(ctx, sqlText().neighbours)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, lo.UnixMilli(), hi.UnixMilli())
	if err != nil {
		return nil, fmt.Errorf("find recordings nearby: %w", err)
	}
	var out []*member
	var multi []int64
	for rows.Next() {
		m, n, err := scanMember(rows, false)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("find recordings nearby: %w", err)
		}
		if n > 1 {
			multi = append(multi, m.sessionID)
			continue
		}
		if !seen[m.rec.Key] {
			seen[m.rec.Key] = true
			out = append(out, m)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("find recordings nearby: %w", err)
	}
	ms, err := recordingsOfAll(ctx, st, multi)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if !seen[m.rec.Key] {
			seen[m.rec.Key] = true
			out = append(out, m)
		}
	}
	return out, nil
}

// scanMember scans one member from row: a sessions row (recording false:
// the session's ID, source ID, index, number of recordings n, SHA-256,
// format and summary) or a recordings row (true: the row's ID first, and
// no n).
func scanMember(row interface{ Scan(...any) error }, recording bool) (m *member, n int, err error) {
	m = &member{}
	var sha, format string
	var x summaryScan
	dest := []any{&m.sessionID, &m.sourceID, &m.idx, &n, &sha, &format}
	if recording {
		dest = []any{&m.recordingID, &m.sessionID, &m.sourceID, &m.idx, &sha, &format}
	}
	if err := row.Scan(append(dest, x.dest()...)...); err != nil {
		return nil, 0, err
	}
	s := x.session()
	m.rec = model.Recording{Key: recordingKey(sha, m.idx), Source: sha, Format: model.Format(format), Session: &s}
	return m, n, nil
}

// recordingsOfAll returns the recordings rows (summaries) of sessions ids,
// session by session in the order given.
func recordingsOfAll(ctx context.Context, st *importStmts, ids []int64) ([]*member, error) {
	var out []*member
	for _, id := range ids {
		ms, err := recordingsOf(ctx, st, id)
		if err != nil {
			return nil, err
		}
		out = append(out, ms...)
	}
	return out, nil
}

// recordingsOf returns the recordings rows (summaries) of session id.
func recordingsOf(ctx context.Context, st *importStmts, id int64) ([]*member, error) {
	stmt, err := st.get(ctx, sqlText().recordingsOf)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read recordings of session %d: %w", id, err)
	}
	defer rows.Close()
	var out []*member
	for rows.Next() {
		m, _, err := scanMember(rows, true)
		if err != nil {
			return nil, fmt.Errorf("read recordings of session %d: %w", id, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// matchesAny reports whether m is another recording of any of others'
// activities (model.SameActivity, from another file).
func matchesAny(m *member, others []*member) bool {
	for _, o := range others {
		if o.rec.Source != m.rec.Source && model.SameActivity(m.rec.Session, o.rec.Session) {
			return true
		}
	}
	return false
}

// settled is what settle did.
type settled struct {
	// ids maps each member's key to its session now.
	ids map[string]int64
	// changed are existing sessions composed again; added new sessions;
	// removed sessions that merged into others.
	changed, added, removed []int64
}

// settle groups members (every recording near the ones that arrived or
// changed) and writes every group that changed: its recordings rows, its
// composed session and its links. A group keeps the smallest session ID
// among its members' sessions that no other group kept; sessions no group
// kept are deleted, their recordings having moved.
func (db *DB) settle(ctx context.Context, st *importStmts, members []*member) (settled, error) {
	out := settled{ids: map[string]int64{}}
	// Every recording of a session in play must be in play: a session's
	// recordings are regrouped together or not at all.
	have := map[string]bool{}
	multi := map[int64]bool{}
	for _, m := range members {
		have[m.rec.Key] = true
		if m.recordingID != 0 {
			multi[m.sessionID] = true
		}
	}
	ms, err := recordingsOfAll(ctx, st, slices.Sorted(maps.Keys(multi)))
	if err != nil {
		return out, err
	}
	for _, m := range ms {
		if !have[m.rec.Key] {
			have[m.rec.Key] = true
			members = append(members, m)
		}
	}
	recs := make([]model.Recording, len(members))
	for i, m := range members {
		recs[i] = m.rec
	}
	groups := model.GroupRecordings(recs)
	old := map[int64][]int{} // session → its members now
	for i, m := range members {
		if m.sessionID != 0 {
			old[m.sessionID] = append(old[m.sessionID], i)
		}
	}
	used := map[int64]bool{}
	var pending [][]int
	for _, g := range groups {
		sid := members[g[0]].sessionID
		same := sid != 0 && len(old[sid]) == len(g)
		for _, i := range g {
			if members[i].sessionID != sid || members[i].adjust != nil {
				same = false
			}
		}
		if same {
			used[sid] = true
			for _, i := range g {
				out.ids[members[i].rec.Key] = sid
			}
			continue
		}
		pending = append(pending, g)
	}
	for _, g := range pending {
		var cands []int64
		for _, i := range g {
			if id := members[i].sessionID; id != 0 && !used[id] && !slices.Contains(cands, id) {
				cands = append(cands, id)
			}
		}
		slices.Sort(cands)
		var id int64
		if len(cands) > 0 {
			id = cands[0]
			used[id] = true
		}
		id, err := db.writeGroup(ctx, st, members, g, id)
		if err != nil {
			return out, err
		}
		used[id] = true
		for _, i := range g {
			out.ids[members[i].rec.Key] = id
		}
		if len(cands) > 0 {
			out.changed = append(out.changed, id)
		} else {
			out.added = append(out.added, id)
		}
	}
	var gone []int64
	for id := range old {
		if !used[id] {
			gone = append(gone, id)
		}
	}
	sort.Slice(gone, func(a, b int) bool { return gone[a] < gone[b] })
	for _, id := range gone {
		if _, err := st.tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", id); err != nil {
			return out, fmt.Errorf("remove merged session %d: %w", id, err)
		}
		out.removed = append(out.removed, id)
	}
	return out, nil
}

// writeGroup stores one group (members' indexes g, best first) as session
// id (0: a new session) and returns its ID.
func (db *DB) writeGroup(ctx context.Context, st *importStmts, members []*member, g []int, id int64) (int64, error) {
	for _, i := range g {
		if err := loadFull(ctx, st, members[i]); err != nil {
			return 0, err
		}
	}
	// The primary is chosen on the whole recordings (their samples).
	g = slices.Clone(g)
	sort.Slice(g, func(a, b int) bool { return model.Better(members[g[a]].rec, members[g[b]].rec) })
	recs := make([]model.Recording, len(g))
	for k, i := range g {
		recs[k] = members[i].rec
	}
	composed, gave := model.Compose(recs)
	primary := members[g[0]]
	// The composed samples are the primary's own when nothing was lent to
	// them: reuse its encoding.
	var smp *packedSamples
	if primary.packed != nil && model.SameValues(&composed.Samples, &primary.rec.Session.Samples) {
		smp = primary.packed
	} else {
		p, err := Pack([]model.Session{composed})
		if err != nil {
			return 0, err
		}
		defer p.Release()
		smp = &p.samples[0]
	}
	// A session row still holding the primary's recording (its source and
	// index), one this regrouping is about to rewrite or remove, steps
	// aside.
	if _, err := st.tx.ExecContext(ctx, "UPDATE sessions SET idx = -id WHERE source_id = ? AND idx = ? AND id <> ?",
		primary.sourceID, primary.idx, id); err != nil {
		return 0, fmt.Errorf("make way for session: %w", err)
	}
	if len(g) == 1 {
		// A recording alone: the sessions row is the recording.
		m := primary
		var err error
		if id, err = writeSessionRow(ctx, st, id, m.sourceID, m.idx, &composed, smp, 1); err != nil {
			return 0, err
		}
		if m.recordingID != 0 {
			if _, err := st.tx.ExecContext(ctx, "DELETE FROM recordings WHERE id = ?", m.recordingID); err != nil {
				return 0, fmt.Errorf("forget recording: %w", err)
			}
			m.recordingID = 0
		}
		m.sessionID = id
		return id, db.relink(ctx, st, id, members, g, gave)
	}
	if id == 0 {
		var err error
		if id, err = writeSessionRow(ctx, st, 0, primary.sourceID, primary.idx, &composed, smp, len(g)); err != nil {
			return 0, err
		}
		if err := writeRecordings(ctx, st, members, g, id); err != nil {
			return 0, err
		}
	} else {
		// Save every recording first: the session row about to be
		// overwritten may be one of them.
		if err := writeRecordings(ctx, st, members, g, id); err != nil {
			return 0, err
		}
		if _, err := writeSessionRow(ctx, st, id, primary.sourceID, primary.idx, &composed, smp, len(g)); err != nil {
			return 0, err
		}
	}
	for _, i := range g {
		members[i].sessionID = id
	}
	return id, db.relink(ctx, st, id, members, g, gave)
}

// relink replaces the merge links of session id: one per recording other
// than the primary, saying what it gave. Links of older databases (role
// 'duplicate') stay. It also marks the session's metrics out of date.
func (db *DB) relink(ctx context.Context, st *importStmts, id int64, members []*member, g []int, gave []string) error {
	if _, err := st.tx.ExecContext(ctx, "DELETE FROM session_links WHERE session_id = ? AND role = 'merged'", id); err != nil {
		return fmt.Errorf("relink: %w", err)
	}
	strength := false
	for k, i := range g {
		m := members[i]
		if m.rec.Session.Sport == model.Strength || len(m.rec.Session.Sets) > 0 {
			strength = true
		}
		if k == 0 || m.sourceID == members[g[0]].sourceID {
			continue
		}
		note := "another recording of the same activity"
		if gave[k] != "" {
			note += "; gave " + gave[k]
		}
		_, err := st.tx.ExecContext(ctx, `
			INSERT INTO session_links (session_id, source_id, role, note) VALUES (?, ?, 'merged', ?)
			ON CONFLICT (session_id, source_id) DO UPDATE SET role = 'merged', note = excluded.note`, id, m.sourceID, note)
		if err != nil {
			return fmt.Errorf("link source: %w", err)
		}
	}
	if _, err := st.tx.ExecContext(ctx, "DELETE FROM session_metrics WHERE session_id = ?", id); err != nil {
		return fmt.Errorf("metrics out of date: %w", err)
	}
	if strength {
		if _, err := st.tx.ExecContext(ctx, "UPDATE session_metrics SET exposed_with = '' WHERE exposed_with <> ''"); err != nil {
			return fmt.Errorf("exposures out of date: %w", err)
		}
	}
	return nil
}

// writeSessionRow inserts (id 0) or overwrites session id with s and its
// laps, sets and samples, and returns its ID.
func writeSessionRow(ctx context.Context, st *importStmts, id, sourceID int64, idx int, s *model.Session, smp *packedSamples, nRecordings int) (int64, error) {
	args := sessionRowArgs(sourceID, idx, s, nRecordings)
	if id == 0 {
		stmt, err := st.get(ctx, sqlText().insertSession)
		if err != nil {
			return 0, err
		}
		res, err := stmt.ExecContext(ctx, args...)
		if err != nil {
			return 0, fmt.Errorf("insert session: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, fmt.Errorf("insert session: %w", err)
		}
	} else {
		stmt, err := st.get(ctx, sqlText().updateSession)
		if err != nil {
			return 0, err
		}
		if _, err := stmt.ExecContext(ctx, append(args, id)...); err != nil {
			return 0, fmt.Errorf("replace session: %w", err)
		}
		for _, q := range []string{"DELETE FROM laps WHERE session_id = ?", "DELETE FROM sets WHERE session_id = ?",
			"DELETE FROM session_samples WHERE session_id = ?"} {
			if _, err := st.tx.ExecContext(ctx, q, id); err != nil {
				return 0, fmt.Errorf("replace session: %w", err)
			}
		}
	}
	if err := insertLaps(ctx, st, id, s.Laps); err != nil {
		return 0, err
	}
	if err := insertSets(ctx, st, id, s.Sets); err != nil {
		return 0, err
	}
	if err := insertSamples(ctx, st, id, smp); err != nil {
		return 0, err
	}
	return id, nil
}

// writeRecordings makes sure each member of group g has its recordings row,
// belonging to session id: new ones are written from memory, recordings
// that were sessions of their own are copied from their session rows (the
// samples' bytes as they are), rows that exist are moved; changed ones
// (adjust) are rewritten.
func writeRecordings(ctx context.Context, st *importStmts, members []*member, g []int, id int64) error {
	for _, i := range g {
		m := members[i]
		s := m.rec.Session
		switch {
		case m.recordingID != 0 && m.adjust == nil:
			if _, err := st.tx.ExecContext(ctx, "UPDATE recordings SET session_id = ? WHERE id = ?", id, m.recordingID); err != nil {
				return fmt.Errorf("move recording: %w", err)
			}
		default:
			laps, err := lapsJSON(s.Laps)
			if err != nil {
				return err
			}
			sets, err := setsJSON(s.Sets)
			if err != nil {
				return err
			}
			smp := m.packed
			if smp == nil {
				p, err := Pack([]model.Session{*s})
				if err != nil {
					return err
				}
				defer p.Release()
				smp = &p.samples[0]
			}
			args := append([]any{id, m.sourceID, m.idx}, summaryArgs(s)...)
			args = append(args, laps, sets, smp.n, 1)
			for _, b := range smp.blobs {
				args = append(args, b)
			}
			if m.recordingID != 0 {
				stmt, err := st.get(ctx, sqlText().updateRecording)
				if err != nil {
					return err
				}
				if _, err := stmt.ExecContext(ctx, append(append([]any{id}, args[3:]...), m.recordingID)...); err != nil {
					return fmt.Errorf("rewrite recording: %w", err)
				}
				continue
			}
			stmt, err := st.get(ctx, sqlText().insertRecording)
			if err != nil {
				return err
			}
			res, err := stmt.ExecContext(ctx, args...)
			if err != nil {
				return fmt.Errorf("keep recording: %w", err)
			}
			if m.recordingID, err = res.LastInsertId(); err != nil {
				return fmt.Errorf("keep recording: %w", err)
			}
		}
	}
	return nil
}

// loadFull reads a member's laps, sets and samples (once), and applies its
// adjustment.
func loadFull(ctx context.Context, st *importStmts, m *member) error {
	if m.full {
		return nil
	}
	var s model.Session
	var err error
	if m.recordingID != 0 {
		s, err = readRecording(ctx, st, m.recordingID)
	} else {
		err = eachSession(ctx, st.tx, "s.id = ?", []any{m.sessionID}, true, func(x *StoredSession) error {
			s = x.Session
			return nil
		})
		if err == nil && s.Start.IsZero() {
			err = fmt.Errorf("session %d: %w", m.sessionID, ErrNoSession)
		}
	}
	if err != nil {
		return fmt.Errorf("read recording %s: %w", m.rec.Key, err)
	}
	if m.adjust != nil {
		m.adjust(&s)
	}
	m.rec.Session = &s
	m.full = true
	return nil
}

// readRecording reads recordings row id whole.
func readRecording(ctx context.Context, st *importStmts, id int64) (model.Session, error) {
	var x summaryScan
	var laps, sets string
	var n, codec int
	var blobs [numSampleColumns][]byte
	dest := append(x.dest(), &laps, &sets, &n, &codec)
	for i := range blobs {
		dest = append(dest, &blobs[i])
	}
	err := st.tx.QueryRowContext(ctx, sqlText().readRecordingWhole, id).Scan(dest...)
	if err != nil {
		return model.Session{}, err
	}
	s := x.session()
	if s.Laps, err = parseLaps(laps); err != nil {
		return s, err
	}
	if s.Sets, err = parseSets(sets); err != nil {
		return s, err
	}
	if n > 0 {
		if s.Samples, err = decodeSamples(codec, n, blobs); err != nil {
			return s, err
		}
	}
	return s, nil
}

// fillFromIndex gives the recordings of an already-imported source the
// names and notes an export's index supplied this time (Strava's export
// holds the watch's original FIT, byte for byte, plus the name and
// description the user gave it), and their sessions where those have none.
func fillFromIndex(ctx context.Context, tx *sql.Tx, sourceID int64, sessions []model.Session) (bool, error) {
	changed := false
	for i := range sessions {
		for _, f := range []struct{ col, v string }{{"name", sessions[i].Name}, {"notes", sessions[i].Notes}} {
			if f.v == "" {
				continue
			}
			res, err := tx.ExecContext(ctx, `
				UPDATE sessions SET `+f.col+` = ?1
				WHERE `+f.col+` = '' AND (source_id = ?2 AND idx = ?3
					OR id IN (SELECT session_id FROM session_links WHERE source_id = ?2)
					OR id IN (SELECT session_id FROM recordings WHERE source_id = ?2 AND idx = ?3))`,
				f.v, sourceID, i)
			if err != nil {
				return false, fmt.Errorf("fill from an export's index: %w", err)
			}
			if n, _ := res.RowsAffected(); n > 0 {
				changed = true
			}
			if _, err := tx.ExecContext(ctx, `UPDATE recordings SET `+f.col+` = ? WHERE `+f.col+` = '' AND source_id = ? AND idx = ?`,
				f.v, sourceID, i); err != nil {
				return false, fmt.Errorf("fill from an export's index: %w", err)
			}
		}
	}
	return changed, nil
}

// LinkedSource is another file that holds a recording of a session.
type LinkedSource struct {
	Path   string
	Format model.Format
	// Role is "merged" (a recording kept in recordings, composed into the
	// session) or "duplicate" (a link of a database before schema 6).
	Role string
	// Note says in plain words what the file gave the session.
	Note string
}

// LinkedSources lists the other files linked to session id (the same run
// from Strava, the lifting app's log of a watch workout), by path, each
// with what it gave the session.
func (db *DB) LinkedSources(ctx context.Context, id int64) ([]LinkedSource, error) {
	rows, err := db.r.QueryContext(ctx, `
		SELECT src.path, src.format, l.role, l.note FROM session_links l JOIN sources src ON src.id = l.source_id
		WHERE l.session_id = ? ORDER BY src.path`, id)
	if err != nil {
		return nil, fmt.Errorf("linked sources of session %d: %w", id, err)
	}
	defer rows.Close()
	var out []LinkedSource
	for rows.Next() {
		var l LinkedSource
		var f string
		if err := rows.Scan(&l.Path, &f, &l.Role, &l.Note); err != nil {
			return nil, err
		}
		l.Format = model.Format(f)
		out = append(out, l)
	}
	return out, rows.Err()
}
