package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/backtrack/backtrack/model"
)

// ErrNoDatabase is returned (wrapped) by Examine when no database file
// exists at the path. Test with errors.Is.
var ErrNoDatabase = errors.New("no database")

// Health is what Examine found in a database, for backtrack doctor.
type Health struct {
	// Path is the database file's absolute path.
	Path string
	// Files holds the database file and those of its -wal and -shm files
	// that exist, with their modes (Examine changes none).
	Files []FileAccess
	// Leftovers are the -wal and -shm files that exist while no
	// connection has the database open: left by an open that could not
	// tidy up (a read-only folder or disk, a full disk, a crash).
	Leftovers []Leftover
	// Folder is the folder holding the database (never changed).
	Folder FileAccess
	// SchemaVersion is the database's schema version (PRAGMA user_version),
	// -1 when SQLite could not read the file (see Damage); KnownVersion is
	// the newest this build of backtrack knows.
	SchemaVersion, KnownVersion int
	// Damage holds what SQLite's integrity_check and foreign_key_check
	// found, one line each, or SQLite's refusal to read a damaged file.
	// It is empty when the database is sound.
	Damage []string
	// Partial lists the sources that were only partly imported (salvaged),
	// ordered by path.
	Partial []PartialSource
	// Sources counts the imported source files and CRCUnverified those whose
	// checksum could not be verified; Sessions and PainEvents count rows. A
	// count is -1 when it could not be taken: the table is missing (an
	// empty or older database), the schema is newer, or the file is damaged.
	Sources, CRCUnverified, Sessions, PainEvents int
	// SamplesChecked counts the sessions whose samples Examine decoded
	// whole and found to hold as many samples as the session records; -1
	// when they could not be checked. DamagedSamples lists the others,
	// each naming its session.
	SamplesChecked int
	DamagedSamples []SampleError
}

// Leftover is a -wal or -shm file that no connection holds.
type Leftover struct {
	// Path is the file's path.
	Path string
	// Size is its size in bytes; Changes, for a -wal, how many of them are
	// changes not yet copied into the database file (beyond its header).
	Size, Changes int64
	// Mode holds its permission bits and Owner its owner's user ID.
	Mode  fs.FileMode
	Owner int
	// Writable says this user can write it, so that the next command that
	// writes the database uses and tidies it; a read-only one (another
	// user's, or on a read-only disk) stops backtrack from writing.
	Writable bool
}

// PartialSource is a source file that was only partly imported: its good
// records were kept.
type PartialSource struct {
	// Path is the file's path as imported (archive levels joined with
	// model.PathSep).
	Path string
	// Format is the file's format (fit, gpx, tcx, csv).
	Format model.Format
	// Damage says in plain words where the damage starts ("" when the
	// importer gave no reason).
	Damage string
}

// Examine checks the database at path without creating, migrating,
// changing or writing to it, or to any file beside it: it reads it as
// DB.ReadOnly does (immutable when no connection has it open, else through
// the -wal and -shm that exist, else from a private copy). It runs SQLite's
// integrity and foreign-key checks and reads the schema version, the
// partly imported sources, row counts, every session's samples (decoded
// and counted against n_samples), the permissions of the database's files
// and folder (a file other users could read is reported, not changed), and
// the -wal and -shm files left behind. Damage SQLite reports is a finding,
// not an error; a missing file is ErrNoDatabase.
func Examine(ctx context.Context, path string) (*Health, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("examine database %s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := os.Lstat(abs); lerr == nil {
			return nil, fmt.Errorf("examine database: %s is a symbolic link to a file that does not exist", abs)
		}
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, abs)
	}
	if err != nil {
		return nil, fmt.Errorf("examine database: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("examine database: %s is not a file", abs)
	}
	h := &Health{Path: abs, SchemaVersion: -1, KnownVersion: latestVersion(),
		Sources: -1, CRCUnverified: -1, Sessions: -1, PainEvents: -1, SamplesChecked: -1}
	if h.Folder, err = folderAccess(abs); err != nil {
		return nil, fmt.Errorf("examine database: %w", err)
	}
	h.Files = makePrivate(abs, false)
	h.Leftovers = leftovers(abs) // before SQLite opens anything

	conn, snapshot, err := readConn(ctx, abs, nil, true)
	if err != nil {
		if !isDamage(err) {
			return nil, fmt.Errorf("examine database %s: %w", abs, err)
		}
		h.Damage = append(h.Damage, err.Error())
		return h, nil
	}
	defer func() {
		conn.Close()
		if snapshot != "" {
			os.RemoveAll(snapshot)
		}
	}()
	conn.SetMaxOpenConns(1)
	if err := h.examine(ctx, conn); err != nil {
		if !isDamage(err) {
			return nil, fmt.Errorf("examine database %s: %w", abs, err)
		}
		h.Damage = append(h.Damage, err.Error())
	}
	return h, nil
}

