package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
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
	// turned out to be other recordings of (docs/storage.md, "Duplicates and
	// merges": the same run from the watch and from Strava), or whose
	// guessed zone the file's offsets revised: each was composed again.
	MergedIDs []int64
	// RemovedIDs are sessions that merged into others and are gone.
	RemovedIDs []int64
	// Zones say, for sessions whose file carries no offset, which offset
	// their times were placed at and why; ZoneWarnings where the machine's
	// zone disagrees with the offsets a watch recorded.
	Zones, ZoneWarnings []string
	// WasUnit, after a Reread that replaced the source's sessions, is the
	// unit its weights had been read in ("kg" or "lb"); "" otherwise.
	WasUnit string
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
		return fmt.Errorf("record skip %s: %w", path, db.classify(err))
	}
	tx, err := db.beginWrite(ctx, db.w.BeginTx)
	if err != nil {
		return fmt.Errorf("record skip %s: %w", path, db.classify(err))
	}
	defer tx.Rollback()
	if err := insertSkip(ctx, tx, sha256, path, reason, db.Now()); err != nil {
		return fmt.Errorf("record skip %s: %w", path, db.classify(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record skip %s: commit: %w", path, db.classify(err))
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
// each other (up to the busy timeout). Importing many files, an Importer
// is faster.
func (db *DB) ImportSource(ctx context.Context, src model.Source, sessions []model.Session) (ImportOutcome, error) {
	return db.sourceTx(ctx, "import "+src.Path, src, sessions, db.importInTx)
}

// inTx is importInTx or rereadInTx: what is done with one source's packed
// sessions inside st's transaction.
type inTx func(ctx context.Context, st *importStmts, src model.Source, p *Packed) (ImportOutcome, error)

// sourceTx checks src, packs sessions and runs store on them in a
// transaction of its own, committed when store succeeds (ImportSource,
// RereadSource). Errors start with what ("import a.fit").
func (db *DB) sourceTx(ctx context.Context, what string, src model.Source, sessions []model.Session, store inTx) (ImportOutcome, error) {
	if err := checkSource(src); err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: %w", what, db.classify(err))
	}
	p, err := Pack(sessions)
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: %w", what, db.classify(err))
	}
	defer p.Release()
	tx, err := db.beginWrite(ctx, db.w.BeginTx)
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: %w", what, db.classify(err))
	}
	defer tx.Rollback()
	st := &importStmts{tx: tx}
	defer st.close()
	out, err := store(ctx, st, src, p)
	if err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: %w", what, db.classify(err))
	}
	if err := tx.Commit(); err != nil {
		return ImportOutcome{}, fmt.Errorf("%s: commit: %w", what, db.classify(err))
	}
	return out, nil
}

// importInTx stores src and its packed sessions inside st's transaction,
// and runs the "commit" test hook at the end.
func (db *DB) importInTx(ctx context.Context, st *importStmts, src model.Source, p *Packed) (ImportOutcome, error) {
	id, dup, err := insertSource(ctx, st, src, db.Now())
	if err != nil {
		return ImportOutcome{}, err
	}
	if dup {
		if _, err := fillFromIndex(ctx, st.tx, id, p.Sessions); err != nil {
			return ImportOutcome{}, err
		}
		return ImportOutcome{Duplicate: true, SourceID: id}, nil
	}
	out, err := db.insertSessions(ctx, st, id, src, p)
	if err != nil {
		return ImportOutcome{}, err
	}
	if err := db.hook(ctx, "commit"); err != nil {
		return ImportOutcome{}, err
	}
	out.SourceID = id
	return out, nil
}

// Packed is one file's sessions made ready for the store by Pack.
type Packed struct {
	// Sessions are the sessions as given to Pack.
	Sessions []model.Session
	samples  []packedSamples // one per session
	enc      *sampleEncoder  // holds the samples' bytes until Release
}

// packedSamples is one session's encoded sample columns.
type packedSamples struct {
	n     int
	blobs [numSampleColumns][]byte
}

// encoders reuse sample encoders (and their buffers) across Pack calls.
var encoders = sync.Pool{New: func() any { return new(sampleEncoder) }}

