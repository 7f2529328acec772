package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/backtrack/backtrack/model"
)

// Units read again (docs/storage.md, "Units read again"). A lifting
// export whose weights' unit the file does not say (Strong's plain Weight
// column) is read in the unit the import assumed, and its source keeps that
// unit and where it came from (sources.weight_unit, weight_unit_from). When
// a later import meets the same bytes assuming another unit, the file is
// decoded again and Reread replaces its recordings (sets, distances) and
// composes again every session they belong to, in one savepoint: the
// database is then what importing the file under the new unit would have
// made, whatever the order.

// SourceUnit returns the unit the weights of the imported bytes with this
// sha256 were read in and where it came from (model.Source's WeightUnit
// and WeightUnitOrigin); both empty for bytes not imported, a file without
// weights, or one imported before units were kept (schema version 7).
func (db *DB) SourceUnit(ctx context.Context, sha256 string) (string, model.UnitOrigin, error) {
	var unit, from string
	err := db.r.QueryRowContext(ctx, "SELECT weight_unit, weight_unit_from FROM sources WHERE sha256 = ?", sha256).Scan(&unit, &from)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("look up the unit of source %s: %w", sha256, err)
	}
	return unit, model.UnitOrigin(from), nil
}

// RereadSource replaces what an imported file stored with its sessions
// decoded again in another unit (src.WeightUnit), in one transaction:
// either all of it or, on any error, none. It does so only when the unit
// the file was read in before was assumed (not said by the file) and
// differs from src's, which must be assumed too; otherwise it changes
// nothing and returns Duplicate (the path kept is the smaller, as for a
// duplicate). Bytes not imported at all are imported as ImportSource does.
//
// Each recording keeps its place (its start, zone and sport, corrections
// included) and takes everything else from the new reading: a file read
// in another unit changes its loads and distances, not when or what it
// was. The sessions the recordings belong to are composed again, with
// their neighbours (ImportOutcome.MergedIDs), and their metrics are
// dropped, to be computed again; WasUnit is the unit read before.
func (db *DB) RereadSource(ctx context.Context, src model.Source, sessions []model.Session) (ImportOutcome, error) {
	return db.sourceTx(ctx, "read "+src.Path+" again", src, sessions, db.rereadInTx)
}

// Reread is RereadSource in a savepoint of the Importer's open
// transaction; the caller may Release p after.
func (im *Importer) Reread(ctx context.Context, src model.Source, p *Packed) (ImportOutcome, error) {
	return im.storeSource(ctx, "read "+src.Path+" again", src, p, im.db.rereadInTx)
}

// rereadInTx replaces the recordings of src's bytes with the packed
// sessions inside st's transaction (see RereadSource).
func (db *DB) rereadInTx(ctx context.Context, st *importStmts, src model.Source, p *Packed) (ImportOutcome, error) {
	var id int64
	var unit, from string
	err := st.tx.QueryRowContext(ctx, "SELECT id, weight_unit, weight_unit_from FROM sources WHERE sha256 = ?",
		src.SHA256).Scan(&id, &unit, &from)
	if errors.Is(err, sql.ErrNoRows) {
		return db.importInTx(ctx, st, src, p) // not there (any more): a plain import
	}
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("find the source: %w", err)
	}
	if err := keepSmallestPath(ctx, st.tx, id, src.Path); err != nil {
		return ImportOutcome{}, err
	}
	if !model.UnitOrigin(from).Assumed() || !src.WeightUnitOrigin.Assumed() || unit == src.WeightUnit {
		return ImportOutcome{Duplicate: true, SourceID: id}, nil
	}
	old, err := sourceMembers(ctx, st, id)
	if err != nil {
		return ImportOutcome{}, err
	}
	out := ImportOutcome{SourceID: id, WasUnit: unit}
	members, lo, hi, err := db.rereadMembers(ctx, st, id, src, p, old, &out)
	if err != nil {
		return ImportOutcome{}, err
	}
	seen := map[string]bool{}
	for _, m := range old {
		seen[m.rec.Key] = true
	}
	for _, m := range members {
		seen[m.rec.Key] = true
	}
	near, err := neighbours(ctx, st, lo.Add(-neighbourWindow), hi.Add(neighbourWindow), seen)
	if err != nil {
		return ImportOutcome{}, err
	}
	res, err := db.settle(ctx, st, append(near, members...))
	if err != nil {
		return ImportOutcome{}, err
	}
	out.SessionIDs = append(out.SessionIDs, res.added...)
	out.merge(res)
	if _, err := st.tx.ExecContext(ctx, `UPDATE sources SET weight_unit = ?, weight_unit_from = ?, status = ?, damage = ?
		WHERE id = ?`, src.WeightUnit, string(src.WeightUnitOrigin), string(src.Status), src.Damage, id); err != nil {
		return ImportOutcome{}, fmt.Errorf("record the unit: %w", err)
	}
	if err := db.hook(ctx, "commit"); err != nil {
		return ImportOutcome{}, err
	}
	return out, nil
}

