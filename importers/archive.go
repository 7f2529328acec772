package importers

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bound what a hostile archive can cost: each is reported in plain
// words when it stops something, and nothing past it is read.
type Limits struct {
	// MaxFileBytes is the largest single file or member, decompressed.
	MaxFileBytes int64
	// MaxRatio is the largest decompressed/compressed ratio accepted for a
	// member larger than RatioFloorBytes (real watch files compress 2–20:1;
	// a zip bomb 1,000:1).
	MaxRatio float64
	// RatioFloorBytes is the size below which the ratio is not judged.
	RatioFloorBytes int64
	// MaxEntries is the most members one archive may have.
	MaxEntries int
	// MaxDepth is the most archive levels (a zip in a zip in a zip is 3).
	MaxDepth int
}

// DefaultLimits are generous for real exports (a Garmin export has a few
// thousand files in two levels of zips) and tight for hostile ones.
var DefaultLimits = Limits{
	MaxFileBytes:    MaxFileBytes,
	MaxRatio:        200,
	RatioFloorBytes: 4 << 20,
	MaxEntries:      65536,
	MaxDepth:        6,
}

// errLimit marks errors from Limits, so callers can tell them from damage.
var errLimit = errors.New("limit")

// limitError returns an error that says which limit stopped what.
func limitError(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errLimit}, a...)...)
}

// IsLimit reports whether err came from one of the archive limits.
func IsLimit(err error) bool { return errors.Is(err, errLimit) }

// countingReader counts the compressed bytes read beneath a decompressor,
// optionally stopping after a number of them (a member's compressed size).
// It is an io.ByteReader, so that flate reads exactly to the end of its
// stream and no further (the next zip header is not swallowed); over a
// *bufio.Reader each byte costs a method call, not an allocation or a
// type assertion.
type countingReader struct {
	r      io.Reader
	br     io.ByteReader // r as a byte reader, or nil
	n      int64
	remain int64 // bytes left before the limit; < 0 means no limit
}

