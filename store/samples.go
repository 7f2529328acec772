package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/backtrack/backtrack/model"
)

// The on-disk layout of session_samples, in one place.
//
// A row holds n (the number of samples), codec (how its BLOBs are laid
// out) and one BLOB per column of model.SampleColumns; a NULL BLOB is a
// column missing throughout. Rows written by schema versions 1 to 4 have
// codec 0 (samples_legacy.go). New rows have codec 1, where every column
// BLOB starts with a kind byte:
//
//	'F'  raw: n little-endian IEEE 754 float64 values, bit for bit; NaN is
//	     a missing value. Used for a column no exact scale fits.
//	'Q'  quantised: every present value is an integer k times a scale,
//	     exactly (decoding gives back the very float64 that was stored):
//	       byte     'm' (value = k × q) or 'd' (value = k ÷ q)
//	       8 bytes  q, little-endian float64
//	       byte     delta order, 1 or 2
//	       uvarint  p, the number of present values (at most n)
//	       bitmap   only when p < n: ⌈n/8⌉ bytes, bit i%8 of byte i/8 set
//	                when sample i is present
//	       p signed varints (encoding/binary's zig-zag Varint): the first k,
//	                then the differences between consecutive present k
//	                (order 1) or the differences of those differences
//	                (order 2)
//
// A watch records whole seconds, positions in semicircles (2^31 to 180°),
// altitude in fifths of a metre, distance in centimetres; GPX and TCX
// write decimals. Each of those is an exact scale, and consecutive samples
// differ by little, so a sample takes about 12 bytes instead of the 48 of
// plain floats. Fewer bytes written is what lets the import keep pace with
// the decoders (docs/README.md, "Performance targets": import ≥ 0.6 ×
// decode). docs/storage.md sums the layout up for users.

// The codec numbers of session_samples.codec.
const (
	codecLegacy = 0 // samples_legacy.go
	codecPacked = 1 // this file
)

// Kind bytes of a codec 1 column BLOB.
const (
	kindRaw   = 'F'
	kindQuant = 'Q'
)

// Scale modes of a quantised column.
const (
	modeMul = 'm'
	modeDiv = 'd'
)

// numSampleColumns is the number of sample columns; TestSampleColumnCount
// checks that model.SampleColumns has as many. Codec 0 knew the first
// len(legacyWidths) of them only: its rows hold NULL for the others.
const numSampleColumns = model.NumSampleColumns

// maxExact is the largest integer magnitude a float64 holds exactly; a
// quantised k stays within it.
const maxExact = 1 << 53

// semicircleDeg is one semicircle in degrees: 180/2^31, exactly.
const semicircleDeg = 180.0 / (1 << 31)

// pow10 are the decimal scales a column may take: 10^0 to 10^9.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// maxBinaryExp bounds the binary scales 2^0 to 2^maxBinaryExp.
const maxBinaryExp = 40

// scale is how a quantised column maps integers to values.
type scale struct {
	mode byte    // modeMul or modeDiv
	q    float64 // the multiplier or divisor
	by   float64 // the integers per unit, to compare scales
	// binary says q is 2^-e: v ÷ q is then an exact multiplication by 2^e,
	// and quantise only checks that it is whole.
	binary bool
}

// value returns the value of integer k.
func (s scale) value(k float64) float64 {
	if s.mode == modeMul {
		return k * s.q
	}
	return k / s.q
}

// integer returns the integer whose value is v, if there is one (rounded
// as quantise rounds, so a guess and its check agree).
func (s scale) integer(v float64) (float64, bool) {
	var k float64
	if s.mode == modeMul {
		k = roundInt(v / s.q)
	} else {
		k = roundInt(v * s.q)
	}
	return k, s.value(k) == v
}

// sampleEncoder turns samples into column BLOBs, reusing its buffers
// between calls. It is not safe for concurrent use.
type sampleEncoder struct {
	buf   []byte
	arena []byte // Pack's copy of every session's columns
	ks    []int64
	cands []scale
}