// rereadMembers turns the packed sessions of source id, read again, into
// the members that replace its old recordings, and returns them with the
// span of time they and the old ones cover. When the new reading has the
// old one's recordings, index for index (a unit changes no workout), each
// new recording takes the place of its old one (its session, its recordings
// row) and keeps its placement; otherwise the old recordings are removed
// (their sessions composed again from what remains, or deleted) and the new
// ones placed as a new file's are.
func (db *DB) rereadMembers(ctx context.Context, st *importStmts, id int64, src model.Source, p *Packed, old []*member,
	out *ImportOutcome) (members []*member, lo, hi time.Time, err error) {
	paired := len(old) == len(p.Sessions)
	for i, o := range old {
		paired = paired && o.idx == i
	}
	span := func(t time.Time) {
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if hi.IsZero() || t.After(hi) {
			hi = t
		}
	}
	for _, o := range old {
		span(o.rec.Session.Start)
	}
	if !paired {
		if members, err = removeRecordings(ctx, st, old, out); err != nil {
			return nil, lo, hi, err
		}
	}
	for i := range p.Sessions {
		s := &p.Sessions[i]
		if err := checkSession(s); err != nil {
			return nil, lo, hi, fmt.Errorf("session %d: %w", i+1, err)
		}
		m := &member{rec: model.Recording{Key: recordingKey(src.SHA256, i), Source: src.SHA256, Format: src.Format, Session: s},
			sourceID: id, idx: i, full: true, packed: &p.samples[i], adjust: readAgain}
		if paired {
			keepPlacement(s, old[i].rec.Session)
			m.sessionID, m.recordingID = old[i].sessionID, old[i].recordingID
		} else {
			if err := db.applyCorrection(ctx, st, src.SHA256, i, s); err != nil {
				return nil, lo, hi, err
			}
			if s.OffsetOrigin.Guessed() {
				zone, warn, err := db.placeGuessed(ctx, st, s)
				if err != nil {
					return nil, lo, hi, err
				}
				addOnce(&out.Zones, zone)
				addOnce(&out.ZoneWarnings, warn)
			}
		}
		span(s.Start)
		members = append(members, m)
	}
	return members, lo, hi, nil
}

// readAgain marks a recording read again: its group is composed again and
// its recordings row rewritten, though it changed in memory already.
func readAgain(*model.Session) {}

// sourceMembers returns the recordings (summaries) of source id, by index:
// its sessions of one recording and its recordings rows.
func sourceMembers(ctx context.Context, st *importStmts, id int64) ([]*member, error) {
	var out []*member
	rows, err := st.tx.QueryContext(ctx, sqlText().sourceSessions, id)
	if err != nil {
		return nil, fmt.Errorf("read the source's sessions: %w", err)
	}
	for rows.Next() {
		m, _, err := scanMember(rows, false)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the source's sessions: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("read the source's sessions: %w", err)
	}
	rows, err = st.tx.QueryContext(ctx, sqlText().sourceRecordings, id)
	if err != nil {
		return nil, fmt.Errorf("read the source's recordings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, _, err := scanMember(rows, true)
		if err != nil {
			return nil, fmt.Errorf("read the source's recordings: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the source's recordings: %w", err)
	}
	slices.SortFunc(out, func(a, b *member) int { return a.idx - b.idx })
	return out, nil
}

// removeRecordings deletes old recordings: a session of one goes with it
// (out.RemovedIDs); a recordings row goes alone, and the other recordings
// of its session are returned, marked, so that the session is composed
// again from them.
func removeRecordings(ctx context.Context, st *importStmts, old []*member, out *ImportOutcome) ([]*member, error) {
	regroup := map[int64]bool{}
	for _, o := range old {
		if o.recordingID == 0 {
			if _, err := st.tx.ExecContext(ctx, "DELETE FROM sessions WHERE id = ?", o.sessionID); err != nil {
				return nil, fmt.Errorf("remove session %d: %w", o.sessionID, err)
			}
			out.RemovedIDs = append(out.RemovedIDs, o.sessionID)
			continue
		}
		if _, err := st.tx.ExecContext(ctx, "DELETE FROM recordings WHERE id = ?", o.recordingID); err != nil {
			return nil, fmt.Errorf("remove a recording of session %d: %w", o.sessionID, err)
		}
		regroup[o.sessionID] = true
	}
	rest, err := recordingsOfAll(ctx, st, slices.Sorted(maps.Keys(regroup)))
	if err != nil {
		return nil, err
	}
	for _, m := range rest {
		m.adjust = readAgain
	}
	return rest, nil
}

// keepPlacement gives s, a recording read again, the place its earlier
// reading had: its start (laps and sets moved with it), its offset and
// where that came from (a zone, a watch's offset nearby, the user's), and
// its sport (the user's correction included).
func keepPlacement(s, old *model.Session) {
	if d := old.Start.Sub(s.Start); d != 0 {
		s.Start = old.Start
		for i := range s.Laps {
			s.Laps[i].Start = s.Laps[i].Start.Add(d)
		}
		for i := range s.Sets {
			s.Sets[i].Start = s.Sets[i].Start.Add(d)
		}
	}
	s.OffsetS, s.OffsetOrigin = old.OffsetS, old.OffsetOrigin
	s.Sport, s.SubSport, s.SportOrigin = old.Sport, old.SubSport, old.SportOrigin
}
