package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/backtrack/backtrack/model"
)

// MaxFileBytes is the largest single file (or archive member) read into
// memory for decoding. Watch files are far smaller; anything larger is
// refused with a reason rather than risking the machine's memory.
const MaxFileBytes = 256 << 20

// Entry is one file found by [Walker.Walk]: a plain file or an archive member.
type Entry struct {
	// Path names the file for messages: a filesystem path, or the path
	// through archives joined with model.PathSep.
	Path string
	// Rel is the file's path inside its export (the top-level zip or
	// folder), slash-separated, as an export's index names it.
	Rel string
	// Export is the index of the export the file belongs to, or nil.
	Export *ExportIndex
	// Data holds the file's bytes (nil when Err or Skip is set).
	Data []byte
	// Progress is how many bytes of the user's input this entry accounts
	// for (its compressed size inside an archive), for progress bars.
	Progress int64
	// Skip, when not empty, says why the entry is not imported (a symlink,
	// a FIFO, an unsafe member name): a reason, not a failure.
	Skip string
	// Err is set when the entry could not be read (unreadable, too large,
	// a damaged archive): a failure that names the file.
	Err error
	// Duplicate is set for an archive whose exact bytes were imported in
	// full before: it was not opened again.
	Duplicate bool
	// ArchiveDone, when set, marks the end of an archive on disk that was
	// read to its end; it is not a file.
	ArchiveDone *ArchiveInfo

	// size is the content's size in bytes (len(Data), or the file's size
	// for a file read as a stream).
	size int64
	// open, for a large GPX or TCX file on disk that a Batch reads as a
	// stream rather than into Data, opens it again; head holds its first
	// bytes (for Detect).
	open func() (io.ReadCloser, error)
	head []byte
	// res is the share of a Batch's memory budget the entry holds until it
	// is stored.
	res *reservation
}

// ArchiveInfo identifies a top-level archive by the hash of its bytes.
type ArchiveInfo struct {
	Path   string
	SHA256 string
}

// WalkFunc receives each entry. Returning an error stops the walk.
type WalkFunc func(Entry) error

// Walker visits files, folders and archives.
type Walker struct {
	// Limits bound what archives may cost; zero means DefaultLimits.
	Limits Limits
	// ArchiveSeen, if set, is asked with a top-level archive's SHA-256
	// before it is opened: true means its bytes were imported in full
	// before, and it is skipped at the cost of the hash.
	ArchiveSeen func(sha256 string) (bool, error)

	// budget, when set (by a Batch), is the memory the entries may hold:
	// a file's bytes are read only once its estimated cost fits (fileCost),
	// and the entry holds the reservation until the Batch stored it.
	budget *budget
	// stream, when set (by a Batch), has a large GPX or TCX file on disk
	// passed to fn unread (Entry.open), to be hashed and decoded as a
	// stream instead of held in memory.
	stream bool
}

// streamMin is the size from which a GPX or TCX file on disk is read as a
// stream rather than into memory (when Walker.stream): smaller files are
// read once, faster than twice (a hash pass, then a decoding pass).
const streamMin = 8 << 20

// headSize is how much of a file Detect looks at.
const headSize = 4096

// Walk visits every file under paths with DefaultLimits.
func Walk(ctx context.Context, paths []string, fn WalkFunc) error {
	return (&Walker{}).Walk(ctx, paths, fn)
}

// Walk visits every file under paths: plain files, folders (recursively, in
// lexical order), zip archives (nested) and gzip files, streaming members
// into memory one at a time; nothing is extracted to disk. Symlinks inside
// folders, FIFOs, sockets and devices are passed to fn as skipped entries
// and never opened, so they cannot hang the walk. The walk stops early when
// ctx is done.
func (w *Walker) Walk(ctx context.Context, paths []string, fn WalkFunc) error {
	if w.Limits == (Limits{}) {
		w.Limits = DefaultLimits
	}
	for _, p := range paths {
		if err := w.walkPath(ctx, p, nil, "", true, fn); err != nil {
			return err
		}
	}
	return nil
}