// leftovers returns the database's -wal and -shm files when no connection
// holds them.
func leftovers(abs string) []Leftover {
	if inUse(abs) {
		return nil
	}
	var out []Leftover
	paths, _ := databaseFiles(abs)
	for _, p := range paths[1:] {
		li, err := os.Lstat(p)
		if err != nil || !li.Mode().IsRegular() {
			continue
		}
		l := Leftover{Path: p, Size: li.Size(), Mode: li.Mode().Perm(), Owner: -1,
			Writable: syscall.Access(p, w_OK) == nil}
		if st, ok := li.Sys().(*syscall.Stat_t); ok {
			l.Owner = int(st.Uid)
		}
		if strings.HasSuffix(p, "-wal") {
			l.Changes = max(walFrames(p), 0)
		}
		out = append(out, l)
	}
	return out
}

// examine fills h from the database in one read transaction.
func (h *Health) examine(ctx context.Context, conn *sql.DB) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return err
	}
	h.SchemaVersion = v
	if h.Damage, err = damageLines(ctx, tx); err != nil {
		return err
	}
	if h.SchemaVersion > h.KnownVersion {
		return nil // a newer schema: its tables may mean other things
	}
	if err := h.contents(ctx, tx); err != nil && !(isDamage(err) && len(h.Damage) > 0) {
		return err
	}
	if err := h.samples(ctx, tx); err != nil && !(isDamage(err) && len(h.Damage) > 0) {
		return err
	}
	return nil
}

// samples decodes every session's samples, one session at a time, and
// checks each count against the session's n_samples.
func (h *Health) samples(ctx context.Context, tx *sql.Tx) error {
	if h.Sessions < 0 {
		return nil // no sessions table
	}
	codec := "ss.codec"
	if h.SchemaVersion < 5 {
		codec = "0" // rows from before the codec column are codec 0
	}
	blobs := sampleBlobList("ss.")
	if h.SchemaVersion < 8 {
		// Before the running-form columns: the core ones, NULL for the rest.
		blobs = columnList("ss.", model.SampleColumns[:model.CoreSampleColumns]) +
			strings.Repeat(", NULL", numSampleColumns-model.CoreSampleColumns)
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT s.id, s.local_date, src.path, s.n_samples, ss.n, `+codec+`,
			`+blobs+`
		FROM sessions s JOIN sources src ON src.id = s.source_id
			LEFT JOIN session_samples ss ON ss.session_id = s.id
		ORDER BY s.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id   int64
		date string
		path string
		want int
		row  sampleRow
		raw  [numSampleColumns]sql.RawBytes
		buf  model.Samples
	)
	dest := []any{&id, &date, &path, &want, &row.n, &row.codec}
	for i := range raw {
		dest = append(dest, &raw[i])
	}
	checked := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		for i, b := range raw {
			row.blobs[i] = b
		}
		var se *SampleError
		if err := decodeRow(&buf, &row, id, date, path, want); errors.As(err, &se) {
			h.DamagedSamples = append(h.DamagedSamples, *se)
			continue
		} else if err != nil {
			return err
		}
		checked++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	h.SamplesChecked = checked
	return nil
}

// contents counts rows and lists the partly imported sources, skipping
// tables the database does not have yet.
func (h *Health) contents(ctx context.Context, tx *sql.Tx) error {
	tables := map[string]bool{}
	rows, err := tx.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		tables[name] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if tables["sources"] {
		if err := tx.QueryRowContext(ctx, `
			SELECT count(*), count(*) FILTER (WHERE status = 'crc_unverified') FROM sources`,
		).Scan(&h.Sources, &h.CRCUnverified); err != nil {
			return err
		}
		if h.Partial, err = partialSources(ctx, tx); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		table string
		n     *int
	}{{"sessions", &h.Sessions}, {"pain_events", &h.PainEvents}} {
		if !tables[c.table] {
			continue
		}
		// The table name is one of ours, not input.
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM "+c.table).Scan(c.n); err != nil {
			return err
		}
	}
	return nil
}

// partialSources lists the sources with status partial, by path.
func partialSources(ctx context.Context, tx *sql.Tx) ([]PartialSource, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT path, format, damage FROM sources WHERE status = 'partial' ORDER BY path, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []PartialSource
	for rows.Next() {
		var p PartialSource
		if err := rows.Scan(&p.Path, &p.Format, &p.Damage); err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	return list, rows.Err()
}

// querier is what damageLines needs: a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// damageLines runs PRAGMA integrity_check and PRAGMA foreign_key_check and
// returns one line per problem they find (none when both pass).
func damageLines(ctx context.Context, q querier) ([]string, error) {
	var lines []string
	rows, err := q.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("integrity check: %w", err)
		}
		if s != "ok" {
			lines = append(lines, s)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("integrity check: %w", err)
	}
	fk, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	defer fk.Close()
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int64
		if err := fk.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, fmt.Errorf("foreign key check: %w", err)
		}
		lines = append(lines, fmt.Sprintf("foreign key: %s row %d refers to a missing %s row", table, rowid.Int64, parent))
	}
	if err := fk.Err(); err != nil {
		return nil, fmt.Errorf("foreign key check: %w", err)
	}
	return lines, nil
}
