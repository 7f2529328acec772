package store

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/model"
)

// asStored returns s as the store gives it back: every value exactly, empty
// columns as n NaNs.
func asStored(s model.Samples) model.Samples {
	var out model.Samples
	n := s.Len()
	if n == 0 {
		return out
	}
	in := s.Columns()
	for i, c := range out.Columns() {
		if i >= model.CoreSampleColumns && !s.Has(i) {
			continue // an optional column without a value is stored as none
		}
		col := make([]float64, n)
		for j := range col {
			col[j] = math.NaN()
			if len(*in[i]) > 0 {
				col[j] = (*in[i])[j]
			}
		}
		*c = col
	}
	return out
}

// formRun returns watchRun(n) with the running-form columns as a FIT
// decoder gives them: native fields as raw/scale (zeros while stopped, a
// sensor that drops out), Stryd's as raw integers and float32s, and an
// impact loading rate column that is Missing throughout.
func formRun(n int) model.Samples {
	s := watchRun(n)
	for i := 0; i < n; i++ {
		if i%40 == 7 {
			continue // no running dynamics in this record
		}
		stopped := i < 5
		gct, bal, vo, vr, step := 2400+i%300, 4800+i%400, 800+i%97, 700+i%300, 10500+i%900
		if stopped {
			gct, bal, vo, vr, step = 0, 0, 0, 0, 0
		}
		s.Set(model.ColGroundContact, i, float64(gct)/10)
		s.Set(model.ColGCTBalance, i, float64(bal)/100)
		s.Set(model.ColVerticalOscillation, i, float64(vo)/10)
		s.Set(model.ColVerticalRatio, i, float64(vr)/100)
		s.Set(model.ColStepLength, i, float64(step)/10)
		s.Set(model.ColStrydPower, i, float64(200+i%90))
		s.Set(model.ColStrydFormPower, i, float64(60+i%20))
		s.Set(model.ColStrydAirPower, i, float64(i%3))
		s.Set(model.ColStrydLSS, i, float64(float32(9.5+float64(i%100)/37)))
		s.Set(model.ColStrydGroundTime, i, float64(250+i%40))
		s.Set(model.ColStrydVerticalOscillation, i, float64(6+i%16)/8)
		s.Set(model.ColStrydILR, i, math.NaN())
	}
	return s
}

// watchRun returns n samples as a watch's FIT file gives them: whole
// seconds, semicircle positions, altitude in fifths of a metre, distance
// in centimetres, speed in mm/s, cadence with 1/128 fractions.
func watchRun(n int) model.Samples {
	var s model.Samples
	for i := 0; i < n; i++ {
		x := model.MissingSample(float64(i))
		x.Lat = float64(613_000_000+i*37) * semicircleDeg
		x.Lon = float64(101_000_000-i*21) * semicircleDeg
		x.AltM = (float64(2500+2040+i%17) - 2500) / 5
		x.DistM = float64(i*287) / 100
		x.SpeedMPS = float64(2870+i%40) / 1000
		x.HR = float64(140 + i%20)
		x.CadenceSPM = 2 * (86 + float64(i%7)/128)
		if i%50 == 3 {
			x.HR = math.NaN() // strap dropout
		}
		s.Append(x)
	}
	return s
}

// gpxRun returns n samples as a GPX file gives them: decimal degrees of 7
// places, elevation of 1 place, millisecond times.
func gpxRun(n int) model.Samples {
	var s model.Samples
	for i := 0; i < n; i++ {
		x := model.MissingSample(float64(i*1001) / 1000)
		x.Lat = float64(514_881_230+i*41) / 1e7
		x.Lon = float64(-1_234_567+i*13) / 1e7
		x.AltM = float64(1031+i%9) / 10
		s.Append(x)
	}
	return s
}

// TestSampleColumnCount checks that the store knows every column of the
// model: the codecs index arrays of numSampleColumns by column.
func TestSampleColumnCount(t *testing.T) {
	if n := len(model.SampleColumns); n != numSampleColumns {
		t.Fatalf("model.SampleColumns has %d columns, the store knows %d", n, numSampleColumns)
	}
	if n := len((&model.Samples{}).Columns()); n != numSampleColumns {
		t.Fatalf("model.Samples.Columns returns %d columns, the store knows %d", n, numSampleColumns)
	}
}

