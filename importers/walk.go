package importers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
)

// MaxFileBytes is the largest single file (or archive member) read into
// memory for decoding. Watch files are far smaller; anything larger is
// refused with a reason rather than risking the machine's memory.
const MaxFileBytes = 256 << 20

// Entry is one file found by [Walk]: a plain file or an archive member.
type Entry struct {
	// Path names the file for messages: a filesystem path, or the path
	// through archives joined with model.PathSep.
	Path string
	// Data holds the file's bytes (nil when Err is set).
	Data []byte
	// Skip, when not empty, says why the entry is not imported (a symlink,
	// a FIFO, a device): a reason, not a failure.
	Skip string
	// Err is set when the entry could not be read (unreadable, too large):
	// a failure that names the file.
	Err error
}

// WalkFunc receives each entry. Returning an error stops the walk.
type WalkFunc func(Entry) error

// Walk visits every file under paths: plain files, folders (recursively,
// in lexical order). Symlinks, FIFOs, sockets and devices are passed to fn
// as skipped entries with a reason; they are never opened, so a FIFO cannot
// hang the walk. The walk stops early when ctx is done.
func Walk(ctx context.Context, paths []string, fn WalkFunc) error {
	for _, p := range paths {
		if err := walkPath(ctx, p, true, fn); err != nil {
			return err
		}
	}
	return nil
}

func walkPath(ctx context.Context, path string, top bool, fn WalkFunc) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	info, err := os.Lstat(path)
	if err != nil {
		return fn(Entry{Path: path, Err: fmt.Errorf("cannot read: %w", plainPathError(err))})
	}
	mode := info.Mode()
	switch {
	case mode&fs.ModeSymlink != 0:
		if top {
			// A path the user named explicitly is followed once: they asked for it.
			target, err := os.Stat(path)
			if err != nil {
				return fn(Entry{Path: path, Skip: "a symbolic link whose target cannot be read"})
			}
			if target.IsDir() || target.Mode().IsRegular() {
				resolved, err := filepath.EvalSymlinks(path)
				if err == nil {
					return walkResolved(ctx, path, resolved, target, fn)
				}
			}
		}
		return fn(Entry{Path: path, Skip: "a symbolic link (not followed inside folders)"})
	case mode.IsDir():
		return walkDir(ctx, path, fn)
	case mode.IsRegular():
		return fn(readEntry(path, info.Size()))
	default:
		return fn(Entry{Path: path, Skip: "not a regular file (" + kindOfMode(mode) + ")"})
	}
}

// walkResolved walks a top-level symlink's target but keeps the user's name in messages.
func walkResolved(ctx context.Context, shown, resolved string, info fs.FileInfo, fn WalkFunc) error {
	if info.IsDir() {
		return walkDir(ctx, resolved, fn)
	}
	e := readEntry(resolved, info.Size())
	e.Path = shown
	return fn(e)
}

func walkDir(ctx context.Context, dir string, fn WalkFunc) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fn(Entry{Path: dir, Err: fmt.Errorf("cannot read folder: %w", plainPathError(err))})
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		if err := walkPath(ctx, filepath.Join(dir, name), false, fn); err != nil {
			return err
		}
	}
	return nil
}

// readEntry reads a regular file, refusing to follow a link or block on a
// FIFO that replaced it after Lstat.
func readEntry(path string, size int64) Entry {
	if size > MaxFileBytes {
		return Entry{Path: path, Err: fmt.Errorf("file too large (%s; the limit is %s)", humanBytes(size), humanBytes(MaxFileBytes))}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return Entry{Path: path, Err: fmt.Errorf("cannot open: %w", plainPathError(err))}
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return Entry{Path: path, Skip: "not a regular file"}
	}
	data, err := readAllLimit(f, size, MaxFileBytes)
	if err != nil {
		return Entry{Path: path, Err: err}
	}
	return Entry{Path: path, Data: data}
}

// errTooLarge is returned by readAllLimit when the content exceeds its limit.
var errTooLarge = errors.New("too large")

// readAllLimit reads r to the end, at most limit bytes; sizeHint pre-sizes
// the buffer (pass -1 when unknown).
func readAllLimit(r io.Reader, sizeHint, limit int64) ([]byte, error) {
	n := sizeHint
	if n < 0 || n > limit {
		n = 64 << 10
	}
	buf := make([]byte, 0, n+1)
	for {
		if int64(len(buf)) > limit {
			return nil, fmt.Errorf("content %w (over %s)", errTooLarge, humanBytes(limit))
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			if int64(len(buf)) > limit {
				return nil, fmt.Errorf("content %w (over %s)", errTooLarge, humanBytes(limit))
			}
			return buf, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read: %w", plainPathError(err))
		}
	}
}

// plainPathError drops the *PathError wrapper (whose text repeats the path
// that every message already names) and keeps the reason.
func plainPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func kindOfMode(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	default:
		return "a special file"
	}
}

// humanBytes formats n as "12.3 MB" (decimal units, as file managers show).
func humanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
