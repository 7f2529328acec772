package store

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Codec 0, the layout of schema versions 1 to 4, still read for rows
// written then: each column of model.SampleColumns is one BLOB of n
// little-endian IEEE 754 values, float64 for time and position, float32 for
// the rest; NaN marks a missing element; a nil BLOB (SQL NULL) a column
// missing throughout. New rows use codec 1 (samples.go).

// legacyWidths is the byte width of one element of each column under codec
// 0, in the order of model.SampleColumns.
var legacyWidths = [...]int{8, 8, 8, 4, 4, 4, 4, 4, 4}

// putColumn writes col into b as little-endian float64 (w 8) or float32
// (w 4) values; b is len(col)*w bytes long.
func putColumn(b []byte, col []float64, w int) {
	if w == 8 {
		for i, v := range col {
			binary.LittleEndian.PutUint64(b[i*8:], math.Float64bits(v))
		}
		return
	}
	for i, v := range col {
		binary.LittleEndian.PutUint32(b[i*4:], math.Float32bits(float32(v)))
	}
}

// encodeColumn returns col as a new column BLOB of element width w (8 or 4).
func encodeColumn(col []float64, w int) []byte {
	b := make([]byte, len(col)*w)
	putColumn(b, col, w)
	return b
}

// decodeColumn appends the n values of a column BLOB of element width w to
// dst[:0] and returns it; a nil BLOB gives n NaNs. A BLOB of the wrong
// length is an error.
func decodeColumn(dst []float64, b []byte, n, w int) ([]float64, error) {
	if b == nil {
		dst = growFloats(dst, n)
		fillNaN(dst)
		return dst, nil
	}
	if len(b) != n*w {
		return nil, fmt.Errorf("%d bytes for %d samples of %d bytes", len(b), n, w)
	}
	dst = growFloats(dst, n)
	if w == 8 {
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[i*8:]))
		}
		return dst, nil
	}
	for i := range dst {
		dst[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(b[i*4:])))
	}
	return dst, nil
}
