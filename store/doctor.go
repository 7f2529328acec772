package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

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
	// that exist, with the modes Examine found before making them private.
	Files []FileAccess
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

// Examine checks the database at path without creating, migrating or
// writing to it (SQLite itself may fold in a WAL that a crashed process
// left, as any open does): SQLite's integrity and foreign-key checks, the schema
// version, the partly imported sources, row counts and the permissions of
// the database's files and folder. Like Open, it makes a database, -wal or
// -shm file that other users could read or write mode 0600 (Files records
// the mode it had). Damage SQLite reports is a finding, not an error; a
// missing file is ErrNoDatabase.
func Examine(ctx context.Context, path string) (*Health, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("examine database %s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoDatabase, abs)
	}
	if err != nil {
		return nil, fmt.Errorf("examine database: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("examine database: %s is not a file", abs)
	}
	h := &Health{Path: abs, SchemaVersion: -1, KnownVersion: latestVersion(),
		Sources: -1, CRCUnverified: -1, Sessions: -1, PainEvents: -1}
	if h.Folder, err = folderAccess(abs); err != nil {
		return nil, fmt.Errorf("examine database: %w", err)
	}
	h.Files = makePrivate(abs)

	// mode=rw never creates the file, and query_only refuses writes. Not
	// mode=ro: a read-only connection cannot remove the -wal and -shm it
	// makes (with the now private database file's mode) when it closes.
	conn, err := sql.Open("sqlite3", dsn(abs, url.Values{
		"mode":          {"rw"},
		"_busy_timeout": {fmt.Sprint(busyTimeoutMS)},
		"_query_only":   {"on"},
	}))
	if err != nil {
		return nil, fmt.Errorf("examine database %s: %w", abs, err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if err := h.examine(ctx, conn); err != nil {
		if !isDamage(err) {
			return nil, fmt.Errorf("examine database %s: %w", abs, err)
		}
		h.Damage = append(h.Damage, err.Error())
	}
	return h, nil
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