// encodeT encodes s with a new encoder or fails the test.
func encodeT(t *testing.T, s *model.Samples) (int, [numSampleColumns][]byte) {
	t.Helper()
	var enc sampleEncoder
	n, blobs, err := enc.encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return n, blobs
}

func TestSampleRoundTrip(t *testing.T) {
	nan := math.NaN()
	negZero := math.Copysign(0, -1)
	withGaps := makeSamples(300)
	withGaps.Lat[5], withGaps.Lon[5] = nan, nan // GPS dropout
	withGaps.AltM[0] = nan
	withGaps.T[299] = 1e9

	noGPS := makeSamples(50)
	for i := range noGPS.Lat {
		noGPS.Lat[i], noGPS.Lon[i] = nan, nan // treadmill: columns missing throughout
	}

	nilColumns := model.Samples{T: []float64{0, 1, 2}, HR: []float64{120, nan, 122}}

	precise := model.Samples{
		T: []float64{0.001}, Lat: []float64{-33.86881234567891}, Lon: []float64{151.20929876543211},
		AltM: []float64{-412.3}, DistM: []float64{123456.789}, SpeedMPS: []float64{math.Inf(1)},
		HR: []float64{0}, CadenceSPM: []float64{negZero}, PowerW: []float64{1e-3},
	}
	odd := model.Samples{
		T:          []float64{0, 1e300, -1e-300, math.MaxFloat64, 1 << 53, 1<<53 + 2, math.SmallestNonzeroFloat64},
		Lat:        []float64{nan, nan, nan, 0x1p-1074, nan, nan, 1},
		Lon:        []float64{negZero, 0, 1e-9, -1e-9, 9e-10, 1e15, -1e15},
		AltM:       []float64{0.5, 0.25, 0.125, 0x1p-40, 0x1p-41, 3, 4},
		DistM:      []float64{1e16, 1, 2, 3, 4, 5, 6},
		SpeedMPS:   []float64{math.Inf(-1), nan, 1, 2, 3, 4, 5},
		HR:         []float64{nan, nan, nan, nan, nan, nan, 60},
		CadenceSPM: []float64{1, 2, 4, 8, 16, 32, 64},
		PowerW:     []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7},
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
		{"odd values", odd, nil},
		{"watch", watchRun(3000), []string{"power_w"}},
		{"running dynamics", formRun(3000), []string{"power_w"}},
		{"gpx", gpxRun(3000), []string{"dist_m", "speed_mps", "hr_bpm", "cadence_spm", "power_w"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, blobs := encodeT(t, &tt.in)
			if n != tt.in.Len() {
				t.Errorf("n = %d, want %d", n, tt.in.Len())
			}
			var nulls []string
			for i, b := range blobs {
				if b == nil && n > 0 && (i < model.CoreSampleColumns || len(tt.in.Column(i)) > 0) {
					nulls = append(nulls, model.SampleColumns[i])
				}
			}
			if d := cmp.Diff(tt.wantNulls, nulls); d != "" {
				t.Errorf("NULL columns (-want +got):\n%s", d)
			}
			got, err := decodeSamples(codecPacked, n, blobs)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(asStored(tt.in), got, cmpopts.EquateNaNs(), cmpopts.EquateEmpty()); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
			// Exactly, bit for bit (cmp's float equality takes -0 for 0).
			want := asStored(tt.in)
			wc, gc := want.Columns(), got.Columns()
			for c := range gc {
				if len(*gc[c]) != len(*wc[c]) {
					t.Errorf("column %s has %d values, want %d", model.SampleColumns[c], len(*gc[c]), len(*wc[c]))
					continue
				}
				for i, v := range *gc[c] {
					if w := (*wc[c])[i]; !math.IsNaN(w) && math.Float64bits(v) != math.Float64bits(w) && !(v == 0 && w == 0) {
						t.Errorf("%s[%d] = %v, want %v", model.SampleColumns[c], i, v, w)
					}
				}
			}
		})
	}
}

