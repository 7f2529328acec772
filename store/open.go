package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Option changes how Open opens a database.
type Option func(*openOptions)

// openOptions are the settings Options change.
type openOptions struct {
	warn      func(msg string)
	mustExist bool // never create the file
	readOnly  bool // open read-only from the start
	ifNeeded  bool // open read-only when the database cannot be written
}

// WithWarn has Open call warn with one plain-words message for each thing
// it found wrong with the files and put right, or could not: a database,
// -wal or -shm file that other users could read or write, which Open makes
// 0600 when that is safe. The message names the file and the mode it had.
// Without WithWarn such messages are dropped (the files are still made
// private).
func WithWarn(warn func(msg string)) Option {
	return func(o *openOptions) { o.warn = warn }
}

// MustExist has Open refuse, with an error wrapping ErrNoDatabase, to
// create a database that does not exist: what the commands that only read
// use, so that a mistyped path does not look like an empty history.
func MustExist() Option {
	return func(o *openOptions) { o.mustExist = true }
}

// ReadOnly has Open open an existing database read-only: nothing is
// created, upgraded, made private or written, and every write fails with
// ErrReadOnly. Implies MustExist.
func ReadOnly() Option {
	return func(o *openOptions) { o.readOnly, o.mustExist = true, true }
}

// ReadOnlyIfNeeded has Open open the database read-only (as ReadOnly) when
// it cannot be written: a read-only file, folder or file system, a -wal or
// -shm this user cannot write, or a full disk. Without it, Open fails then
// with ErrReadOnly or ErrDiskFull in plain words. DB.ReadOnly and
// DB.ReadOnlyReason say what happened.
func ReadOnlyIfNeeded() Option {
	return func(o *openOptions) { o.ifNeeded = true }
}

// Open opens the database at path, creating it (mode 0600) and any missing
// parent folders (mode 0700) first unless MustExist, and brings its schema
// up to date. A database written by a newer backtrack (a higher schema
// version) is an error, and so is a file that is not an SQLite database
// (ErrNotDatabase), a folder, and a symbolic link to nothing: backtrack
// never creates a database through a link (it would not be private).
//
// An existing database, -wal or -shm file that other users could read or
// write is made 0600 before SQLite opens it (SQLite gives a -wal or -shm it
// creates the database file's mode, whatever the umask), with a warning
// through WithWarn; only a regular file of this user whose content is an
// SQLite file's is changed, never through a link (the warning says why
// not). Existing folders are left as they are.
//
// A database that cannot be written is an error wrapping ErrReadOnly or
// ErrDiskFull, unless ReadOnlyIfNeeded.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	exists, err := checkDatabasePath(abs, o.mustExist)
	if err != nil {
		return nil, err
	}
	readOnly, why := o.readOnly, ""
	if readOnly {
		why = "opened read-only"
	} else if exists {
		if w, full := whyUnwritable(abs); w != "" {
			if !o.ifNeeded {
				if full {
					return nil, fmt.Errorf("open database: %w", diskFullError(abs, nil))
				}
				return nil, fmt.Errorf("open database: %w", readOnlyError(abs, w, nil))
			}
			readOnly, why = true, w
		}
	}
	for _, a := range makePrivate(abs, !readOnly) {
		if msg := a.Warning(); msg != "" && o.warn != nil {
			o.warn(msg)
		}
	}
	if !exists {
		created, err := createFile(abs)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", (&DB{path: abs}).classify(err))
		}
		if created {
			if err := initFile(ctx, abs); err != nil {
				return nil, fmt.Errorf("open database %s: %w", abs, (&DB{path: abs}).classify(err))
			}
		}
	}
	db := &DB{Now: time.Now, path: abs}
	if !readOnly {
		err := db.open(ctx)
		if err == nil {
			return db, nil
		}
		db.Close()
		if !o.ifNeeded || !(isReadOnlyErr(err) || isDiskFullErr(err) || isCantOpen(err)) {
			return nil, fmt.Errorf("open database %s: %w", abs, db.classify(err))
		}
		why, _ = whyUnwritable(abs)
		if why == "" {
			why = "it could not be opened for writing: " + err.Error()
		}
		db = &DB{Now: time.Now, path: abs}
	}
	if err := db.openReadOnly(ctx, why); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	return db, nil
}

// checkDatabasePath looks at what is at abs before anything is opened and
// reports whether a file is there: a missing file is ErrNoDatabase when
// mustExist; a folder, a special file, a link to nothing and a file that
// is not an SQLite database are errors. A link to a database is followed.
func checkDatabasePath(abs string, mustExist bool) (bool, error) {
	li, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		if mustExist {
			return false, fmt.Errorf("%w at %s", ErrNoDatabase, abs)
		}
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", abs, plainPathError(err))
	}
	fi := li
	if li.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(abs); err != nil {
			dest, _ := os.Readlink(abs)
			return false, fmt.Errorf("open database: %s is a symbolic link to %s, which does not exist: "+
				"backtrack does not create a database through a link (it could not make it private); name the file itself", abs, dest)
		}
	}
	switch {
	case fi.IsDir():
		return false, fmt.Errorf("open database: %s is a folder, not a database file", abs)
	case !fi.Mode().IsRegular():
		return false, fmt.Errorf("open database: %s is not a regular file", abs)
	}
	ok, err := isDatabaseFile(abs)
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", abs, plainPathError(err))
	}
	if !ok {
		return false, fmt.Errorf("open database: %s is not a backtrack database (%w; it was left as it is)", abs, ErrNotDatabase)
	}
	return true, nil
}