// encode returns the number of samples and one BLOB per column, nil for a
// column that is empty or NaN throughout. The BLOBs share the encoder's
// buffer: they are valid until the next call. A column whose length is
// neither 0 nor len(s.T) is an error.
func (e *sampleEncoder) encode(s *model.Samples) (int, [numSampleColumns][]byte, error) {
	var out [numSampleColumns][]byte
	n := s.Len()
	cols := s.Columns()
	for i, c := range cols {
		if len(*c) != n && len(*c) != 0 {
			return 0, out, fmt.Errorf("samples: column %s has %d values, want %d", model.SampleColumns[i], len(*c), n)
		}
	}
	if n == 0 {
		return 0, out, nil
	}
	// Record where each column starts: e.buf may move while it grows.
	var ends [numSampleColumns + 1]int
	e.buf = e.buf[:0]
	for i, c := range cols {
		ends[i] = len(e.buf)
		if len(*c) > 0 {
			e.buf = e.appendColumn(e.buf, *c, i == 1 || i == 2)
		}
	}
	ends[numSampleColumns] = len(e.buf)
	for i := range out {
		if ends[i+1] > ends[i] {
			out[i] = e.buf[ends[i]:ends[i+1]:ends[i+1]]
		}
	}
	return n, out, nil
}

// appendColumn appends col's BLOB to b; it appends nothing for a column
// that is NaN throughout. Positions (angle true) may take the semicircle
// scale.
func (e *sampleEncoder) appendColumn(b []byte, col []float64, angle bool) []byte {
	// Scales guessed from the first values fit almost every column; if
	// none does, scales from every value are the exact answer.
	for _, prefix := range []int{guessPrefix, len(col)} {
		e.cands = candidateScales(e.cands[:0], col, prefix, angle)
		for _, sc := range e.cands {
			if present, ok := e.quantise(col, sc); ok {
				if present == 0 {
					return b // NaN throughout: NULL
				}
				return e.appendQuant(b, col, sc, present)
			}
		}
		if len(col) <= guessPrefix {
			break
		}
	}
	return appendRaw(b, col)
}

// sampleBlobList returns the names of the sample BLOB columns (those of
// model.SampleColumns), each prefixed by prefix, joined with ", ".
func sampleBlobList(prefix string) string {
	return columnList(prefix, model.SampleColumns)
}

// guessPrefix is how many present values the first guess of scales looks at.
const guessPrefix = 64

// fractionBits returns how many binary places v has after the point: 0 for
// a whole number, 1 for 2.5, 7 for 1/128; more than maxBinaryExp for a
// value no binary scale fits, like 0.2 or an infinity.
func fractionBits(v float64) int {
	u := math.Float64bits(v)
	exp := int(u>>52&0x7ff) - 1075 // v = mant × 2^exp
	mant := u & (1<<52 - 1)
	if u>>52&0x7ff == 0 {
		exp++ // subnormal
	} else {
		mant |= 1 << 52
	}
	if mant == 0 {
		return 0
	}
	tz := bits.TrailingZeros64(mant)
	exp += tz
	if exp >= 0 {
		if bits.Len64(mant>>tz)+exp > 53 {
			return maxBinaryExp + 1 // too large for an exact integer
		}
		return 0
	}
	return -exp
}

// candidateScales appends to out the scales that fit the first prefix
// present values of col, coarsest first: binary places, decimal places
// and, for positions, semicircles. quantise checks one against every value.
func candidateScales(out []scale, col []float64, prefix int, angle bool) []scale {
	binExp, dec, semi, seen := 0, 0, angle, 0
	for _, v := range col {
		if v != v { // NaN
			continue
		}
		if binExp <= maxBinaryExp {
			binExp = max(binExp, fractionBits(v))
		}
		for dec < len(pow10) {
			if _, ok := (scale{mode: modeDiv, q: pow10[dec]}).integer(v); ok {
				break
			}
			dec++
		}
		if semi {
			_, semi = (scale{mode: modeMul, q: semicircleDeg}).integer(v)
		}
		if seen++; seen == prefix {
			break
		}
	}
	if binExp <= maxBinaryExp {
		out = append(out, scale{mode: modeMul, q: math.Ldexp(1, -binExp), by: math.Ldexp(1, binExp), binary: true})
		if binExp == 0 {
			return out // whole numbers: nothing is coarser
		}
	}
	if dec < len(pow10) {
		out = append(out, scale{mode: modeDiv, q: pow10[dec], by: pow10[dec]})
	}
	if semi {
		out = append(out, scale{mode: modeMul, q: semicircleDeg, by: 1 / semicircleDeg})
	}
	slices.SortStableFunc(out, func(a, b scale) int { return cmp.Compare(a.by, b.by) })
	return out
}