func (w *Walker) walkPath(ctx context.Context, path string, idx *ExportIndex, rel string, top bool, fn WalkFunc) error {
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
			if target.IsDir() {
				return w.walkDir(ctx, path, w.folderIndex(path), "", fn)
			}
			if target.Mode().IsRegular() {
				return w.walkFile(ctx, path, target.Size(), nil, "", true, fn)
			}
			return fn(Entry{Path: path, Skip: "a symbolic link to " + kindOfMode(target.Mode())})
		}
		return fn(Entry{Path: path, Skip: "a symbolic link (not followed inside folders)"})
	case mode.IsDir():
		if top {
			idx = w.folderIndex(path)
		}
		return w.walkDir(ctx, path, idx, rel, fn)
	case mode.IsRegular():
		if top {
			rel = ""
		}
		return w.walkFile(ctx, path, info.Size(), idx, rel, top, fn)
	default:
		return fn(Entry{Path: path, Skip: "not a regular file (" + kindOfMode(mode) + ")"})
	}
}

func (w *Walker) walkDir(ctx context.Context, dir string, idx *ExportIndex, rel string, fn WalkFunc) error {
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
		if err := w.walkPath(ctx, filepath.Join(dir, name), idx, path.Join(rel, name), false, fn); err != nil {
			return err
		}
	}
	return nil
}

// walkFile reads one regular file: a zip is walked member by member (with
// its export index read first), a file over the size limit is refused
// without reading it, a large GPX or TCX file is passed on to be read as a
// stream (Walker.stream), and anything else is read whole.
func (w *Walker) walkFile(ctx context.Context, name string, size int64, idx *ExportIndex, rel string, top bool, fn WalkFunc) error {
	flags := os.O_RDONLY | syscall.O_NOFOLLOW | syscall.O_NONBLOCK
	f, err := os.OpenFile(name, flags, 0)
	if err != nil && top && errors.Is(err, syscall.ELOOP) {
		flags &^= syscall.O_NOFOLLOW // the user named the link
		f, err = os.OpenFile(name, flags, 0)
	}
	if err != nil {
		return fn(Entry{Path: name, Err: fmt.Errorf("cannot open: %w", plainPathError(err)), Progress: size})
	}
	// The file stays open while streamed entries of it (zip members) are
	// still to be read: each holds a reference.
	sf := &sharedFile{f: f, refs: 1}
	defer sf.release()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return fn(Entry{Path: name, Skip: "not a regular file", Progress: size})
	}
	head := make([]byte, headSize)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if n >= 4 && (string(head[:4]) == "PK\x03\x04" || string(head[:4]) == "PK\x05\x06") {
		return w.walkZipFile(ctx, sf, name, size, idx, rel, fn)
	}
	gzip := n >= 2 && head[0] == 0x1f && head[1] == 0x8b
	if !gzip && size > w.Limits.MaxFileBytes {
		// The size on disk is a fact: refuse before reading a byte.
		return fn(Entry{Path: name, Err: limitError("the file is %s; the limit is %s", humanBytes(size), humanBytes(w.Limits.MaxFileBytes)), Progress: size})
	}
	if w.stream {
		reopen := func() (io.ReadCloser, error) {
			g, err := os.OpenFile(name, flags, 0)
			if err != nil {
				return nil, fmt.Errorf("cannot open: %w", plainPathError(err))
			}
			if st, err := g.Stat(); err != nil || !st.Mode().IsRegular() {
				g.Close()
				return nil, errors.New("cannot read: no longer a regular file")
			}
			return g, nil
		}
		inflated := size
		if gzip {
			inflated = gzipSize(f, size)
		}
		if e, ok, err := w.streamEntry(ctx, name, rel, idx, size, inflated, gzip, reopen, nil); err != nil || ok {
			if err != nil {
				return err
			}
			return fn(e)
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fn(Entry{Path: name, Err: fmt.Errorf("cannot read: %w", plainPathError(err)), Progress: size})
	}
	return w.walkStream(ctx, f, name, rel, idx, size, size, 0, fn)
}

// refused passes on a file that the memory budget refused (err is a limit),
// or returns err when the walk was cancelled while waiting.
func (w *Walker) refused(ctx context.Context, name string, prog int64, err error, fn WalkFunc) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fn(Entry{Path: name, Err: err, Progress: prog})
}