// openReadOnly opens db's file for reading only, without creating,
// changing or leaving behind any file (see readConn), and checks that its
// schema is the one this backtrack reads.
func (db *DB) openReadOnly(ctx context.Context, why string) error {
	db.readOnly, db.readOnlyWhy = true, why
	conn, snapshot, err := readConn(ctx, db.path, url.Values{
		"_txlock":          {"deferred"},
		"_foreign_keys":    {"on"},
		"_stmt_cache_size": {"16"},
	}, false)
	if err != nil {
		return err
	}
	db.r, db.snapshot = conn, snapshot
	var v int
	if err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	switch latest := latestVersion(); {
	case v > latest:
		return fmt.Errorf("schema version %d is newer than this backtrack knows (%d): upgrade backtrack", v, latest)
	case v < latest:
		return readOnlyError(db.path, fmt.Sprintf("%s; it was made by an older backtrack (schema version %d) "+
			"and must be upgraded to %d, which needs writing: open it once where it can be written", why, v, latest), nil)
	}
	return nil
}

// readConn opens the database at abs for reading without writing, creating
// or leaving behind any file, whatever the folder and the disk allow:
//
//   - when no connection has it open and its -wal holds nothing, as
//     immutable (SQLite then takes no locks and needs no -wal or -shm);
//   - otherwise read-only through the -wal and -shm that exist (a writer in
//     another process keeps them up to date);
//   - when that fails (a -wal with changes but no -shm, on a read-only or
//     full disk), from a copy of the database and its -wal in a private
//     temporary folder, returned as snapshot for the caller to remove;
//   - when even that fails, as immutable, without the -wal's changes.
//
// With untouched, a -wal with changes that no connection holds is read
// from the copy at once: SQLite would otherwise rebuild the -shm in place.
// params are added to the connection's.
func readConn(ctx context.Context, abs string, params url.Values, untouched bool) (*sql.DB, string, error) {
	// SQLite keeps the -wal and -shm beside the real file, not beside a
	// symbolic link to it: look for them there.
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	}
	with := func(extra url.Values) url.Values {
		v := url.Values{"_busy_timeout": {fmt.Sprint(busyTimeoutMS)}, "_query_only": {"on"}}
		for k, x := range params {
			v[k] = x
		}
		for k, x := range extra {
			v[k] = x
		}
		return v
	}
	immutable := url.Values{"mode": {"ro"}, "immutable": {"1"}}
	walSize, used := fileSize(abs+"-wal"), inUse(abs)
	if walSize <= 0 && !used {
		conn, err := tryConn(ctx, dsn(abs, with(immutable)))
		return conn, "", err
	}
	var conn *sql.DB
	err := errors.New("a -wal with changes that no connection holds")
	if used || !untouched {
		if conn, err = tryConn(ctx, dsn(abs, with(url.Values{"mode": {"ro"}}))); err == nil {
			return conn, "", nil
		}
	}
	if snap, err := snapshotCopy(abs); err == nil {
		conn, cerr := tryConn(ctx, dsn(filepath.Join(snap, filepath.Base(abs)), with(nil)))
		if cerr == nil {
			return conn, snap, nil
		}
		os.RemoveAll(snap)
	}
	conn, ierr := tryConn(ctx, dsn(abs, with(immutable)))
	if ierr != nil {
		return nil, "", err
	}
	return conn, "", nil
}

// tryConn opens a connection pool and reads the schema version through it,
// so that a connection that cannot read fails here.
func tryConn(ctx context.Context, dsn string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	var v int
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// snapshotCopy copies the database at abs and its -wal into a new private
// temporary folder and returns the folder.
func snapshotCopy(abs string) (string, error) {
	dir, err := os.MkdirTemp("", "backtrack-readonly-")
	if err != nil {
		return "", err
	}
	for _, suffix := range []string{"", "-wal"} {
		if err := copyPrivate(abs+suffix, filepath.Join(dir, filepath.Base(abs)+suffix)); err != nil {
			os.RemoveAll(dir)
			return "", err
		}
	}
	return dir, nil
}

// copyPrivate copies the file from to a new file to, mode 0600.
func copyPrivate(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, privateMode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fileSize returns the size of the file at p, or -1 when there is none.
func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// shmDMS is the byte of the -shm file on which every SQLite connection
// using it holds a shared lock (UNIX_SHM_DMS in SQLite's os_unix.c: 120 +
// SQLITE_SHM_NLOCK).
const shmDMS = 128

// inUse reports whether a connection (in any process, this one included)
// has the database at abs open in WAL mode: whether anyone holds a lock
// on its -shm's DMS byte. A -shm nobody holds was left behind.
func inUse(abs string) bool {
	real := abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		real = r
	}
	f, err := os.OpenFile(real+"-shm", os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	locked, err := lockedByAnyone(f, shmDMS)
	return err != nil || locked // cannot tell: assume a connection
}

// walHeaderSize is the size of a -wal file's header; a -wal no larger holds
// no changes.
const walHeaderSize = 32

// walFrames returns how many bytes of changes the -wal at p holds beyond
// its header (0 for none, -1 when there is no -wal).
func walFrames(p string) int64 {
	f, err := os.Open(p)
	if err != nil {
		return -1
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return -1
	}
	var hdr [4]byte
	if n, _ := f.ReadAt(hdr[:], 0); n < 4 || !checkContent(kindWAL, hdr[:], fi.Size()) {
		return 0
	}
	return max(fi.Size()-walHeaderSize, 0)
}