// orderPrefix is how many values decide a column's delta order.
const orderPrefix = 256

// quantise checks that every present value of col is an integer on scale
// sc, exactly. If so it leaves those integers in e.ks and returns how many
// values are present. (roundInt gives NaN beyond 2^51, which fails every
// check, so the integers stay exact in a float64 and an int64.)
func (e *sampleEncoder) quantise(col []float64, sc scale) (present int, ok bool) {
	ks := slices.Grow(e.ks[:0], len(col))[:len(col)]
	e.ks = ks[:0]
	n := 0
	switch {
	case sc.binary:
		for _, v := range col {
			if v == v { // not NaN
				k := v * sc.by
				if k != roundInt(k) {
					return 0, false
				}
				ks[n] = int64(k)
				n++
			}
		}
	case sc.mode == modeMul:
		inv := 1 / sc.q
		for _, v := range col {
			if v == v {
				k := roundInt(v * inv)
				if k*sc.q != v {
					return 0, false
				}
				ks[n] = int64(k)
				n++
			}
		}
	default:
		for _, v := range col {
			if v == v {
				k := roundInt(v * sc.q)
				if k/sc.q != v {
					return 0, false
				}
				ks[n] = int64(k)
				n++
			}
		}
	}
	e.ks = ks[:n]
	return n, true
}

// appendQuant appends col as a quantised column on scale sc, from the
// integers quantise left in e.ks, with the delta order that takes fewer
// bytes on the first orderPrefix values.
func (e *sampleEncoder) appendQuant(b []byte, col []float64, sc scale, present int) []byte {
	ks := e.ks
	size1, size2 := 0, 0
	var prev, prevD int64
	for i, k := range ks[:min(len(ks), orderPrefix)] {
		d := k - prev
		size1 += varintLen(d)
		size2 += varintLen(d - prevD)
		if i > 0 {
			prevD = d
		}
		prev = k
	}
	order := byte(1)
	if size2 < size1 {
		order = 2
	}
	bitmap := 0
	if present < len(col) {
		bitmap = (len(col) + 7) / 8
	}
	b = slices.Grow(b, 11+binary.MaxVarintLen64+bitmap+binary.MaxVarintLen64*len(ks))
	b = append(b, kindQuant, sc.mode)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(sc.q))
	b = append(b, order)
	b = binary.AppendUvarint(b, uint64(present))
	if bitmap > 0 {
		start := len(b)
		b = b[:start+bitmap]
		clear(b[start:])
		for i, v := range col {
			if v == v {
				b[start+i/8] |= 1 << (i % 8)
			}
		}
	}
	start := len(b)
	out := b[start : start+binary.MaxVarintLen64*len(ks)]
	j := 0
	prev, prevD = 0, 0
	for i, k := range ks {
		d := k - prev
		prev = k
		if order == 2 {
			d, prevD = d-prevD, d
			if i == 0 {
				prevD = 0
			}
		}
		u := uint64(d<<1) ^ uint64(d>>63) // zig-zag, as binary.AppendVarint
		for u >= 0x80 {
			out[j] = byte(u) | 0x80
			u >>= 7
			j++
		}
		out[j] = byte(u)
		j++
	}
	return b[:start+j]
}

// roundInt returns x rounded to a whole number (halves to even) when
// |x| < 2^51, by the magic-number addition, far cheaper than math.Round;
// otherwise NaN, which no exactness check passes.
func roundInt(x float64) float64 {
	const magic = 0x1.8p52
	if !(x < 0x1p51 && x > -0x1p51) {
		return math.NaN()
	}
	return (x + magic) - magic
}

