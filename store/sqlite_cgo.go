//go:build cgo

package store

import (
	"errors"
	"syscall"

	"github.com/mattn/go-sqlite3" // registers the "sqlite3" driver; needs cgo
)

// The only references to github.com/mattn/go-sqlite3's own identifiers, which
// exist only when cgo is enabled (sqlite_nocgo.go explains the alternative).

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY)
// or "database table is locked" (SQLITE_LOCKED).
func isBusy(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked)
}

// isDamage reports whether err is SQLite saying the file is damaged
// (SQLITE_CORRUPT) or not a database at all (SQLITE_NOTADB).
func isDamage(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && (e.Code == sqlite3.ErrCorrupt || e.Code == sqlite3.ErrNotADB)
}

// isUniqueViolation reports whether err is SQLite refusing a row that
// breaks a UNIQUE constraint (SQLITE_CONSTRAINT_UNIQUE).
func isUniqueViolation(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && e.ExtendedCode == sqlite3.ErrConstraintUnique
}

// isReadOnlyErr reports whether err is SQLite refusing to write because the
// database, its folder or its file system cannot be written
// (SQLITE_READONLY, or a system error EROFS, EACCES or EPERM).
func isReadOnlyErr(err error) bool {
	var e sqlite3.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.SystemErrno {
	case syscall.EROFS, syscall.EACCES, syscall.EPERM:
		return true
	}
	return e.Code == sqlite3.ErrReadonly
}

// isDiskFullErr reports whether err is SQLite running out of space
// (SQLITE_FULL, or a system error ENOSPC or EDQUOT).
func isDiskFullErr(err error) bool {
	var e sqlite3.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.SystemErrno {
	case syscall.ENOSPC, syscall.EDQUOT:
		return true
	}
	return e.Code == sqlite3.ErrFull
}

// isCantOpen reports whether err is SQLite unable to open a file it needs
// (SQLITE_CANTOPEN): on a read-only folder, the -wal or -shm.
func isCantOpen(err error) bool {
	var e sqlite3.Error
	return errors.As(err, &e) && e.Code == sqlite3.ErrCantOpen
}