// Pack encodes the sessions' sample columns, the part of storing a file
// that is computation rather than writing. It is safe to call from many
// goroutines at once: a batch import packs in its decoding workers, so
// that the one writer only writes. Release the result once it is stored.
func Pack(sessions []model.Session) (*Packed, error) {
	enc := encoders.Get().(*sampleEncoder)
	p := &Packed{Sessions: sessions, samples: make([]packedSamples, len(sessions)), enc: enc}
	// Every session's columns go into enc.arena one after another; the
	// arena may move while it grows, so offsets are kept until the end.
	type span struct{ start, end int }
	spans := make([][numSampleColumns]span, len(sessions))
	enc.arena = enc.arena[:0]
	for i := range sessions {
		n, blobs, err := enc.encode(&sessions[i].Samples)
		if err != nil {
			p.Release()
			return nil, fmt.Errorf("session %d: %w", i+1, err)
		}
		p.samples[i].n = n
		for c, b := range blobs {
			if b != nil {
				start := len(enc.arena)
				enc.arena = append(enc.arena, b...)
				spans[i][c] = span{start, len(enc.arena)}
			}
		}
	}
	for i := range spans {
		for c, sp := range spans[i] {
			if sp.end > sp.start {
				p.samples[i].blobs[c] = enc.arena[sp.start:sp.end:sp.end]
			}
		}
	}
	return p, nil
}

// Release gives the memory of p's encoded samples back for later Pack
// calls to reuse. p must not be stored after.
func (p *Packed) Release() {
	if p == nil || p.enc == nil {
		return
	}
	encoders.Put(p.enc)
	p.enc, p.samples = nil, nil
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
	switch src.WeightUnitOrigin {
	case "", model.UnitColumn, model.UnitHeader, model.UnitFlag, model.UnitSetting, model.UnitDefault:
	default:
		return fmt.Errorf("source weight unit origin %q: want column, header, flag, setting or default", src.WeightUnitOrigin)
	}
	return nil
}

// insertSource adds the sources row and forgets any skip of the same bytes.
// If the sha256 is already there it returns that row's ID and dup true.
func insertSource(ctx context.Context, st *importStmts, src model.Source, now time.Time) (id int64, dup bool, err error) {
	stmt, err := st.get(ctx, insertSourceSQL)
	if err != nil {
		return 0, false, err
	}
	err = stmt.QueryRowContext(ctx, src.SHA256, src.Path, string(src.Format), src.Size, string(src.Status),
		src.Damage, stamp(now), src.WeightUnit, string(src.WeightUnitOrigin)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = st.tx.QueryRowContext(ctx, "SELECT id FROM sources WHERE sha256 = ?", src.SHA256).Scan(&id)
		if err != nil {
			return 0, false, fmt.Errorf("find existing source: %w", err)
		}
		// The same bytes under another name.
		if err := keepSmallestPath(ctx, st.tx, id, src.Path); err != nil {
			return 0, false, err
		}
		return id, true, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("insert source: %w", err)
	}
	stmt, err = st.get(ctx, "DELETE FROM skipped_sources WHERE sha256 = ?")
	if err != nil {
		return 0, false, err
	}
	if _, err := stmt.ExecContext(ctx, src.SHA256); err != nil {
		return 0, false, fmt.Errorf("forget skip: %w", err)
	}
	return id, false, nil
}

// keepSmallestPath gives source id the path path when it sorts before the
// one it has: bytes met under several names keep the smallest, whatever the
// order they arrive in.
func keepSmallestPath(ctx context.Context, tx *sql.Tx, id int64, path string) error {
	if _, err := tx.ExecContext(ctx, "UPDATE sources SET path = ?1 WHERE id = ?2 AND path > ?1", path, id); err != nil {
		return fmt.Errorf("keep the smallest path: %w", err)
	}
	return nil
}

// The insert statements of an import, prepared once per transaction.
const (
	insertSourceSQL = `
		INSERT INTO sources (sha256, path, format, size, status, damage, imported_at, weight_unit, weight_unit_from)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING
		RETURNING id`
	lapColumns = `session_id, idx, start_utc, elapsed_s, timer_s, distance_m, ascent_m,
		descent_m, avg_hr, avg_cadence_spm`
	setColumns = `session_id, idx, start_utc, duration_s, category, exercise, reps, weight_kg`
)

