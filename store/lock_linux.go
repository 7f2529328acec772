package store

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// lockedByAnyone reports whether a process holds a POSIX lock on byte off
// of f. An open-file-description query (F_OFD_GETLK) sees the locks of
// this process's own connections too, which F_GETLK does not.
func lockedByAnyone(f *os.File, off int64) (bool, error) {
	lk := unix.Flock_t{Type: unix.F_WRLCK, Whence: io.SeekStart, Start: off, Len: 1}
	if err := unix.FcntlFlock(f.Fd(), unix.F_OFD_GETLK, &lk); err != nil {
		return false, err
	}
	return lk.Type != unix.F_UNLCK, nil
}
