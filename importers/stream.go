package importers

import (
	"archive/zip"
	"context"
	"encoding/binary"
	"io"
	"os"
	"strings"
	"sync"
)

// A Batch reads large GPX and TCX files as streams rather than into memory
// (Walker.stream): the walker passes such a file on unread, with a way to
// open it again (Entry.open) and its first bytes; a worker hashes it in one
// pass, reserves what decoding it will cost from the exact size, and
// decodes it in a second pass. This holds for a file on disk, a gzip file
// on disk and a member of a zip file on disk (read through the zip's
// central directory, which allows opening a member again); a file nested
// deeper (a zip in a zip) is read into memory, within the budget.

// sharedFile is a file that stays open until the walk and every entry
// still to read from it are done with it.
type sharedFile struct {
	mu   sync.Mutex
	f    *os.File
	refs int
}

// hold takes a reference.
func (s *sharedFile) hold() {
	s.mu.Lock()
	s.refs++
	s.mu.Unlock()
}

// release drops a reference and closes the file with the last.
func (s *sharedFile) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refs--; s.refs == 0 {
		s.f.Close()
	}
}

// gzipSize returns the size a gzip file of size bytes on disk says its
// content has (the ISIZE of its trailer: the size modulo 4 GiB of the last
// member), or -1 when it cannot be read. It is a hint, never trusted: the
// worker measures the content itself.
func gzipSize(f *os.File, size int64) int64 {
	var b [4]byte
	if size < 18 {
		return -1
	}
	if _, err := f.ReadAt(b[:], size-4); err != nil {
		return -1
	}
	return int64(binary.LittleEndian.Uint32(b[:]))
}

// streamEntry returns, when the content that open gives (gunzipped when
// gzipped) is a GPX or TCX file of streamMin bytes or more (inflated is
// its size, known or hinted), an entry to be read as a stream, holding a
// first small share of the budget: the worker reserves the rest once it
// has measured the content. onDone, if set, runs when the entry is done
// with. ok is false for a file to be read into memory as usual; err is set
// only when the walk was cancelled.
func (w *Walker) streamEntry(ctx context.Context, name, rel string, idx *ExportIndex, prog, inflated int64, gzipped bool,
	open func() (io.ReadCloser, error), onDone func()) (e Entry, ok bool, err error) {
	if inflated < streamMin {
		return Entry{}, false, nil
	}
	content := open
	if gzipped {
		content = func() (io.ReadCloser, error) {
			rc, err := open()
			if err != nil {
				return nil, err
			}
			gz, err := newGzipGuarded(rc, w.Limits)
			if err != nil {
				rc.Close()
				return nil, err
			}
			return readCloser{Reader: gz, Closer: rc}, nil
		}
	}
	rc, err := content()
	if err != nil {
		return Entry{}, false, nil // read as usual, which says what is wrong
	}
	head := make([]byte, headSize)
	n, _ := io.ReadFull(rc, head)
	rc.Close()
	head = head[:n]
	kind := Detect(name, head)
	if kind != KindGPX && kind != KindTCX {
		return Entry{}, false, nil
	}
	res, err := w.budget.reserveFor(ctx, fileCost(kind, 0, false))
	if err != nil {
		return Entry{}, false, ctx.Err()
	}
	res.onRelease(onDone)
	return Entry{Path: name, Rel: rel, Export: idx, Progress: prog, size: max(inflated, 0), open: content, head: head, res: res}, true, nil
}

// streamMember is streamEntry for a member of a zip file on disk: a plain
// member whose uncompressed size is streamMin or more, or a gzip member
// (.gz) of streamMin/16 or more (its content's size is not known until it
// is read). The zip's file stays open until the entry is done with.
func (w *Walker) streamMember(ctx context.Context, sf *sharedFile, zf *zip.File, name, rel string, idx *ExportIndex, prog int64) (Entry, bool, error) {
	size := int64(zf.UncompressedSize64)
	gzipped := strings.HasSuffix(strings.ToLower(zf.Name), ".gz")
	inflated := size
	if gzipped {
		if size < streamMin/16 {
			return Entry{}, false, nil
		}
		inflated = streamMin // a guess that lets it stream; the worker measures it
	}
	sf.hold()
	e, ok, err := w.streamEntry(ctx, name, rel, idx, prog, inflated, gzipped, func() (io.ReadCloser, error) { return zf.Open() }, sf.release)
	if !ok {
		sf.release()
	}
	return e, ok, err
}

// readCloser reads from Reader and closes Closer.
type readCloser struct {
	io.Reader
	io.Closer
}