// newCountingReader counts what is read from r, stopping after limit bytes
// (limit < 0: no limit).
func newCountingReader(r io.Reader, limit int64) *countingReader {
	c := &countingReader{r: r, remain: limit}
	c.br, _ = r.(io.ByteReader)
	return c
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.remain == 0 {
		return 0, io.EOF
	}
	if c.remain > 0 && int64(len(p)) > c.remain {
		p = p[:c.remain]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.remain > 0 {
		c.remain -= int64(n)
	}
	return n, err
}

// ReadByte reads one byte (see the type's comment).
func (c *countingReader) ReadByte() (byte, error) {
	if c.remain == 0 {
		return 0, io.EOF
	}
	var b byte
	var err error
	if c.br != nil {
		b, err = c.br.ReadByte()
	} else {
		var one [1]byte
		_, err = io.ReadFull(c.r, one[:])
		b = one[0]
	}
	if err == nil {
		c.n++
		if c.remain > 0 {
			c.remain--
		}
	}
	return b, err
}

// guardedReader stops a decompressing stream at the size limit, and early
// when the decompression ratio marks a bomb.
type guardedReader struct {
	r          io.Reader
	compressed func() int64 // compressed bytes consumed so far
	n          int64
	lim        Limits
	err        error // the first read error other than io.EOF (damage)
}

func (g *guardedReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	g.n += int64(n)
	if err != nil && err != io.EOF && g.err == nil {
		g.err = err
	}
	if g.n > g.lim.MaxFileBytes {
		return n, limitError("decompresses to more than %s", humanBytes(g.lim.MaxFileBytes))
	}
	if g.n > g.lim.RatioFloorBytes {
		if c := g.compressed(); c > 0 && float64(g.n)/float64(c) > g.lim.MaxRatio {
			return n, limitError("compression ratio over %.0f:1 (a zip or gzip bomb?)", g.lim.MaxRatio)
		}
	}
	return n, err
}

// unsafeMemberName reports why an archive member's name is unsafe (it would
// escape a folder it was extracted to), or "".
func unsafeMemberName(name string) string {
	switch {
	case strings.HasPrefix(name, "/") || strings.HasPrefix(name, `\`) || (len(name) > 1 && name[1] == ':'):
		return "an absolute member name"
	case name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "/../") || strings.HasSuffix(name, "/..") ||
		strings.Contains(name, `..\`):
		return "a member name that climbs out of the archive (../)"
	}
	return ""
}

// zipHeader is a local file header read from a streamed zip.
type zipHeader struct {
	name             string
	flags, method    uint16
	compressed, size uint64
}

const (
	zipLocalSig      = 0x04034b50
	zipCentralSig    = 0x02014b50
	zipEndSig        = 0x06054b50
	zipDescriptorSig = 0x08074b50
)

// zipStream reads a zip archive front to back from a stream, as a nested
// member must be read: no seeking, nothing written to disk.
type zipStream struct {
	br *bufio.Reader
}

func newZipStream(r io.Reader) *zipStream {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &zipStream{br: br}
}

// next reads the next local header. It returns io.EOF at the central
// directory (the end of the members).
func (z *zipStream) next() (*zipHeader, error) {
	var fixed [30]byte
	if _, err := io.ReadFull(z.br, fixed[:4]); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		return nil, damagedf("archive ends early: %w", err)
	}
	switch binary.LittleEndian.Uint32(fixed[:4]) {
	case zipLocalSig:
	case zipCentralSig, zipEndSig:
		return nil, io.EOF
	default:
		return nil, damagedf("damaged archive: no member header where one should be")
	}
	if _, err := io.ReadFull(z.br, fixed[4:]); err != nil {
		return nil, damagedf("archive ends early in a member header: %w", err)
	}
	h := &zipHeader{
		flags:      binary.LittleEndian.Uint16(fixed[6:]),
		method:     binary.LittleEndian.Uint16(fixed[8:]),
		compressed: uint64(binary.LittleEndian.Uint32(fixed[18:])),
		size:       uint64(binary.LittleEndian.Uint32(fixed[22:])),
	}
	nameLen, extraLen := int(binary.LittleEndian.Uint16(fixed[26:])), int(binary.LittleEndian.Uint16(fixed[28:]))
	buf := make([]byte, nameLen+extraLen)
	if _, err := io.ReadFull(z.br, buf); err != nil {
		return nil, damagedf("archive ends early in a member header: %w", err)
	}
	h.name = string(buf[:nameLen])
	// zip64 sizes live in extra field 0x0001.
	for extra := buf[nameLen:]; len(extra) >= 4; {
		tag, sz := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if 4+sz > len(extra) {
			break
		}
		if tag == 0x0001 {
			f := extra[4 : 4+sz]
			if h.size == 0xFFFFFFFF && len(f) >= 8 {
				h.size, f = binary.LittleEndian.Uint64(f), f[8:]
			}
			if h.compressed == 0xFFFFFFFF && len(f) >= 8 {
				h.compressed = binary.LittleEndian.Uint64(f)
			}
		}
		extra = extra[4+sz:]
	}
	return h, nil
}

// open returns the member's decompressed content and a function to call once
// it has been read (or abandoned) that moves to the next header.
func (z *zipStream) open(h *zipHeader) (io.Reader, *countingReader, func() error, error) {
	hasDescriptor := h.flags&0x8 != 0
	var raw *countingReader
	switch {
	case h.method == zip.Store && hasDescriptor:
		return nil, nil, nil, errors.New("a stored member of unknown length cannot be read from a nested archive")
	case h.method == zip.Store:
		raw = newCountingReader(z.br, int64(h.compressed))
	case h.method == zip.Deflate && hasDescriptor:
		raw = newCountingReader(z.br, -1)
	case h.method == zip.Deflate:
		raw = newCountingReader(z.br, int64(h.compressed))
	default:
		return nil, nil, nil, fmt.Errorf("compression method %d is not supported", h.method)
	}
	var content io.Reader = raw
	var fr io.ReadCloser
	if h.method == zip.Deflate {
		fr = flate.NewReader(raw)
		content = fr
	}
	finish := func() error {
		if fr != nil {
			// Read to the end of the deflate stream so the next header lines up.
			if _, err := io.Copy(io.Discard, fr); err != nil {
				return damagedf("damaged member: %w", err)
			}
		}
		if !hasDescriptor {
			if _, err := io.Copy(io.Discard, raw); err != nil {
				return err
			}
			return nil
		}
		return z.skipDescriptor(h)
	}
	return content, raw, finish, nil
}

// skipDescriptor reads the data descriptor after a member: an optional
// signature, the CRC, then 4- or 8-byte sizes.
func (z *zipStream) skipDescriptor(h *zipHeader) error {
	peek, err := z.br.Peek(4)
	if err != nil {
		return damagedf("archive ends early after a member: %w", err)
	}
	n := 12 // crc + two 4-byte sizes
	if binary.LittleEndian.Uint32(peek) == zipDescriptorSig {
		n += 4
	}
	if h.size == 0xFFFFFFFF || h.compressed == 0xFFFFFFFF {
		n += 8
	}
	_, err = z.br.Discard(n)
	return err
}

// newGzipGuarded opens a gzip stream with the size and ratio guards.
func newGzipGuarded(r io.Reader, lim Limits) (io.Reader, error) {
	cr := newCountingReader(r, -1)
	gz, err := gzip.NewReader(bufio.NewReader(cr))
	if err != nil {
		return nil, damagedf("damaged gzip: %w", err)
	}
	gz.Multistream(true)
	return &guardedReader{r: gz, compressed: func() int64 { return cr.n }, lim: lim}, nil
}
