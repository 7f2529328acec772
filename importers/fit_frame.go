package importers

import (
	"encoding/binary"
	"fmt"
	"io"
)

// fitCRCTable is the byte-wise table of the FIT CRC-16 (CRC-16/ARC:
// reflected polynomial 0xA001, initial value 0), built from the FIT SDK's
// nibble table.
var fitCRCTable = func() (t [256]uint16) {
	for b := range t {
		t[b] = fitCRCNibbles(0, byte(b))
	}
	return t
}()

// fitCRCNibbles is the FIT SDK's reference CRC-16 step for one byte.
func fitCRCNibbles(crc uint16, b byte) uint16 {
	table := [16]uint16{
		0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
		0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
	}
	tmp := table[crc&0xF]
	crc = (crc >> 4) & 0x0FFF
	crc = crc ^ tmp ^ table[b&0xF]
	tmp = table[crc&0xF]
	crc = (crc >> 4) & 0x0FFF
	return crc ^ tmp ^ table[(b>>4)&0xF]
}

// fitCRC updates crc with p.
func fitCRC(crc uint16, p []byte) uint16 {
	for _, b := range p {
		crc = (crc >> 8) ^ fitCRCTable[byte(crc)^b]
	}
	return crc
}

// fitFrameSeg is one FIT file of a (possibly chained) stream as fitFramer saw it.
type fitFrameSeg struct {
	start     int64  // byte offset of its header
	hdrSize   int    // 12 or 14
	dataSize  uint32 // bytes of messages the header promises
	headerOK  bool   // a valid header was read
	hdrCRCBad bool   // a 14-byte header whose nonzero header CRC does not match
	done      bool   // the two CRC bytes were read
	stored    uint16 // the file CRC it carries
	crcAll    uint16 // CRC of header and data
	crcData   uint16 // CRC of the data alone (14-byte header)
	both      bool   // crcAll and crcData differ in what they cover
}

// end returns the byte offset just past the segment, as its header promises.
func (s *fitFrameSeg) end() int64 { return s.start + int64(s.hdrSize) + int64(s.dataSize) + 2 }

// crcOK reports whether the stored CRC matches the data. Writers differ on
// whether a 14-byte header is covered: when its own CRC is valid both
// readings agree; otherwise either is accepted.
func (s *fitFrameSeg) crcOK() bool {
	return s.stored == s.crcAll || (s.both && s.stored == s.crcData)
}

// fitFramer sits between the file and muktihari's decoder. It counts bytes,
// follows the FIT framing (header, data, CRC) of every chained file as the
// bytes stream past and computes each file's CRC, so that muktihari's own
// checksum test (which rejects some valid files) can stay off. It also lets
// the listener stop decoding of hostile input by setting abort.
type fitFramer struct {
	r     io.Reader
	abort error
	n     int64 // bytes read so far

	segs    []fitFrameSeg
	state   int // 0: header, 1: data, 2: crc, 3: junk
	hdr     [14]byte
	hdrN    int
	remain  uint32
	crcBuf  [2]byte
	crcN    int
	firstB  int // first byte of the stream, -1 before any
	junkAt  int64
	nonZero bool

	eof           bool
	junkAllZero   bool
	trailingZeros int64

	scan fitScan // follows the records of the current FIT file's data
}

// fitBaseTypes marks the base type numbers (the byte masked with 0x1F) of
// the FIT profile; fitMultiByte those whose byte has the endian bit (0x80)
// set.
var (
	fitBaseTypes = [32]bool{true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true}
	fitMultiByte = [32]bool{3: true, 4: true, 5: true, 6: true, 8: true, 9: true, 11: true, 12: true, 14: true, 15: true, 16: true}
)

// Record scanner states.
const (
	scanHeader = iota
	scanDefFixed
	scanDefFields
	scanDevCount
	scanDevFields
	scanData
	scanLost // the records can no longer be followed: stop patching
)

// fitScan follows the records of a FIT file's data as the bytes stream past
// (definition messages, and data messages by the sizes their definitions
// give) to mend field definitions as Garmin's SDK reads them: it masks a
// base type byte with 0x1F and sets the endian bit of a multi-byte type, so
// that a writer that left the bit out (GoldenCheetah writes 0x06 for
// uint32) does not make muktihari refuse the file. The CRC is computed over
// the bytes as they were.
type fitScan struct {
	sizes     [16]int32 // data message size by local message type, -1 unknown
	state     uint8
	need      int // bytes still to take in the current state
	local     uint8
	dev       bool
	fixed     [5]byte
	fn        int
	fieldByte int
	size      int32
	patched   int // base type bytes mended
}

