package store

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/model"
)

// asStored returns s as the store gives it back: float32 columns rounded to
// float32, empty columns as n NaNs.
func asStored(s model.Samples) model.Samples {
	var out model.Samples
	n := s.Len()
	if n == 0 {
		return out
	}
	in := s.Columns()
	for i, c := range out.Columns() {
		col := make([]float64, n)
		for j := range col {
			v := math.NaN()
			if len(*in[i]) > 0 {
				v = (*in[i])[j]
			}
			if sampleWidths[i] == 4 {
				v = float64(float32(v))
			}
			col[j] = v
		}
		*c = col
	}
	return out
}

func TestSampleRoundTrip(t *testing.T) {
	nan := math.NaN()
	withGaps := makeSamples(300)
	withGaps.Lat[5], withGaps.Lon[5] = nan, nan // GPS dropout
	withGaps.AltM[0] = nan
	withGaps.T[299] = 1e9 // float64 columns keep every bit

	noGPS := makeSamples(50)
	for i := range noGPS.Lat {
		noGPS.Lat[i], noGPS.Lon[i] = nan, nan // treadmill: columns missing throughout
	}

	nilColumns := model.Samples{T: []float64{0, 1, 2}, HR: []float64{120, nan, 122}}

	precise := model.Samples{
		T: []float64{0.001}, Lat: []float64{-33.86881234567891}, Lon: []float64{151.20929876543211},
		AltM: []float64{-412.3}, DistM: []float64{123456.789}, SpeedMPS: []float64{math.Inf(1)},
		HR: []float64{0}, CadenceSPM: []float64{-0.0}, PowerW: []float64{1e-3},
	}

	tests := []struct {
		name      string
		in        model.Samples
		wantNulls []string // columns stored as NULL
	}{
		{"none", model.Samples{}, nil},
		{"run with gaps", withGaps, []string{"power_w"}},
		{"treadmill", noGPS, []string{"lat_deg", "lon_deg", "power_w"}},
		{"nil columns", nilColumns, []string{"lat_deg", "lon_deg", "alt_m", "dist_m", "speed_mps", "cadence_spm", "power_w"}},
		{"precision and edge values", precise, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var enc sampleEncoder
			n, blobs, err := enc.encode(&tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.in.Len() {
				t.Errorf("n = %d, want %d", n, tt.in.Len())
			}
			var nulls []string
			for i, b := range blobs {
				if b == nil && n > 0 {
					nulls = append(nulls, model.SampleColumns[i])
				}
			}
			if d := cmp.Diff(tt.wantNulls, nulls); d != "" {
				t.Errorf("NULL columns (-want +got):\n%s", d)
			}
			got, err := decodeSamples(n, blobs)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(asStored(tt.in), got, cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
			for i, c := range got.Columns() {
				if len(*c) != n {
					t.Errorf("column %s has %d values, want %d", model.SampleColumns[i], len(*c), n)
				}
			}
		})
	}
}

func TestSampleFloat64KeepsNaNBits(t *testing.T) {
	payload := math.Float64frombits(0x7ff8_0000_dead_beef)
	b := encodeColumn([]float64{payload, 1}, 8)
	got, err := decodeColumn(nil, b, 2, 8)
	if err != nil {
		t.Fatal(err)
	}
	if bits := math.Float64bits(got[0]); bits != 0x7ff8_0000_dead_beef {
		t.Errorf("NaN bits %#x, want 0x7ff80000deadbeef", bits)
	}
}

func TestSampleBlobIsLittleEndian(t *testing.T) {
	// The layout is documented for users of the sqlite3 shell: pin it.
	b := encodeColumn([]float64{1.5}, 8)
	if got := binary.LittleEndian.Uint64(b); got != math.Float64bits(1.5) {
		t.Errorf("float64 bytes % x", b)
	}
	b = encodeColumn([]float64{1.5}, 4)
	if want := []byte{0x00, 0x00, 0xc0, 0x3f}; !cmp.Equal(b, want) {
		t.Errorf("float32 1.5 = % x, want % x", b, want)
	}
}

func TestSampleEncodeRejectsRaggedColumns(t *testing.T) {
	s := model.Samples{T: []float64{0, 1, 2}, HR: []float64{120, 121}}
	var enc sampleEncoder
	if _, _, err := enc.encode(&s); err == nil {
		t.Fatal("encode of a 2-value column beside 3 times succeeded")
	}
}

func TestSampleEncoderReusesBuffer(t *testing.T) {
	var enc sampleEncoder
	s := makeSamples(1000)
	if _, _, err := enc.encode(&s); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(10, func() {
		if _, _, err := enc.encode(&s); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("encode allocated %v times per call with a warm buffer, want 0", allocs)
	}
}

func TestDecodeColumnErrors(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		n, w int
	}{
		{"short float64", make([]byte, 15), 2, 8},
		{"long float32", make([]byte, 9), 2, 4},
		{"empty for one", []byte{}, 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeColumn(nil, tt.b, tt.n, tt.w); err == nil {
				t.Errorf("decodeColumn(%d bytes, n %d, width %d) succeeded", len(tt.b), tt.n, tt.w)
			}
		})
	}
	if _, err := decodeSamples(2, [numSampleColumns][]byte{make([]byte, 16), make([]byte, 3)}); err == nil {
		t.Error("decodeSamples with a 3-byte lat_deg column for 2 samples succeeded")
	}
}

// FuzzDecodeColumn checks that any BLOB either decodes or is refused, and
// that a decoded column encodes back to the same bytes (NaNs staying NaN).
func FuzzDecodeColumn(f *testing.F) {
	f.Add(encodeColumn([]float64{0, 1.5, math.NaN()}, 8), true)
	f.Add(encodeColumn([]float64{0, 1.5, math.NaN(), math.Inf(-1)}, 4), false)
	f.Add([]byte{0x01, 0x00, 0x80, 0x7f}, false) // a signalling float32 NaN
	f.Fuzz(func(t *testing.T, b []byte, wide bool) {
		w := 4
		if wide {
			w = 8
		}
		n := len(b) / w
		col, err := decodeColumn(nil, b, n, w)
		if len(b)%w != 0 {
			if err == nil {
				t.Fatalf("%d bytes decoded as %d values of %d bytes", len(b), n, w)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		back := encodeColumn(col, w)
		for i := 0; i < n; i++ {
			if math.IsNaN(col[i]) {
				continue // a float32 NaN may come back quieted
			}
			if got, want := back[i*w:(i+1)*w], b[i*w:(i+1)*w]; !cmp.Equal(got, want) {
				t.Fatalf("value %d: % x re-encoded as % x", i, want, got)
			}
		}
	})
}