// varintLen is the length of d as a signed (zig-zag) varint.
func varintLen(d int64) int {
	u := uint64(d<<1) ^ uint64(d>>63)
	return (bits.Len64(u|1) + 6) / 7
}

// appendRaw appends col as a raw column: n float64 values, bit for bit.
func appendRaw(b []byte, col []float64) []byte {
	b = append(b, kindRaw)
	for _, v := range col {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// errCorrupt says a BLOB does not follow the layout.
var errCorrupt = errors.New("not a valid sample column")

// decodePacked appends the n values of a codec 1 column BLOB to dst[:0] and
// returns it; a nil BLOB gives n NaNs.
func decodePacked(dst []float64, b []byte, n int) ([]float64, error) {
	dst = growFloats(dst, n)
	if b == nil {
		fillNaN(dst)
		return dst, nil
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty", errCorrupt)
	}
	switch b[0] {
	case kindRaw:
		if len(b) != 1+8*n {
			return nil, fmt.Errorf("%w: %d bytes for %d raw values", errCorrupt, len(b), n)
		}
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[1+8*i:]))
		}
		return dst, nil
	case kindQuant:
	default:
		return nil, fmt.Errorf("%w: kind %#x", errCorrupt, b[0])
	}
	if len(b) < 11 {
		return nil, fmt.Errorf("%w: %d-byte header", errCorrupt, len(b))
	}
	sc := scale{mode: b[1], q: math.Float64frombits(binary.LittleEndian.Uint64(b[2:]))}
	order := b[10]
	if sc.mode != modeMul && sc.mode != modeDiv || sc.q == 0 || math.IsNaN(sc.q) || math.IsInf(sc.q, 0) || order != 1 && order != 2 {
		return nil, fmt.Errorf("%w: scale %q %v, order %d", errCorrupt, sc.mode, sc.q, order)
	}
	rest := b[11:]
	p, w := binary.Uvarint(rest)
	if w <= 0 || p > uint64(n) || p == 0 {
		return nil, fmt.Errorf("%w: %d present of %d", errCorrupt, p, n)
	}
	rest = rest[w:]
	var bitmap []byte
	if int(p) < n {
		size := (n + 7) / 8
		if len(rest) < size {
			return nil, fmt.Errorf("%w: short presence bitmap", errCorrupt)
		}
		bitmap, rest = rest[:size], rest[size:]
		count := 0
		for _, x := range bitmap {
			count += bits.OnesCount8(x)
		}
		if count != int(p) || n%8 != 0 && bitmap[size-1]>>(n%8) != 0 {
			return nil, fmt.Errorf("%w: presence bitmap of %d, want %d", errCorrupt, count, p)
		}
	}
	rest, err := decodeDense(dst[:p], rest, sc, order)
	if err != nil {
		return nil, err
	}
	if bitmap != nil {
		spread(dst, int(p), bitmap)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d bytes left over", errCorrupt, len(rest))
	}
	return dst, nil
}

// errValuesEnd and errValueRange say a quantised column's values end early
// or leave the exact integers.
var (
	errValuesEnd  = fmt.Errorf("%w: values end early", errCorrupt)
	errValueRange = fmt.Errorf("%w: value out of range", errCorrupt)
)

// uvarintAt reads the unsigned varint at b[p:] and returns it with the
// position after it. The decoders read a one-byte varint (the common case:
// small deltas) themselves and call it for the others.
func uvarintAt(b []byte, p int) (uint64, int, error) {
	u, w := binary.Uvarint(b[p:])
	if w <= 0 {
		return 0, 0, errValuesEnd
	}
	return u, p + w, nil
}

