package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrNotFound is returned (wrapped) when the asked-for row does not exist,
// such as a session ID that is not in the database. Test with errors.Is.
var ErrNotFound = errors.New("not found")

// ErrNoSession is returned (wrapped) by GetSession, Samples and SamplesInto
// for a session ID that is not in the database. It reads "not found" and
// also matches ErrNotFound. Test with errors.Is.
var ErrNoSession error = &notFoundError{what: "session"}

// ErrNoPainEvent is returned (wrapped) by GetPain, UpdatePain and
// DeletePain for a pain event ID that is not in the log. It reads "not
// found" and also matches ErrNotFound. Test with errors.Is.
var ErrNoPainEvent error = &notFoundError{what: "pain event"}

// notFoundError is a sentinel for one kind of missing row: its message is
// ErrNotFound's, so that wrapping it changes no message, and errors.Is
// matches it both to itself and to ErrNotFound.
type notFoundError struct{ what string }

func (e *notFoundError) Error() string        { return ErrNotFound.Error() }
func (e *notFoundError) Is(target error) bool { return target == ErrNotFound }

// DB is an open backtrack database. Its methods are safe for concurrent use:
// writes are serialised on one connection, reads use their own pool.
type DB struct {
	// Now returns the current time, for imported_at and seen_at stamps.
	// Open sets it to time.Now; tests may replace it before the first write.
	Now func() time.Time

	path string
	w    *sql.DB // one connection, BEGIN IMMEDIATE; nil when readOnly
	r    *sql.DB // read-only connections, BEGIN DEFERRED

	// readOnly says the database was opened read-only (ReadOnly,
	// ReadOnlyIfNeeded), readOnlyWhy why; snapshot, when set, is a private
	// folder holding a copy that is read instead (removed by Close).
	readOnly    bool
	readOnlyWhy string
	snapshot    string

	// testHook, when set, runs at named points of an import ("session",
	// "commit") and aborts it when it returns an error.
	testHook func(ctx context.Context, point string) error

	// ck checkpoints the WAL in the background (see checkpointLoop); stop
	// ends the loop and done says it has ended.
	ck               *sql.DB
	stop, done, kick chan struct{}
}

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file.
const checkpointEvery = 100 * time.Millisecond

// kickCheckpoint asks checkpointLoop to run now (an Importer just
// committed): the copying then overlaps with the decoding of the next files
// instead of waiting for the next tick or for Close.
func (db *DB) kickCheckpoint() {
	select {
	case db.kick <- struct{}{}:
	default:
	}
}

// checkpointLoop copies committed WAL pages into the database file every
// checkpointEvery, on its own connection. SQLite would otherwise checkpoint
// inside whichever commit crossed 1,000 pages, making the importing writer
// wait for the database file's fsync; here the fsync overlaps with
// decoding and later commits (a PASSIVE checkpoint never blocks writers).
func (db *DB) checkpointLoop() {
	defer close(db.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
		case <-db.kick:
		}
		_, _ = db.ck.Exec("PRAGMA wal_checkpoint(PASSIVE)")
	}
}

// pageSize is the page size of a new database file, in bytes. Sample BLOBs
// span many overflow pages: 16 KiB pages write them about 1.5 times as fast
// as SQLite's default 4 KiB (fewer WAL frames and system calls), while a
// small transaction (a skipped file) costs about the same.
const pageSize = 16384

// busyTimeoutMS is how long a connection waits for another writer before
// giving up with "database is locked", in milliseconds.
const busyTimeoutMS = 10000

// DefaultPath returns where the database lives when the user names none:
// $XDG_DATA_HOME/backtrack/backtrack.db, or ~/.local/share/backtrack/backtrack.db
// when XDG_DATA_HOME is unset or not absolute (as the XDG spec asks).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "backtrack", "backtrack.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default database path: %w", err)
	}
	return filepath.Join(home, ".local", "share", "backtrack", "backtrack.db"), nil
}