// insertSamplesSQL inserts a session_samples row of codec 1.
var insertSamplesSQL = "INSERT INTO session_samples (session_id, n, codec, " + sampleBlobList("") +
	") VALUES (?, ?, 1" + strings.Repeat(", ?", numSampleColumns) + ")"

// importStmts holds the prepared statements of one import transaction,
// prepared on first use and kept until the transaction ends.
type importStmts struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	// corrections is 0 until the corrections table was looked at in this
	// transaction, then 1 when it is empty and 2 when it is not.
	corrections int
}

// get returns query prepared in the transaction.
func (st *importStmts) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := st.stmts[query]; ok {
		return s, nil
	}
	s, err := st.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if st.stmts == nil {
		st.stmts = map[string]*sql.Stmt{}
	}
	st.stmts[query] = s
	return s, nil
}

func (st *importStmts) close() {
	for _, s := range st.stmts {
		s.Close()
	}
	st.stmts = nil
}

// rowsPerInsert is the most rows one multi-row INSERT of laps or sets
// carries: a statement per row would cost a session of 30 laps 30 calls.
const rowsPerInsert = 16

// insertRows inserts rows of width columns into table: args holds them one
// after another. Statements of up to rowsPerInsert rows are prepared once
// per transaction for each row count.
func (st *importStmts) insertRows(ctx context.Context, table, columns string, width int, args []any) error {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	for len(args) > 0 {
		n := min(len(args)/width, rowsPerInsert)
		q := "INSERT INTO " + table + " (" + columns + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
		stmt, err := st.get(ctx, q)
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(ctx, args[:n*width]...); err != nil {
			return err
		}
		args = args[n*width:]
	}
	return nil
}

// insertSessions adds the packed sessions of source src (row sourceID)
// with their laps, sets and samples: each is corrected as the user asked
// (a sport, a zone set with sessions edit), a guessed offset is revised from
// the offsets a watch recorded nearby, and then it becomes a session of its
// own or joins the recordings of the same activity (see settle).
func (db *DB) insertSessions(ctx context.Context, st *importStmts, sourceID int64, src model.Source, p *Packed) (ImportOutcome, error) {
	var out ImportOutcome
	out.SessionIDs = make([]int64, 0, len(p.Sessions))
	for i := range p.Sessions {
		s := &p.Sessions[i]
		fail := func(err error) (ImportOutcome, error) {
			return ImportOutcome{}, fmt.Errorf("session %d (%s at %s): %w", i+1, s.Sport, s.Start.UTC().Format(time.RFC3339), err)
		}
		if err := checkSession(s); err != nil {
			return fail(err)
		}
		if err := db.applyCorrection(ctx, st, src.SHA256, i, s); err != nil {
			return fail(err)
		}
		if s.OffsetOrigin.Guessed() {
			zone, warn, err := db.placeGuessed(ctx, st, s)
			if err != nil {
				return fail(err)
			}
			addOnce(&out.Zones, zone)
			addOnce(&out.ZoneWarnings, warn)
		}
		m := &member{rec: model.Recording{Key: recordingKey(src.SHA256, i), Source: src.SHA256, Format: src.Format, Session: s},
			sourceID: sourceID, idx: i, full: true, packed: &p.samples[i]}
		var near []*member
		maybe, err := mayMatch(ctx, st, sourceID, s)
		if err == nil && maybe {
			near, err = neighbours(ctx, st, s.Start.Add(-neighbourWindow), s.Start.Add(neighbourWindow), map[string]bool{m.rec.Key: true})
		}
		if err != nil {
			return fail(err)
		}
		if !matchesAny(m, near) {
			id, err := writeSessionRow(ctx, st, 0, sourceID, i, s, m.packed, 1)
			if err != nil {
				return fail(err)
			}
			out.SessionIDs = append(out.SessionIDs, id)
		} else {
			res, err := db.settle(ctx, st, append(near, m))
			if err != nil {
				return fail(err)
			}
			mine := res.ids[m.rec.Key]
			if slices.Contains(res.added, mine) {
				out.SessionIDs = append(out.SessionIDs, mine)
			}
			out.merge(res)
		}
		if s.OffsetOrigin.Recorded() {
			res, err := db.reviseNearby(ctx, st, s.Start)
			if err != nil {
				return fail(err)
			}
			out.merge(res)
		}
		if err := db.hook(ctx, "session"); err != nil {
			return ImportOutcome{}, err
		}
	}
	return out, nil
}

