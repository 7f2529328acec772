package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// privateMode is the mode of every file backtrack keeps: the database, its
// -wal and -shm files, and the reports it writes.
const privateMode fs.FileMode = 0o600

// FileAccess is what backtrack found for one of the database's files or
// for its folder: the permission bits, and whether it made the file private.
type FileAccess struct {
	// Path is the file's or folder's absolute path.
	Path string
	// IsDir says Path is the database's folder.
	IsDir bool
	// Mode holds the permission bits found, before any fix.
	Mode fs.FileMode
	// Fixed says Mode let other users in and the file is now 0600.
	Fixed bool
	// FixErr says why a file that lets other users in could not be made
	// private; nil when it was private or was fixed.
	FixErr error
}

// Shared reports whether Mode lets users other than the owner (its group
// or everyone) at the file or folder: any access to a file; reading
// (listing) or writing a folder. A folder others may only pass through
// (0711) keeps its private files private and their names hidden.
func (a FileAccess) Shared() bool {
	if a.IsDir {
		return a.Mode&0o066 != 0
	}
	return a.Mode&0o077 != 0
}

// Warning returns a plain-words warning naming the file and the mode it
// had, or "" when it was private. A folder is never changed: its warning
// says what others can do and how to stop it.
func (a FileAccess) Warning() string {
	if !a.Shared() {
		return ""
	}
	who := accessWords(a.Mode)
	switch {
	case a.IsDir:
		what := "see the names of the files in it"
		if a.Mode&0o022 != 0 {
			what = "delete or replace the database in it"
		}
		return fmt.Sprintf("folder %s is %s (mode %04o): they can %s; run chmod 700 %s to stop that",
			a.Path, who, a.Mode, what, a.Path)
	case a.Fixed:
		return fmt.Sprintf("database file %s was %s (mode %04o); made it private (mode 0600)", a.Path, who, a.Mode)
	case a.FixErr != nil:
		return fmt.Sprintf("database file %s is %s (mode %04o) and could not be made private: %v; run chmod 600 %s",
			a.Path, who, a.Mode, a.FixErr, a.Path)
	}
	return fmt.Sprintf("database file %s is %s (mode %04o)", a.Path, who, a.Mode)
}

// accessWords says in plain words who besides the owner mode lets in.
func accessWords(mode fs.FileMode) string {
	r, w := mode&0o044 != 0, mode&0o022 != 0
	switch {
	case r && w:
		return "readable and writable by other users"
	case r:
		return "readable by other users"
	case w:
		return "writable by other users"
	}
	return "open to other users"
}

// databaseFiles returns the database file at abs and the -wal and -shm
// files SQLite keeps beside it (beside the file a link at abs leads to),
// with their kinds.
func databaseFiles(abs string) ([]string, []fileKind) {
	real := abs
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		real = r
	}
	return []string{abs, real + "-wal", real + "-shm"}, []fileKind{kindDB, kindWAL, kindSHM}
}

// makePrivate looks at each of the database's files that exists (the
// database at abs, its -wal and -shm) and returns what it found. With fix,
// one that other users could read or write is made 0600 when that is safe
// (makeFilePrivate: never through a link, only a file of this user whose
// content is an SQLite file's); FixErr says why not otherwise. Files that
// do not exist, and things that are not regular files, are left out.
func makePrivate(abs string, fix bool) []FileAccess {
	var found []FileAccess
	paths, kinds := databaseFiles(abs)
	for i, p := range paths {
		li, err := os.Lstat(p)
		if err != nil {
			continue
		}
		a := FileAccess{Path: p, Mode: li.Mode().Perm()}
		if li.Mode()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(p)
			if err != nil || !fi.Mode().IsRegular() {
				continue
			}
			a.Mode = fi.Mode().Perm()
			if a.Shared() && fix {
				a.FixErr = errors.New("it is a symbolic link, and backtrack changes no file through a link")
			}
			found = append(found, a)
			continue
		}
		if !li.Mode().IsRegular() {
			continue
		}
		if a.Shared() && fix {
			if err := makeFilePrivate(p, kinds[i]); err != nil {
				a.FixErr = err
			} else {
				a.Fixed = true
			}
		}
		found = append(found, a)
	}
	return found
}

// folderAccess returns the permission bits of the folder holding abs.
func folderAccess(abs string) (FileAccess, error) {
	dir := filepath.Dir(abs)
	fi, err := os.Stat(dir)
	if err != nil {
		return FileAccess{}, fmt.Errorf("folder %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return FileAccess{}, fmt.Errorf("%s is not a folder", dir)
	}
	return FileAccess{Path: dir, IsDir: true, Mode: fi.Mode().Perm()}, nil
}