// walkZipFile walks a zip on disk through its central directory: the entry
// count, sizes and ratios are checked from the index before anything is
// decompressed, and an export's index members are read first.
func (w *Walker) walkZipFile(ctx context.Context, sf *sharedFile, name string, size int64, idx *ExportIndex, rel string, fn WalkFunc) error {
	lim := w.Limits
	f := sf.f
	isTop := idx == nil
	// Every zip on disk is hashed first: one imported in full before is not
	// opened again (its members' hashes would each say "duplicate" anyway).
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fn(Entry{Path: name, Err: err, Progress: size})
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fn(Entry{Path: name, Err: fmt.Errorf("cannot read: %w", plainPathError(err)), Progress: size})
	}
	info := &ArchiveInfo{Path: name, SHA256: hex.EncodeToString(h.Sum(nil))}
	if w.ArchiveSeen != nil {
		seen, err := w.ArchiveSeen(info.SHA256)
		if err != nil {
			return err
		}
		if seen {
			return fn(Entry{Path: name, Duplicate: true, Progress: size})
		}
	}
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return fn(Entry{Path: name, Err: damagedf("damaged zip archive: %w", err), Progress: size})
	}
	if len(zr.File) > lim.MaxEntries {
		return fn(Entry{Path: name, Err: limitError("the archive has %s members; backtrack reads at most %s per archive", commas(int64(len(zr.File))), commas(int64(lim.MaxEntries))), Progress: size})
	}
	if isTop {
		idx = w.zipIndex(name, zr)
	}
	for _, zf := range zr.File {
		if err := ctx.Err(); err != nil {
			return err
		}
		if strings.HasSuffix(zf.Name, "/") || zf.FileInfo().IsDir() {
			continue
		}
		mpath := name + model.PathSep + zf.Name
		mrel := path.Join(rel, zf.Name)
		prog := int64(zf.CompressedSize64)
		if why := unsafeMemberName(zf.Name); why != "" {
			if err := fn(Entry{Path: mpath, Skip: "refused: " + why, Progress: prog}); err != nil {
				return err
			}
			continue
		}
		if !zf.Mode().IsRegular() {
			if err := fn(Entry{Path: mpath, Skip: "not a regular file (" + kindOfMode(zf.Mode()) + ")", Progress: prog}); err != nil {
				return err
			}
			continue
		}
		if zf.UncompressedSize64 > uint64(lim.MaxFileBytes) && !isZipName(zf.Name) {
			if err := fn(Entry{Path: mpath, Err: limitError("the member is %s; the limit is %s", humanBytes(int64(zf.UncompressedSize64)), humanBytes(lim.MaxFileBytes)), Progress: prog}); err != nil {
				return err
			}
			continue
		}
		if zf.UncompressedSize64 > uint64(lim.RatioFloorBytes) && float64(zf.UncompressedSize64) > lim.MaxRatio*float64(max(zf.CompressedSize64, 1)) {
			if err := fn(Entry{Path: mpath, Err: limitError("compression ratio %s:1 (a zip bomb?)", commas(int64(zf.UncompressedSize64/max(zf.CompressedSize64, 1)))), Progress: prog}); err != nil {
				return err
			}
			continue
		}
		if w.stream && !isZipName(zf.Name) {
			e, ok, err := w.streamMember(ctx, sf, zf, mpath, mrel, idx, prog)
			if err != nil {
				return err
			}
			if ok {
				if err := fn(e); err != nil {
					return err
				}
				continue
			}
		}
		rc, err := zf.Open()
		if err != nil {
			if err := fn(Entry{Path: mpath, Err: fmt.Errorf("cannot read the member: %w", err), Progress: prog}); err != nil {
				return err
			}
			continue
		}
		cr := newCountingReader(rc, -1)
		err = w.walkStream(ctx, cr, mpath, mrel, idx, int64(zf.UncompressedSize64), prog, 1, fn)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return fn(Entry{Path: name, ArchiveDone: info})
}

