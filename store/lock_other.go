//go:build !linux

package store

import (
	"io"
	"os"
	"syscall"
)

// lockedByAnyone reports whether another process holds a POSIX lock on
// byte off of f (this process's own locks are not seen).
func lockedByAnyone(f *os.File, off int64) (bool, error) {
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: off, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false, err
	}
	return lk.Type != syscall.F_UNLCK, nil
}