// decodeDense fills dst, every sample present, from the varints of a
// quantised column (the integers' first value, then their differences of
// the given order), and returns the bytes left. The integers are decoded
// first and scaled in a second pass, as sc.value scales them.
func decodeDense(dst []float64, b []byte, sc scale, order byte) ([]byte, error) {
	var k, d, delta int64
	var err error
	p := 0
	for i := range dst {
		var u uint64
		if p < len(b) && b[p] < 0x80 {
			u, p = uint64(b[p]), p+1
		} else if u, p, err = uvarintAt(b, p); err != nil {
			return nil, err
		}
		d = int64(u>>1) ^ -int64(u&1) // zig-zag
		switch {
		case i == 0:
			k = d
		case order == 1:
			k += d
		default:
			delta += d
			k += delta
		}
		if k > maxExact || k < -maxExact {
			return nil, errValueRange
		}
		dst[i] = float64(k)
	}
	if q := sc.q; sc.mode == modeMul {
		if q != 1 {
			for i, v := range dst {
				dst[i] = v * q
			}
		}
	} else {
		for i, v := range dst {
			dst[i] = v / q
		}
	}
	return b[p:], nil
}

// spread moves the m values at the start of dst to the samples bitmap
// says are present (bit i for sample i), keeping their order, and sets the
// others to NaN. It works from the end: the value for sample i comes from
// at or before i, and is read before anything is written over it.
func spread(dst []float64, m int, bitmap []byte) {
	j := m
	for i := len(dst) - 1; i >= 0; i-- {
		if bitmap[i/8]&(1<<(i%8)) != 0 {
			j--
			dst[i] = dst[j]
		} else {
			dst[i] = math.NaN()
		}
	}
}

// fillNaN sets every value of dst to NaN.
func fillNaN(dst []float64) {
	for i := range dst {
		dst[i] = math.NaN()
	}
}

// growFloats returns dst resized to n values, reallocated if too small.
func growFloats(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}

// decodeSamples builds Samples from n and the column BLOBs (nil for NULL)
// of a row of the given codec. Every column of the result has n values. n
// 0 gives empty Samples.
func decodeSamples(codec, n int, blobs [numSampleColumns][]byte) (model.Samples, error) {
	var s model.Samples
	if err := decodeSamplesInto(&s, codec, n, blobs); err != nil {
		return model.Samples{}, err
	}
	return s, nil
}

// decodeSamplesInto is decodeSamples into dst: when every column of dst
// has room for n values it is decoded in place, else into new memory (one
// allocation for all columns). n 0 leaves dst's columns empty. An optional
// column (see model.Samples) whose BLOB is NULL is left empty.
func decodeSamplesInto(dst *model.Samples, codec, n int, blobs [numSampleColumns][]byte) error {
	cols := dst.Columns()
	if n <= 0 {
		for _, c := range cols {
			*c = (*c)[:0]
		}
		if n < 0 {
			return fmt.Errorf("samples: negative count %d", n)
		}
		return nil
	}
	if codec != codecLegacy && codec != codecPacked {
		return fmt.Errorf("samples: unknown codec %d (a newer backtrack wrote them?)", codec)
	}
	// want says which columns get n values.
	var want [numSampleColumns]bool
	fits, need := true, 0
	for i, c := range cols {
		want[i] = i < model.CoreSampleColumns || blobs[i] != nil
		if want[i] {
			need++
			fits = fits && cap(*c) >= n
		} else {
			*c = (*c)[:0]
		}
	}
	if !fits {
		// One allocation for all columns; each column is a full-capacity slice of it.
		backing := make([]float64, n*need)
		k := 0
		for i, c := range cols {
			if want[i] {
				*c = backing[k*n : (k+1)*n : (k+1)*n]
				k++
			}
		}
	}
	for i, c := range cols {
		if !want[i] {
			continue
		}
		var col []float64
		var err error
		switch {
		case codec == codecLegacy && i < len(legacyWidths):
			col, err = decodeColumn(*c, blobs[i], n, legacyWidths[i])
		case codec == codecLegacy:
			err = fmt.Errorf("%w: a codec 0 row with a column it never had", errCorrupt)
		default:
			col, err = decodePacked(*c, blobs[i], n)
		}
		if err != nil {
			for _, c := range cols {
				*c = (*c)[:0]
			}
			return fmt.Errorf("samples: column %s: %w", model.SampleColumns[i], err)
		}
		*c = col
	}
	return nil
}