// walkStream reads one file's content from r: a nested zip is walked as a
// stream, a gzip is decompressed (with guards) and looked at again, and
// anything else becomes one entry with its bytes.
func (w *Walker) walkStream(ctx context.Context, r io.Reader, name, rel string, idx *ExportIndex, sizeHint, prog int64, depth int, fn WalkFunc) error {
	lim := w.Limits
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(4)
	switch {
	case len(magic) >= 4 && string(magic[:4]) == "PK\x03\x04":
		if depth >= lim.MaxDepth {
			return fn(Entry{Path: name, Err: limitError("archives nested more than %d levels deep", lim.MaxDepth), Progress: prog})
		}
		return w.walkZipStream(ctx, br, name, rel, idx, prog, depth+1, fn)
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		if depth >= lim.MaxDepth {
			return fn(Entry{Path: name, Err: limitError("archives nested more than %d levels deep", lim.MaxDepth), Progress: prog})
		}
		gz, err := newGzipGuarded(br, lim)
		if err != nil {
			return fn(Entry{Path: name, Err: err, Progress: prog})
		}
		return w.walkStream(ctx, gz, name, rel, idx, -1, prog, depth+1, fn)
	}
	// At depth 0 the size is the file system's, a fact; inside an archive
	// it is a header's claim. With a budget the bytes are read once their
	// cost fits: a claimed or unknown size is reserved as it is read.
	head, _ := br.Peek(headSize)
	kind := Detect(name, head)
	trusted := depth == 0
	var res *reservation
	if w.budget != nil {
		first := int64(64 << 10)
		if sizeHint >= 0 && (trusted || sizeHint <= 4<<20) {
			first = min(sizeHint, lim.MaxFileBytes)
		}
		var err error
		if res, err = w.budget.reserveFor(ctx, fileCost(kind, first, true)); err != nil {
			return w.refused(ctx, name, prog, err, fn)
		}
		if !trusted {
			br = bufio.NewReaderSize(&budgetReader{ctx: ctx, r: br, res: res, kind: kind, next: max(first, 64<<10)}, 64<<10)
		}
	}
	data, err := readAllLimit(br, sizeHint, lim.MaxFileBytes, trusted)
	if err == nil {
		err = res.set(ctx, fileCost(kind, int64(len(data)), true))
	}
	if err != nil {
		res.release()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fn(Entry{Path: name, Err: err, Progress: prog})
	}
	return fn(Entry{Path: name, Rel: rel, Export: idx, Data: data, Progress: prog, size: int64(len(data)), res: res})
}

// budgetReader grows a reservation as the bytes of a file of unknown or
// claimed size arrive: a buffer that doubles may hold twice what was read.
type budgetReader struct {
	ctx  context.Context
	r    io.Reader
	res  *reservation
	kind Kind
	n    int64 // bytes read
	next int64 // bytes covered by the reservation
}

func (b *budgetReader) Read(p []byte) (int, error) {
	k, err := b.r.Read(p)
	b.n += int64(k)
	if b.n > b.next {
		b.next = 2 * b.n
		if gerr := b.res.grow(b.ctx, fileCost(b.kind, b.next, true)); gerr != nil {
			return k, gerr
		}
	}
	return k, err
}

// walkZipStream walks a zip that is itself a member: front to back through
// its local headers, each member guarded by size and ratio.
func (w *Walker) walkZipStream(ctx context.Context, r io.Reader, name, rel string, idx *ExportIndex, prog int64, depth int, fn WalkFunc) error {
	lim := w.Limits
	zs := newZipStream(r)
	count := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := zs.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fn(Entry{Path: name, Err: fmt.Errorf("%w (after %d members)", err, count)})
		}
		count++
		if count > lim.MaxEntries {
			return fn(Entry{Path: name, Err: limitError("the archive has more than %s members; the rest was not read", commas(int64(lim.MaxEntries)))})
		}
		mpath := name + model.PathSep + h.name
		p := int64(0)
		if count == 1 {
			p = prog // the whole nested archive's share, counted once
		}
		if strings.HasSuffix(h.name, "/") {
			if _, _, finish, err := zs.open(h); err == nil {
				if err := finish(); err != nil {
					return fn(Entry{Path: mpath, Err: err, Progress: p})
				}
			}
			continue
		}
		content, raw, finish, err := zs.open(h)
		if err != nil {
			return fn(Entry{Path: mpath, Err: fmt.Errorf("cannot read the rest of the archive: %w", err), Progress: p})
		}
		if why := unsafeMemberName(h.name); why != "" {
			if err := fn(Entry{Path: mpath, Skip: "refused: " + why, Progress: p}); err != nil {
				return err
			}
		} else {
			g := &guardedReader{r: content, compressed: func() int64 { return raw.n }, lim: lim}
			hint := int64(-1)
			if h.flags&0x8 == 0 {
				hint = int64(h.size)
			}
			err := w.walkStream(ctx, g, mpath, path.Join(rel, h.name), idx, hint, p, depth, fn)
			if err != nil {
				return err
			}
			if IsLimit(g.lastErr()) {
				if h.flags&0x8 == 0 {
					// The compressed size is known: skip the rest of the member's
					// compressed bytes (cheap, nothing decompressed) and go on.
					if _, err := io.Copy(io.Discard, raw); err != nil {
						return fn(Entry{Path: name, Err: damagedf("damaged archive after %s: %w", h.name, err)})
					}
					continue
				}
				return fn(Entry{Path: name, Err: limitError("the rest of the archive after %s was not read", h.name)})
			}
			if g.err != nil {
				return nil // the damage was reported with the member; the stream cannot line up again
			}
		}
		if err := finish(); err != nil {
			return fn(Entry{Path: mpath, Err: fmt.Errorf("cannot read the rest of the archive: %w", err)})
		}
	}
}