// mayMatchSQL says whether any session of another source could be another
// recording of a new one: within model.MatchWindow, or within
// neighbourWindow when either is logged in an app or strength (matched by
// day).
const mayMatchSQL = `SELECT EXISTS (SELECT 1 FROM sessions WHERE start_utc BETWEEN ?1 AND ?2 AND source_id <> ?3
	AND (start_utc BETWEEN ?4 AND ?5 OR logged = 1 OR sport = 'strength' OR ?6))`

// mayMatch is the cheap test before neighbours: most sessions of a watch's
// file have no other recording, and the one query costs less than reading
// the day's sessions around them.
func mayMatch(ctx context.Context, st *importStmts, sourceID int64, s *model.Session) (bool, error) {
	stmt, err := st.get(ctx, mayMatchSQL)
	if err != nil {
		return false, err
	}
	var n int
	err = stmt.QueryRowContext(ctx, s.Start.Add(-neighbourWindow).UnixMilli(), s.Start.Add(neighbourWindow).UnixMilli(), sourceID,
		s.Start.Add(-model.MatchWindow).UnixMilli(), s.Start.Add(model.MatchWindow).UnixMilli(),
		s.Logged || s.Sport == model.Strength).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for the same activity: %w", err)
	}
	return n == 1, nil
}

// merge adds what a settle did to the outcome.
func (out *ImportOutcome) merge(res settled) {
	for _, id := range res.changed {
		if !slices.Contains(out.MergedIDs, id) && !slices.Contains(out.SessionIDs, id) {
			out.MergedIDs = append(out.MergedIDs, id)
		}
	}
	for _, id := range res.removed {
		out.RemovedIDs = append(out.RemovedIDs, id)
		out.SessionIDs = slices.DeleteFunc(out.SessionIDs, func(x int64) bool { return x == id })
		out.MergedIDs = slices.DeleteFunc(out.MergedIDs, func(x int64) bool { return x == id })
	}
}

// addOnce appends s to list unless it is empty or already there.
func addOnce(list *[]string, s string) {
	if s != "" && !slices.Contains(*list, s) {
		*list = append(*list, s)
	}
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

// insertSamples writes a session's packed sample columns (nothing for
// none).
func insertSamples(ctx context.Context, st *importStmts, id int64, smp *packedSamples) error {
	if smp.n == 0 {
		return nil
	}
	stmt, err := st.get(ctx, insertSamplesSQL)
	if err != nil {
		return err
	}
	args := make([]any, 0, 2+numSampleColumns)
	args = append(args, id, smp.n)
	for _, b := range smp.blobs {
		args = append(args, b) // a nil []byte binds NULL
	}
	if _, err := stmt.ExecContext(ctx, args...); err != nil {
		return fmt.Errorf("insert samples: %w", err)
	}
	return nil
}

func insertLaps(ctx context.Context, st *importStmts, sessionID int64, laps []model.Lap) error {
	args := make([]any, 0, 10*len(laps))
	for i, l := range laps {
		args = append(args, sessionID, i, l.Start.UnixMilli(),
			nullable(l.ElapsedS), nullable(l.TimerS), nullable(l.DistanceM), nullable(l.AscentM),
			nullable(l.DescentM), nullable(l.AvgHR), nullable(l.AvgCadenceSPM))
	}
	if err := st.insertRows(ctx, "laps", lapColumns, 10, args); err != nil {
		return fmt.Errorf("insert laps: %w", err)
	}
	return nil
}

func insertSets(ctx context.Context, st *importStmts, sessionID int64, sets []model.StrengthSet) error {
	args := make([]any, 0, 8*len(sets))
	for i, s := range sets {
		var reps any
		if s.Reps != model.NoReps {
			reps = s.Reps
		}
		args = append(args, sessionID, i, s.Start.UnixMilli(), nullable(s.DurationS),
			s.Category, s.Exercise, reps, nullable(s.WeightKg))
	}
	if err := st.insertRows(ctx, "sets", setColumns, 8, args); err != nil {
		return fmt.Errorf("insert sets: %w", err)
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
