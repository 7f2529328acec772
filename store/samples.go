package store

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/backtrack/backtrack/model"
)

// The on-disk layout of session_samples, in one place. Each column of
// model.SampleColumns is one BLOB of n little-endian IEEE 754 values: float64
// for time and position (where float32 would lose metres), float32 for the
// rest (ample for altitude, distance to a centimetre over 100 km, speed,
// heart rate, cadence and power). NaN marks a missing element; a nil BLOB
// (SQL NULL) a column missing throughout.

// sampleWidths is the byte width of one element of each column, in the order
// of model.SampleColumns.
var sampleWidths = [...]int{8, 8, 8, 4, 4, 4, 4, 4, 4}

// numSampleColumns is the number of sample columns.
const numSampleColumns = len(sampleWidths)

func init() {
	if len(model.SampleColumns) != numSampleColumns {
		panic(fmt.Sprintf("store: model.SampleColumns has %d columns, the store knows %d", len(model.SampleColumns), numSampleColumns))
	}
}

// sampleEncoder turns samples into column BLOBs, reusing one buffer between
// calls. It is not safe for concurrent use.
type sampleEncoder struct {
	buf []byte
}

// encode returns the number of samples and one BLOB per column, nil for a
// column that is empty or NaN throughout. The BLOBs share the encoder's
// buffer: they are valid until the next call. A column whose length is
// neither 0 nor len(s.T) is an error.
func (e *sampleEncoder) encode(s *model.Samples) (int, [numSampleColumns][]byte, error) {
	var out [numSampleColumns][]byte
	n := s.Len()
	cols := s.Columns()
	size := 0
	for i, c := range cols {
		if len(*c) != n && len(*c) != 0 {
			return 0, out, fmt.Errorf("samples: column %s has %d values, want %d", model.SampleColumns[i], len(*c), n)
		}
		size += n * sampleWidths[i]
	}
	if n == 0 {
		return 0, out, nil
	}
	if cap(e.buf) < size {
		e.buf = make([]byte, size)
	}
	buf := e.buf[:size]
	off := 0
	for i, c := range cols {
		col := *c
		if len(col) == 0 || allNaN(col) {
			continue
		}
		w := sampleWidths[i]
		b := buf[off : off+n*w : off+n*w]
		off += n * w
		putColumn(b, col, w)
		out[i] = b
	}
	return n, out, nil
}

// allNaN reports whether every value of col is NaN.
func allNaN(col []float64) bool {
	for _, v := range col {
		if !math.IsNaN(v) {
			return false
		}
	}
	return true
}

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
		for i := range dst {
			dst[i] = math.NaN()
		}
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

// growFloats returns dst resized to n values, reallocated if too small.
func growFloats(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}

// decodeSamples builds Samples from n and the column BLOBs (nil for NULL).
// Every column of the result has n values. n 0 gives empty Samples.
func decodeSamples(n int, blobs [numSampleColumns][]byte) (model.Samples, error) {
	var s model.Samples
	if err := decodeSamplesInto(&s, n, blobs); err != nil {
		return model.Samples{}, err
	}
	return s, nil
}

// decodeSamplesInto is decodeSamples into dst: when every column of dst
// has room for n values it is decoded in place, else into new memory (one
// allocation for all columns). n 0 leaves dst's columns empty.
func decodeSamplesInto(dst *model.Samples, n int, blobs [numSampleColumns][]byte) error {
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
	fits := true
	for _, c := range cols {
		fits = fits && cap(*c) >= n
	}
	if !fits {
		// One allocation for all columns; each column is a full-capacity slice of it.
		backing := make([]float64, n*numSampleColumns)
		for i, c := range cols {
			*c = backing[i*n : (i+1)*n : (i+1)*n]
		}
	}
	for i, c := range cols {
		col, err := decodeColumn(*c, blobs[i], n, sampleWidths[i])
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