// folderIndex looks for an export's index files in a folder the user named.
func (w *Walker) folderIndex(dir string) *ExportIndex {
	idx := newExportIndex(dir)
	for _, pattern := range []string{"activities.csv", "*/activities.csv"} {
		ms, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, m := range ms {
			if f, err := os.Open(m); err == nil {
				rel, _ := filepath.Rel(dir, m)
				idx.addStrava(filepath.ToSlash(rel), f)
				f.Close()
			}
		}
	}
	for _, pattern := range []string{"DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json", "*/DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json"} {
		ms, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, m := range ms {
			if f, err := os.Open(m); err == nil {
				rel, _ := filepath.Rel(dir, m)
				idx.addGarmin(filepath.ToSlash(rel), f)
				f.Close()
			}
		}
	}
	if idx.empty() {
		return nil
	}
	return idx
}

// zipIndex reads an export's index members from a zip's central directory
// before any activity is decoded.
func (w *Walker) zipIndex(name string, zr *zip.Reader) *ExportIndex {
	idx := newExportIndex(name)
	for _, zf := range zr.File {
		base := path.Base(zf.Name)
		isStrava := base == "activities.csv"
		isGarmin := strings.HasSuffix(base, "_summarizedActivities.json")
		if !isStrava && !isGarmin || zf.UncompressedSize64 > uint64(w.Limits.MaxFileBytes) {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			continue
		}
		if isStrava {
			idx.addStrava(zf.Name, rc)
		} else {
			idx.addGarmin(zf.Name, rc)
		}
		rc.Close()
	}
	if idx.empty() {
		return nil
	}
	return idx
}

// lastErr returns the error that stopped the guarded reader, if it was a limit.
func (g *guardedReader) lastErr() error {
	if g.n > g.lim.MaxFileBytes {
		return limitError("size")
	}
	if g.n > g.lim.RatioFloorBytes {
		if c := g.compressed(); c > 0 && float64(g.n)/float64(c) > g.lim.MaxRatio {
			return limitError("ratio")
		}
	}
	return nil
}

func isZipName(name string) bool { return strings.EqualFold(path.Ext(name), ".zip") }

// readAllLimit reads r to the end, at most limit bytes; sizeHint pre-sizes
// the buffer (pass -1 when unknown), up to 4 MiB unless the hint is trusted
// (a file's size on disk): a 100 MB file then costs 100 MB, not the 192 MB
// of a buffer doubling from 4 MiB.
func readAllLimit(r io.Reader, sizeHint, limit int64, trusted bool) ([]byte, error) {
	n := sizeHint
	if n < 0 || n > limit {
		n = 64 << 10
	}
	if !trusted {
		n = min(n, 4<<20) // a header's size is a claim, not a fact: grow past this as bytes arrive
	}
	var buf bytes.Buffer
	buf.Grow(int(n) + bytes.MinRead) // ReadFrom doubles the buffer when less than MinRead is free
	m, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		if IsLimit(err) {
			return nil, err
		}
		return nil, fmt.Errorf("read: %w", plainPathError(err))
	}
	if m > limit {
		return nil, limitError("the content is over %s", humanBytes(limit))
	}
	return buf.Bytes(), nil
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
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
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
