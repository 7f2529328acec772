//go:build cgo

package store

import (
	"errors"

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
