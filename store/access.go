package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// ErrReadOnly is returned (wrapped, in plain words naming the database and
// why) when something must be written and the database cannot be: a
// read-only file, folder or file system, or a database opened with
// ReadOnly. Test with errors.Is.
var ErrReadOnly = errors.New("read-only")

// ErrDiskFull is returned (wrapped, in plain words naming the database)
// when a write fails because the disk holding the database is full. Test
// with errors.Is.
var ErrDiskFull = errors.New("disk full")

// ErrNotDatabase is returned (wrapped) by Open for a file that is not an
// SQLite database (a FIT file named with --db, say). Nothing is changed.
// Test with errors.Is.
var ErrNotDatabase = errors.New("not an SQLite database")

// accessError is a failure to write, marked with ErrReadOnly or
// ErrDiskFull; its message says it in plain words.
type accessError struct {
	kind error
	msg  string
	err  error // the underlying error, or nil
}

func (e *accessError) Error() string { return e.msg }
func (e *accessError) Unwrap() []error {
	if e.err == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.err}
}

// readOnlyError says that the database at path cannot be written, and why.
func readOnlyError(path, why string, err error) error {
	return &accessError{kind: ErrReadOnly, err: err,
		msg: fmt.Sprintf("the database %s is read-only (%s): nothing was written", path, why)}
}

// diskFullError says that the disk holding the database at path is full.
func diskFullError(path string, err error) error {
	return &accessError{kind: ErrDiskFull, err: err,
		msg: fmt.Sprintf("disk full: no space left on the disk holding %s; free some space and try again", path)}
}

// classify turns an error from writing the database into ErrReadOnly or
// ErrDiskFull in plain words when it is one of those; any other error is
// returned as it is.
func (db *DB) classify(err error) error {
	if err == nil || errors.Is(err, ErrReadOnly) || errors.Is(err, ErrDiskFull) {
		return err
	}
	var errno syscall.Errno
	switch {
	case isDiskFullErr(err), errors.As(err, &errno) && (errno == syscall.ENOSPC || errno == syscall.EDQUOT):
		return diskFullError(db.path, err)
	case isReadOnlyErr(err), errors.As(err, &errno) && (errno == syscall.EROFS || errno == syscall.EACCES || errno == syscall.EPERM):
		why, _ := whyUnwritable(db.path)
		if why == "" {
			why = err.Error()
		}
		return readOnlyError(db.path, why, err)
	}
	return err
}

// writable returns nil when db may be written, else the ErrReadOnly error.
func (db *DB) writable() error {
	if db.readOnly {
		return readOnlyError(db.path, db.readOnlyWhy, nil)
	}
	return nil
}

// ReadOnly reports whether db was opened read-only (see ReadOnly and
// ReadOnlyIfNeeded): every write then fails with ErrReadOnly.
func (db *DB) ReadOnly() bool { return db.readOnly }

// ReadOnlyReason says in plain words why db was opened read-only ("the
// file system is mounted read-only"), or "" when it was not.
func (db *DB) ReadOnlyReason() string { return db.readOnlyWhy }

// stRdonly is the statfs flag of a file system mounted read-only (ST_RDONLY
// on Linux, MNT_RDONLY on the BSDs and macOS: both 1).
const stRdonly = 1

// whyUnwritable says in plain words why the database at abs cannot be
// written, or "" when nothing says it cannot: a read-only file system, a
// full disk (then full is true), a database, -wal or -shm file this user
// cannot write, or a folder in which SQLite cannot create the -wal and
// -shm it needs.
func whyUnwritable(abs string) (why string, full bool) {
	dir := filepath.Dir(abs)
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err == nil {
		if uint64(st.Flags)&stRdonly != 0 {
			return "the file system is mounted read-only", false
		}
		free := st.Bavail
		if os.Geteuid() == 0 {
			free = st.Bfree // root may use the blocks kept for it
		}
		if free == 0 {
			return "the disk is full", true
		}
	}
	if err := syscall.Access(abs, w_OK); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "the file cannot be written: " + errnoWords(err), false
	}
	missing := false
	paths, _ := databaseFiles(abs)
	for _, p := range paths[1:] {
		err := syscall.Access(p, w_OK)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = true
		case err != nil:
			return fmt.Sprintf("%s cannot be written: %s", filepath.Base(p), errnoWords(err)), false
		}
	}
	if missing {
		if err := syscall.Access(dir, w_OK); err != nil {
			return "its folder cannot be written, and SQLite needs to create the -wal and -shm files there: " + errnoWords(err), false
		}
	}
	return "", false
}