// reset prepares the scanner for a new FIT file's data.
func (s *fitScan) reset() {
	patched := s.patched
	*s = fitScan{patched: patched}
	for i := range s.sizes {
		s.sizes[i] = -1
	}
}

// feed follows p, the next bytes of the data, mending base type bytes in
// place.
func (s *fitScan) feed(p []byte) {
	for i := 0; i < len(p); {
		switch s.state {
		case scanLost:
			return
		case scanHeader:
			h := p[i]
			i++
			switch {
			case h&0x80 != 0: // compressed timestamp: a data message
				s.data((h >> 5) & 0x03)
			case h&0x40 != 0: // a definition
				s.local, s.dev, s.state, s.fn = h&0x0F, h&0x20 != 0, scanDefFixed, 0
			default:
				s.data(h & 0x0F)
			}
		case scanDefFixed:
			k := copy(s.fixed[s.fn:], p[i:])
			s.fn += k
			i += k
			if s.fn == len(s.fixed) {
				s.need, s.size, s.fieldByte, s.state = 3*int(s.fixed[4]), 0, 0, scanDefFields
				if s.need == 0 {
					s.afterFields()
				}
			}
		case scanDefFields, scanDevFields:
			for s.need > 0 && i < len(p) {
				switch s.fieldByte {
				case 1:
					s.size += int32(p[i])
				case 2:
					if s.state == scanDefFields {
						s.mend(&p[i])
					}
				}
				s.fieldByte = (s.fieldByte + 1) % 3
				s.need--
				i++
			}
			if s.need == 0 {
				if s.state == scanDefFields {
					s.afterFields()
				} else {
					s.sizes[s.local], s.state = s.size, scanHeader
				}
			}
		case scanDevCount:
			s.need, s.fieldByte, s.state = 3*int(p[i]), 0, scanDevFields
			i++
			if s.need == 0 {
				s.sizes[s.local], s.state = s.size, scanHeader
			}
		case scanData:
			k := min(s.need, len(p)-i)
			i += k
			if s.need -= k; s.need == 0 {
				s.state = scanHeader
			}
		}
	}
}

// data starts a data message of local type local.
func (s *fitScan) data(local uint8) {
	switch n := s.sizes[local]; {
	case n < 0:
		s.state = scanLost // a message without a definition: nothing to follow
	case n == 0:
		s.state = scanHeader
	default:
		s.need, s.state = int(n), scanData
	}
}

// afterFields moves on after a definition's field definitions.
func (s *fitScan) afterFields() {
	if s.dev {
		s.state = scanDevCount
		return
	}
	s.sizes[s.local], s.state = s.size, scanHeader
}

// mend rewrites a base type byte as Garmin's SDK reads it.
func (s *fitScan) mend(b *byte) {
	t := *b & 0x1F
	if !fitBaseTypes[t] {
		return // unknown even masked: the decoder says so
	}
	want := t
	if fitMultiByte[t] {
		want |= 0x80
	}
	if *b != want {
		*b = want
		s.patched++
	}
}

const (
	frameHeader = iota
	frameData
	frameCRC
	frameJunk
)

func (f *fitFramer) reset(r io.Reader) {
	*f = fitFramer{r: r, segs: f.segs[:0], firstB: -1, junkAt: -1}
}

// Read implements io.Reader.
func (f *fitFramer) Read(p []byte) (int, error) {
	if f.abort != nil {
		return 0, f.abort
	}
	n, err := f.r.Read(p)
	if n > 0 {
		f.consume(p[:n])
	}
	if err == io.EOF {
		f.eof = true
		f.finish()
	}
	return n, err
}

