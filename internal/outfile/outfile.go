package outfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// stdoutName is the path that names standard output.
const stdoutName = "-"

// Kind says how Write delivered the output.
type Kind int

const (
	// Stdout: written to standard output ("-", or a path that is the file
	// standard output goes to).
	Stdout Kind = iota
	// Replaced: a regular file written whole through a temporary file
	// renamed over it (mode 0600).
	Replaced
	// InPlace: a character device or a FIFO, written as it is.
	InPlace
)

// String names the kind in plain words.
func (k Kind) String() string {
	switch k {
	case Stdout:
		return "standard output"
	case Replaced:
		return "file"
	case InPlace:
		return "device or pipe"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Result says where Write wrote.
type Result struct {
	// Path is the path as the user named it ("-" for standard output).
	Path string
	// Kind says how it was written.
	Kind Kind
	// File is the regular file that was replaced, when Kind is Replaced:
	// Path itself, or the target of the symbolic link Path names.
	File string
}

// ToFile reports whether the output went to a file or device rather than
// to standard output: a command then says on stderr where it wrote.
func (r Result) ToFile() bool { return r.Kind != Stdout }

// privateMode is the mode of every file Write creates or replaces.
const privateMode fs.FileMode = 0o600

// Write writes what fill produces to path as the package documentation
// says: "" and "-" mean stdout. Output for stdout or a device is rendered
// into memory first, so that a fill that fails writes nothing. A regular
// file is replaced only once fill succeeded and the bytes are on disk.
func Write(path string, stdout io.Writer, fill func(io.Writer) error) (Result, error) {
	if path == "" || path == stdoutName {
		return Result{Path: stdoutName, Kind: Stdout}, buffered(stdout, fill)
	}
	res := Result{Path: path}
	t, err := classify(path, stdout)
	if err != nil {
		return res, err
	}
	res.Kind = t.kind
	switch t.kind {
	case Stdout:
		return res, buffered(stdout, fill)
	case InPlace:
		return res, writeInPlace(t.file, fill)
	}
	res.File = t.file
	return res, writeAtomic(t.file, fill)
}

// target is where a path leads.
type target struct {
	kind Kind
	file string // the file to open or replace
}

// classify finds out what path is and how to write it.
func classify(path string, stdout io.Writer) (target, error) {
	fi, statErr := os.Stat(path) // follows links
	if statErr == nil && sameAsStdout(fi, stdout) {
		return target{kind: Stdout}, nil
	}
	li, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return target{kind: Replaced, file: path}, nil
	}
	if err != nil {
		return target{}, fmt.Errorf("%s: %w", path, plain(err))
	}
	if li.Mode()&fs.ModeSymlink == 0 {
		fi = li
	} else if statErr != nil {
		dest, _ := os.Readlink(path)
		return target{}, fmt.Errorf("%s is a symbolic link to %s, which does not exist: name a file, not a dangling link", path, dest)
	}
	switch m := fi.Mode(); {
	case m.IsDir():
		return target{}, fmt.Errorf("%s is a folder", path)
	case m.IsRegular():
		if li.Mode()&fs.ModeSymlink == 0 {
			return target{kind: Replaced, file: path}, nil
		}
		real, err := filepath.EvalSymlinks(path)
		if err != nil || strings.HasPrefix(real, "/proc/") {
			// A descriptor alias (/dev/fd/3, /proc/self/fd/3): the
			// file behind it is someone's open file, written in place.
			return target{kind: InPlace, file: path}, nil
		}
		return target{kind: Replaced, file: real}, nil
	case m&fs.ModeCharDevice != 0, m&fs.ModeNamedPipe != 0:
		return target{kind: InPlace, file: path}, nil
	default:
		return target{}, fmt.Errorf("%s is %s: backtrack does not write to it", path, kindWords(m))
	}
}

// sameAsStdout reports whether fi is the file stdout writes to.
func sameAsStdout(fi fs.FileInfo, stdout io.Writer) bool {
	f, ok := stdout.(interface{ Stat() (fs.FileInfo, error) })
	if !ok {
		return false
	}
	out, err := f.Stat()
	return err == nil && os.SameFile(fi, out)
}

// kindWords names a file mode that Write refuses.
func kindWords(m fs.FileMode) string {
	switch {
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a block device (a disk)"
	}
	return "not a regular file"
}

// buffered renders fill into memory and writes it to w in one go.
func buffered(w io.Writer, fill func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// writeInPlace writes to a device or FIFO without creating, truncating
// or replacing anything (a FIFO's open waits for a reader, as the shell's
// > does).
func writeInPlace(path string, fill func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	flags := os.O_WRONLY | syscall.O_NOCTTY
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		flags |= os.O_TRUNC // a descriptor alias of a regular file: as > would
	}
	f, err := os.OpenFile(path, flags, 0)
	if err != nil {
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	if _, err := f.Write(buf.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	return nil
}

// tempSuffix and tempTag mark the temporary files Write creates:
// ".NAME" + tempTag + RANDOM + tempSuffix.
const (
	tempTag    = ".backtrack-"
	tempSuffix = ".tmp"
)

// writeAtomic writes path through a locked temporary file in its folder,
// synced, made 0600 and renamed over path, then syncs the folder. Stale
// temporary files of earlier writes to path are removed first.
func writeAtomic(path string, fill func(io.Writer) error) (err error) {
	start := time.Now()
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	removeStale(dir, base, start)
	f, err := os.CreateTemp(dir, "."+base+tempTag+"*"+tempSuffix)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s: folder %s does not exist", path, dir)
		}
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
		f.Close() // after the rename, so that the lock covers it
	}()
	// The lock tells a later write's clean-up that this file is in use.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return fmt.Errorf("%s: lock the temporary file: %w", path, err)
	}
	if err := f.Chmod(privateMode); err != nil {
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%s: %w", path, plain(err))
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // the rename itself on disk; not every file system can
		d.Close()
	}
	return nil
}

// removeStale removes the temporary files that earlier writes to base in
// dir left behind (a kill between creating and renaming): regular files
// with Write's name pattern, owned by this user, last changed before
// start, that no live write holds locked. Anything else is left alone.
func removeStale(dir, base string, start time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + tempTag
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, tempSuffix) || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, name)
		if staleTemp(p, start) {
			os.Remove(p)
		}
	}
}

// staleTemp reports whether the temporary file p is a leftover: opened
// without following links, a regular file of this user changed before
// start, and not locked by a write in progress.
func staleTemp(p string, start time.Time) bool {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || !fi.ModTime().Before(start) {
		return false
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Geteuid() {
		return false
	}
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
}

// plain drops a *PathError's repetition of the path, keeping the reason.
func plain(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