func (db *DB) open(ctx context.Context) error {
	var err error
	// The writer: one connection, so that writes in this process queue in
	// database/sql rather than in SQLite's busy handler.
	db.w, err = sql.Open("sqlite3", dsn(db.path, url.Values{
		"_txlock":          {"immediate"},
		"_busy_timeout":    {fmt.Sprint(writerBusyMS)},
		"_foreign_keys":    {"on"},
		"_journal_mode":    {"WAL"},
		"_synchronous":     {"NORMAL"},
		"_stmt_cache_size": {"16"},
	}))
	if err != nil {
		return err
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxLifetime(0)
	if err := pingRetry(ctx, db.w); err != nil {
		return err
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	// The writer never checkpoints inside a commit: checkpointLoop does it.
	if _, err := db.w.ExecContext(ctx, "PRAGMA wal_autocheckpoint = 0"); err != nil {
		return fmt.Errorf("set up checkpoints: %w", err)
	}
	// A savepoint (one per file in an Importer's transaction) keeps the
	// pages it changes in a sub-journal so that it can roll back: in a
	// temporary file by default, which wrote 16 MB for a 4 MB import.
	if _, err := db.w.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
		return fmt.Errorf("set up the writer: %w", err)
	}
	db.ck, err = sql.Open("sqlite3", dsn(db.path, url.Values{
		"_busy_timeout": {fmt.Sprint(busyTimeoutMS)},
		"_synchronous":  {"NORMAL"},
	}))
	if err != nil {
		return err
	}
	db.ck.SetMaxOpenConns(1)
	db.stop, db.done, db.kick = make(chan struct{}), make(chan struct{}), make(chan struct{}, 1)
	go db.checkpointLoop()
	// The readers: the journal mode is already WAL (it is stored in the
	// file); deferred transactions take no write lock, and query_only makes
	// an accidental write through them an error.
	db.r, err = sql.Open("sqlite3", dsn(db.path, url.Values{
		"_txlock":          {"deferred"},
		"_busy_timeout":    {fmt.Sprint(busyTimeoutMS)},
		"_foreign_keys":    {"on"},
		"_query_only":      {"on"},
		"_stmt_cache_size": {"16"},
	}))
	if err != nil {
		return err
	}
	db.r.SetMaxIdleConns(2)
	return pingRetry(ctx, db.r)
}

// writerBusyMS is the SQLite busy timeout of the writer connection, in
// milliseconds. SQLite's own busy handler backs off to looking at the lock
// every 100 ms, and an import holds it for commitEvery at a time with a gap
// of a few milliseconds between: a writer waiting that way (a pain event
// added during an import) could starve. beginWrite looks about every
// millisecond instead, for up to busyTimeoutMS.
const writerBusyMS = 1

// beginWrite begins an immediate transaction with begin (a DB's or a
// Conn's BeginTx), retrying about every millisecond while another
// connection holds the write lock, for up to busyTimeoutMS. On a database
// opened read-only it fails with ErrReadOnly.
func (db *DB) beginWrite(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sql.Tx, error)) (*sql.Tx, error) {
	if err := db.writable(); err != nil {
		return nil, err
	}
	var tx *sql.Tx
	err := retryBusy(ctx, time.Millisecond, func() error {
		var err error
		tx, err = begin(ctx, nil)
		return err
	})
	return tx, db.classify(err)
}

// retryBusy calls try until it succeeds or fails other than with "database
// is locked", waiting every between tries, for up to busyTimeoutMS.
func retryBusy(ctx context.Context, every time.Duration, try func() error) error {
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	for {
		err := try()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// writeTx runs fn in an immediate transaction of the writer connection
// (begun by beginWrite) and commits it.
func (db *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.beginWrite(ctx, db.w.BeginTx)
	return db.classify(runTx(tx, err, fn))
}

// runTx runs fn in tx, just begun with err, and commits it; on any error
// it rolls back.
func runTx(tx *sql.Tx, err error, fn func(*sql.Tx) error) error {
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// pingRetry opens a first connection, retrying while the file is busy for
// up to the busy timeout. SQLite does not wait on its own while another
// connection switches a new file to WAL: two processes creating the
// database at once would otherwise fail with "database is locked".
func pingRetry(ctx context.Context, conn *sql.DB) error {
	return retryBusy(ctx, 5*time.Millisecond, func() error { return conn.PingContext(ctx) })
}

// dsn returns a go-sqlite3 data source name for the absolute path abs: a
// file: URI, so that '?', '#' and '%' in a folder name are escaped rather
// than read as parameters.
func dsn(abs string, params url.Values) string {
	u := url.URL{Path: filepath.ToSlash(abs)}
	return "file:" + u.EscapedPath() + "?" + params.Encode()
}

// initFile sets the page size of the new, empty database file at abs and
// switches it to WAL, which fixes the page size for good. If another process
// got there first (the file is busy), its settings stand.
func initFile(ctx context.Context, abs string) error {
	conn, err := sql.Open("sqlite3", dsn(abs, url.Values{"_busy_timeout": {fmt.Sprint(busyTimeoutMS)}}))
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize))
	if err != nil && !isBusy(err) {
		return fmt.Errorf("set page size: %w", err)
	}
	return conn.Close()
}

// createFile creates the database file with mode 0600 and its missing parent
// folders with mode 0700, whatever the umask, and reports whether it created
// the file. An existing file or folder keeps its mode.
func createFile(path string) (created bool, err error) {
	dir := filepath.Dir(path)
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		} else if !errors.Is(err, os.ErrNotExist) {
			return false, fmt.Errorf("create folder %s: %w", dir, err)
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, fmt.Errorf("create folder: %w", err)
	}
	for _, d := range missing {
		if err := os.Chmod(d, 0o700); err != nil {
			return false, fmt.Errorf("create folder: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("create file: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return false, fmt.Errorf("create file: %w", err)
	}
	if err := f.Close(); err != nil {
		return false, fmt.Errorf("create file: %w", err)
	}
	return true, nil
}

// Path returns the database file's absolute path.
func (db *DB) Path() string { return db.path }

// Close closes every connection. The DB must not be used afterwards.
func (db *DB) Close() error {
	var errs []error
	if db.stop != nil {
		close(db.stop)
		<-db.done
		db.stop = nil
		errs = append(errs, db.ck.Close())
	}
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	if db.snapshot != "" {
		errs = append(errs, os.RemoveAll(db.snapshot))
		db.snapshot = ""
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// SchemaVersion returns the database's schema version: the number of the
// last migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and PRAGMA
// foreign_key_check and returns "ok" when both find nothing, otherwise one
// line per problem.
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	lines, err := damageLines(ctx, db.r)
	if err != nil {
		return "", err
	}
	if len(lines) == 0 {
		return "ok", nil
	}
	return strings.Join(lines, "\n"), nil
}