func (f *fitFramer) consume(p []byte) {
	if f.firstB < 0 && len(p) > 0 {
		f.firstB = int(p[0])
	}
	for len(p) > 0 {
		switch f.state {
		case frameHeader:
			if f.hdrN == 0 {
				if p[0] != 12 && p[0] != 14 {
					f.startJunk(f.n, nil)
					continue
				}
				f.segs = append(f.segs, fitFrameSeg{start: f.n})
				f.hdr[0] = p[0]
			}
			want := int(f.hdr[0])
			k := copy(f.hdr[f.hdrN:want], p)
			f.hdrN += k
			f.n += int64(k)
			p = p[k:]
			if f.hdrN < want {
				continue
			}
			f.hdrN = 0
			h := f.hdr[:want]
			if string(h[8:12]) != ".FIT" || binary.LittleEndian.Uint32(h[4:8]) == 0 {
				f.segs = f.segs[:len(f.segs)-1]
				f.startJunk(f.n-int64(want), h)
				continue
			}
			seg := &f.segs[len(f.segs)-1]
			seg.hdrSize = want
			seg.dataSize = binary.LittleEndian.Uint32(h[4:8])
			seg.headerOK = true
			seg.crcAll = fitCRC(0, h)
			if want == 14 {
				stored := binary.LittleEndian.Uint16(h[12:14])
				if stored != 0 && fitCRC(0, h[:12]) != stored {
					seg.hdrCRCBad = true
				}
				seg.both = seg.crcAll != 0
			}
			f.remain = seg.dataSize
			f.scan.reset()
			f.state = frameData
			if f.remain == 0 {
				f.state = frameCRC
			}
			f.crcN = 0
		case frameData:
			seg := &f.segs[len(f.segs)-1]
			k := len(p)
			if uint32(k) > f.remain {
				k = int(f.remain)
			}
			seg.crcAll = fitCRC(seg.crcAll, p[:k])
			if seg.both {
				seg.crcData = fitCRC(seg.crcData, p[:k])
			}
			f.scan.feed(p[:k]) // after the CRC: it covers the bytes as written
			f.remain -= uint32(k)
			f.n += int64(k)
			p = p[k:]
			if f.remain == 0 {
				f.state = frameCRC
				f.crcN = 0
			}
		case frameCRC:
			k := copy(f.crcBuf[f.crcN:], p)
			f.crcN += k
			f.n += int64(k)
			p = p[k:]
			if f.crcN == 2 {
				seg := &f.segs[len(f.segs)-1]
				seg.stored = binary.LittleEndian.Uint16(f.crcBuf[:])
				seg.done = true
				f.state = frameHeader
			}
		case frameJunk:
			for _, b := range p {
				if b != 0 {
					f.nonZero = true
					break
				}
			}
			f.n += int64(len(p))
			p = p[:0]
		}
	}
}

// startJunk marks the rest of the stream, from byte at, as not FIT;
// consumed holds bytes already counted.
func (f *fitFramer) startJunk(at int64, consumed []byte) {
	if f.junkAt < 0 {
		f.junkAt = at
	}
	f.state = frameJunk
	for _, b := range consumed {
		if b != 0 {
			f.nonZero = true
		}
	}
}

// fitDrainMax bounds the bytes read after the FIT data to tell zero
// padding from lost data.
const fitDrainMax = 1 << 20

// drain reads what follows unreadable data (up to fitDrainMax bytes) so
// that zero padding can be told from lost data.
func (f *fitFramer) drain() {
	f.abort = nil
	_, _ = io.Copy(io.Discard, io.LimitReader(f, fitDrainMax))
	f.finish()
	if !f.eof {
		f.junkAllZero, f.trailingZeros = false, 0 // more remains: not known to be padding
	}
}

// finish is called at the end of the stream.
func (f *fitFramer) finish() {
	if f.state == frameHeader && f.hdrN > 0 {
		// A header cut short: keep it as an unfinished segment.
		f.segs[len(f.segs)-1].hdrSize = int(f.hdr[0])
	}
	if f.junkAt >= 0 {
		f.junkAllZero = !f.nonZero
		if f.junkAllZero && len(f.segs) > 0 {
			f.trailingZeros = f.n - f.junkAt
		}
	}
}

// last returns the last segment, or nil.
func (f *fitFramer) last() *fitFrameSeg {
	if len(f.segs) == 0 {
		return nil
	}
	return &f.segs[len(f.segs)-1]
}

// unverified reports whether some complete segment carries CRC 0 (not
// computed by its writer) over data whose CRC is not 0.
func (f *fitFramer) unverified() bool {
	for i := range f.segs {
		if s := &f.segs[i]; s.done && s.stored == 0 && !s.crcOK() {
			return true
		}
	}
	return false
}

// notFITReason says why the stream is not FIT.
func (f *fitFramer) notFITReason() string {
	switch {
	case f.n == 0:
		return "the file is empty"
	case f.firstB != 12 && f.firstB != 14:
		return fmt.Sprintf("the first byte is %d, not a FIT header size of 12 or 14", f.firstB)
	case f.n < int64(f.firstB):
		return fmt.Sprintf("only %s, shorter than a FIT header", plural(f.n, "byte"))
	default:
		return "no \".FIT\" signature in the header"
	}
}