// TestSampleColumnsAreCompact pins the point of codec 1: a watch's or a
// GPX file's values take a few bytes a sample, not the 8 of a float.
func TestSampleColumnsAreCompact(t *testing.T) {
	tests := []struct {
		name     string
		in       model.Samples
		maxBytes float64 // per sample, all columns together
		kinds    string  // the kind byte of each stored column
	}{
		{"watch", watchRun(3600), 12, "QQQQQQQQ"},
		// Running dynamics are tenths and hundredths, Stryd's values
		// integers and float32s (binary fractions): every one quantised.
		{"running dynamics", formRun(3600), 40, "QQQQQQQQ" + "QQQQQ" + "QQQQQQ"},
		{"gpx", gpxRun(3600), 7, "QQQQ"},
		// Computed floats (47.3769 + i·1e-5) fit no scale exactly and stay
		// raw: the codec never rounds.
		{"generated floats", makeSamples(3600), 45, "QFFFFFQQ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, blobs := encodeT(t, &tt.in)
			size, kinds := 0, ""
			for _, b := range blobs {
				if b != nil {
					size += len(b)
					kinds += string(b[0])
				}
			}
			if per := float64(size) / float64(n); per > tt.maxBytes {
				t.Errorf("%.1f bytes a sample, want at most %v", per, tt.maxBytes)
			}
			if kinds != tt.kinds {
				t.Errorf("column kinds %q, want %q", kinds, tt.kinds)
			}
		})
	}
}

// TestSampleColumnLayout pins codec 1's bytes, which store/samples.go
// documents for programs reading the BLOBs themselves.
func TestSampleColumnLayout(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		col  []float64
		want []byte
	}{
		{"whole numbers, order 2", []float64{0, 100, 200, 300, 400}, []byte{
			'Q', 'm', 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, // × 1.0
			2, 5, // order 2, 5 present
			0, 0xc8, 1, 0, 0, 0}}, // 0, +100, then no change in the step
		{"tenths with a gap, order 1", []float64{10.5, nan, 10.2, 10.3}, []byte{
			'Q', 'd', 0, 0, 0, 0, 0, 0, 0x24, 0x40, // ÷ 10.0
			1, 3, // order 1, 3 present
			0b1101,  // samples 0, 2 and 3 present
			0xd2, 1, // 105
			5, 2}}, // −3, +1
		{"infinity stays raw", []float64{math.Inf(1)}, []byte{'F', 0, 0, 0, 0, 0, 0, 0xf0, 0x7f}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var enc sampleEncoder
			got := enc.appendColumn(nil, tt.col, false)
			if !cmp.Equal(got, tt.want) {
				t.Errorf("% x\nwant % x", got, tt.want)
			}
		})
	}
}

func TestSamplePositionsTakeSemicircles(t *testing.T) {
	col := []float64{float64(613_000_001) * semicircleDeg, float64(613_000_038) * semicircleDeg}
	var enc sampleEncoder
	b := enc.appendColumn(nil, col, true)
	if b[0] != kindQuant || b[1] != modeMul || scaleOf(b) != semicircleDeg {
		t.Errorf("header % x, want a semicircle scale", b[:10])
	}
	// Elsewhere the same values take the finer binary scale 2^-29 (a
	// semicircle is 45·2^-29 degrees): exact too, but larger integers.
	if b := enc.appendColumn(nil, col, false); b[0] != kindQuant || scaleOf(b) != 0x1p-29 {
		t.Errorf("a column that is not a position: header % x", b[:10])
	}
}