// w_OK is access(2)'s test for write permission.
const w_OK = 2

// errnoWords says a system error in plain words.
func errnoWords(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.EACCES, syscall.EPERM:
			return "permission denied"
		case syscall.EROFS:
			return "read-only file system"
		}
	}
	return err.Error()
}

// sqliteHeader starts every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// walMagic are the two magic numbers (big-endian) a -wal file starts with.
var walMagic = [...]uint32{0x377f0682, 0x377f0683}

// shmVersion is the first field of a -shm file (the wal-index header's
// iVersion, in the machine's byte order).
const shmVersion = 3007000

// fileKind is one of the database's files.
type fileKind int

const (
	kindDB fileKind = iota
	kindWAL
	kindSHM
)

// checkContent reports whether the first bytes of a file of size bytes
// are those of its kind: an SQLite database (or an empty file, a database
// not yet set up), a -wal or a -shm. It never trusts a name alone.
func checkContent(kind fileKind, head []byte, size int64) bool {
	if size == 0 {
		return true
	}
	switch kind {
	case kindDB:
		return len(head) >= len(sqliteHeader) && string(head[:len(sqliteHeader)]) == sqliteHeader
	case kindWAL:
		if len(head) < 4 {
			return false
		}
		m := uint32(head[0])<<24 | uint32(head[1])<<16 | uint32(head[2])<<8 | uint32(head[3])
		return m == walMagic[0] || m == walMagic[1]
	case kindSHM:
		if size < 4 {
			return true // begun and left unfinished (a full disk)
		}
		if len(head) < 4 {
			return false
		}
		le := uint32(head[0]) | uint32(head[1])<<8 | uint32(head[2])<<16 | uint32(head[3])<<24
		be := uint32(head[0])<<24 | uint32(head[1])<<16 | uint32(head[2])<<8 | uint32(head[3])
		return le == shmVersion || be == shmVersion || le == 0
	}
	return false
}

// isDatabaseFile reports whether the file at abs is an SQLite database or
// empty (following a link: reading is harmless).
func isDatabaseFile(abs string) (bool, error) {
	f, err := os.Open(abs)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	head := make([]byte, len(sqliteHeader))
	n, _ := f.ReadAt(head, 0)
	return checkContent(kindDB, head[:n], fi.Size()), nil
}

// makeFilePrivate makes the file at p mode 0600 if, and only if, it is
// safe to: opened without following a link, a regular file with one name
// (no other hard links), owned by this user, whose content is what its
// name says (kind). The mode is changed on the open descriptor (fchmod),
// so the file checked is the file changed. It returns why it did not.
func makeFilePrivate(p string, kind fileKind) error {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, syscall.ELOOP) {
		return errors.New("it is a symbolic link, and backtrack changes no file through a link")
	}
	if err != nil {
		return plainPathError(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return errors.New("it is not a regular file")
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		if int(st.Uid) != os.Geteuid() {
			return fmt.Errorf("it belongs to another user (uid %d)", st.Uid)
		}
		if st.Nlink > 1 {
			return fmt.Errorf("it has %d names (hard links)", st.Nlink)
		}
	}
	head := make([]byte, len(sqliteHeader))
	n, _ := f.ReadAt(head, 0)
	if !checkContent(kind, head[:n], fi.Size()) {
		return errors.New("it is not an SQLite file")
	}
	return f.Chmod(privateMode)
}

// plainPathError drops a *PathError's repetition of the path.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