// scaleOf returns the scale q of a quantised column BLOB.
func scaleOf(b []byte) float64 {
	return math.Float64frombits(binary.LittleEndian.Uint64(b[2:]))
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
	s := watchRun(1000)
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

func TestLegacyColumnsStillRead(t *testing.T) {
	s := makeSamples(100)
	var blobs [numSampleColumns][]byte
	for i, c := range s.Columns() {
		if !allNaN(*c) {
			blobs[i] = encodeColumn(*c, legacyWidths[i])
		}
	}
	got, err := decodeSamples(codecLegacy, 100, blobs)
	if err != nil {
		t.Fatal(err)
	}
	if got.T[99] != 99 || got.Lat[1] != s.Lat[1] || got.AltM[7] != float64(float32(s.AltM[7])) || !math.IsNaN(got.PowerW[0]) {
		t.Errorf("legacy decode: t %v lat %v alt %v power %v", got.T[99], got.Lat[1], got.AltM[7], got.PowerW[0])
	}
	if _, err := decodeSamples(7, 100, blobs); err == nil {
		t.Error("an unknown codec decoded")
	}
}

func TestDecodeColumnErrors(t *testing.T) {
	var enc sampleEncoder
	good := enc.appendColumn(nil, []float64{1, math.NaN(), 3, 4}, false)
	tests := []struct {
		name string
		b    []byte
		n    int
	}{
		{"empty", []byte{}, 1},
		{"unknown kind", []byte{'X', 0}, 1},
		{"short raw", []byte{'F', 0, 0, 0}, 1},
		{"long raw", append([]byte{'F'}, make([]byte, 16)...), 1},
		{"short header", good[:9], 4},
		{"bad mode", append([]byte{'Q', 'x'}, good[2:]...), 4},
		{"zero scale", append(append([]byte{'Q', 'm'}, make([]byte, 8)...), good[10:]...), 4},
		{"bad order", append(append([]byte{}, good[:10]...), append([]byte{3}, good[11:]...)...), 4},
		{"more present than samples", good, 2},
		{"bitmap count wrong", append(append([]byte{}, good[:12]...), append([]byte{0b1111}, good[13:]...)...), 4},
		{"values cut short", good[:len(good)-1], 4},
		{"bytes left over", append(append([]byte{}, good...), 0), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodePacked(nil, tt.b, tt.n); err == nil {
				t.Errorf("decodePacked(% x, n %d) succeeded", tt.b, tt.n)
			}
		})
	}
	if got, err := decodePacked(nil, good, 4); err != nil || got[0] != 1 || !math.IsNaN(got[1]) || got[3] != 4 {
		t.Errorf("the good column: %v, %v", got, err)
	}
	if _, err := decodeColumn(nil, make([]byte, 15), 2, 8); err == nil {
		t.Error("a 15-byte legacy float64 column of 2 decoded")
	}
	if _, err := decodeSamples(codecPacked, 2, [numSampleColumns][]byte{nil, {'F', 1}}); err == nil {
		t.Error("decodeSamples with a 2-byte lat_deg column for 2 samples succeeded")
	}
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

// FuzzDecodeColumn checks that any BLOB either decodes or is refused, and
// that a decoded column encodes back to the same values, bit for bit.
func FuzzDecodeColumn(f *testing.F) {
	var enc sampleEncoder
	for _, col := range [][]float64{
		{0, 1.5, math.NaN()}, {1, 2, 3, 5, 8}, {0.1, 0.2, math.NaN(), 0.4},
		{math.Inf(1), 0}, {float64(613_000_001) * semicircleDeg},
	} {
		f.Add(append([]byte(nil), enc.appendColumn(nil, col, true)...), uint16(len(col)))
	}
	f.Add([]byte{'Q', 'd', 0, 0, 0, 0, 0, 0, 0x24, 0x40, 2, 1, 0x80}, uint16(1))
	f.Fuzz(func(t *testing.T, b []byte, n16 uint16) {
		n := int(n16)
		col, err := decodePacked(nil, b, n)
		if err != nil {
			return
		}
		if len(col) != n {
			t.Fatalf("%d values for n %d", len(col), n)
		}
		var enc sampleEncoder
		back, err := decodePacked(nil, enc.appendColumn(nil, col, true), n)
		if err != nil {
			if allNaN(col) {
				return // an all-missing column is stored as NULL
			}
			t.Fatalf("re-encoded column does not decode: %v", err)
		}
		for i := range col {
			if math.IsNaN(col[i]) != math.IsNaN(back[i]) || !math.IsNaN(col[i]) && col[i] != back[i] {
				t.Fatalf("value %d: %v came back as %v", i, col[i], back[i])
			}
		}
	})
}

// BenchmarkEncodeWatchRun encodes an hour of a watch's samples (every
// column quantised), the common case of a batch import's packing.
func BenchmarkEncodeWatchRun(b *testing.B) {
	s := watchRun(3600)
	var enc sampleEncoder
	b.SetBytes(int64(s.Len() * numSampleColumns * 8))
	for b.Loop() {
		if _, _, err := enc.encode(&s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeWatchRun decodes an hour of a watch's samples, every
// column of it (the report reads hundreds of runs).
func BenchmarkDecodeWatchRun(b *testing.B) {
	s := watchRun(3600)
	var enc sampleEncoder
	n, blobs, err := enc.encode(&s)
	if err != nil {
		b.Fatal(err)
	}
	var dst model.Samples
	b.SetBytes(int64(s.Len() * numSampleColumns * 8))
	for b.Loop() {
		if err := decodeSamplesInto(&dst, codecPacked, n, blobs); err != nil {
			b.Fatal(err)
		}
	}
}

// decodePackedRef is the plain decoder of a quantised column's values, one
// varint at a time (binary.Varint) and one scaled value at a time: what
// decodeDense and spread must give, bit for bit.
func decodePackedRef(b []byte, n int) ([]float64, error) {
	if len(b) < 11 || b[0] != kindQuant {
		return decodePacked(nil, b, n)
	}
	sc := scale{mode: b[1], q: math.Float64frombits(binary.LittleEndian.Uint64(b[2:]))}
	order := b[10]
	rest := b[11:]
	p, w := binary.Uvarint(rest)
	if w <= 0 || p > uint64(n) || p == 0 || sc.mode != modeMul && sc.mode != modeDiv || order != 1 && order != 2 {
		return decodePacked(nil, b, n) // the header's errors
	}
	rest = rest[w:]
	var bitmap []byte
	if int(p) < n {
		size := (n + 7) / 8
		if len(rest) < size {
			return decodePacked(nil, b, n)
		}
		bitmap, rest = rest[:size], rest[size:]
	}
	dst := make([]float64, n)
	var k, delta int64
	j := 0
	for i := range dst {
		if bitmap != nil && bitmap[i/8]&(1<<(i%8)) == 0 {
			dst[i] = math.NaN()
			continue
		}
		d, w := binary.Varint(rest)
		if w <= 0 {
			return nil, errValuesEnd
		}
		rest = rest[w:]
		switch {
		case j == 0:
			k = d
		case order == 1:
			k += d
		default:
			delta += d
			k += delta
		}
		j++
		if k > maxExact || k < -maxExact {
			return nil, errValueRange
		}
		dst[i] = sc.value(float64(k))
	}
	if len(rest) != 0 {
		return nil, errCorrupt
	}
	return dst, nil
}

// TestDecodePackedMatchesPlain checks the decoder against decodePackedRef
// on columns of every scale, delta order and share of missing values, and
// on damaged copies of them: the same values bit for bit, or both refused.
func TestDecodePackedMatchesPlain(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	var enc sampleEncoder
	same := func(what string, b []byte, n int) {
		t.Helper()
		want, werr := decodePackedRef(b, n)
		got, gerr := decodePacked(make([]float64, 3), b, n)
		if (werr == nil) != (gerr == nil) {
			t.Fatalf("%s: plain decoder error %v, decoder error %v", what, werr, gerr)
		}
		for i := range want {
			if math.Float64bits(want[i]) != math.Float64bits(got[i]) {
				t.Fatalf("%s: value %d is %v, want %v", what, i, got[i], want[i])
			}
		}
	}
	for trial := range 400 {
		n := 1 + rng.IntN(300)
		col := make([]float64, n)
		v := rng.Float64() * 1000
		missing := []float64{0, 0, 0.02, 0.5}[trial%4]
		step := []float64{1, 0.2, 0.01, 1.0 / 128, 0.001}[trial%5]
		for i := range col {
			v += step * float64(rng.IntN(2000)-1000)
			if trial%7 == 0 {
				v += step * float64(i) // a smooth trend: delta order 2
			}
			col[i] = math.Round(v/step) * step
			if rng.Float64() < missing {
				col[i] = math.NaN()
			}
		}
		b := enc.appendColumn(nil, col, trial%3 == 0)
		if len(b) == 0 {
			continue
		}
		same(fmt.Sprintf("trial %d", trial), b, n)
		// Damaged copies: cut short, a byte flipped, a byte too many.
		same(fmt.Sprintf("trial %d cut", trial), b[:len(b)-1-rng.IntN(len(b)/2+1)], n)
		flipped := append([]byte(nil), b...)
		flipped[11+rng.IntN(max(1, len(b)-11))%len(b)] ^= byte(1 + rng.IntN(255))
		same(fmt.Sprintf("trial %d flipped", trial), flipped, n)
		same(fmt.Sprintf("trial %d long", trial), append(append([]byte(nil), b...), 1), n)
	}
}
