package importers

import (
	"bytes"
	"math"
	"testing"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

// TestFormCases decodes each structural case of running form (native
// running dynamics from a strap and a wrist, Stryd's developer fields under
// each application ID, an index re-declared for Stryd in either byte
// order, the all-zero ID, Coros' creator index 255) and compares every
// running-form value, bit for bit, and the recording device.
func TestFormCases(t *testing.T) {
	for _, c := range synth.FormCases() {
		t.Run(c.Name, func(t *testing.T) {
			b, err := c.FIT()
			if err != nil {
				t.Fatal(err)
			}
			res, err := DecodeFIT(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Sessions) != 1 || len(res.Warnings) != 0 {
				t.Fatalf("%d sessions, warnings %q", len(res.Sessions), res.Warnings)
			}
			got := res.Sessions[0]
			if got.Recorder != c.Want.Recorder {
				t.Errorf("recorder %+v, want %+v", got.Recorder, c.Want.Recorder)
			}
			if err := got.Samples.Check(); err != nil {
				t.Fatal(err)
			}
			if got.Samples.Len() != c.Want.Samples.Len() {
				t.Fatalf("%d samples, want %d", got.Samples.Len(), c.Want.Samples.Len())
			}
			for col := model.ColPower; col < model.NumSampleColumns; col++ {
				if g, w := got.Samples.Has(col), c.Want.Samples.Has(col); g != w || (col > model.ColPower && g != (len(got.Samples.Column(col)) > 0)) {
					t.Errorf("column %s present %v, want %v", model.SampleColumns[col], g, w)
					continue
				}
				for i := 0; i < got.Samples.Len(); i++ {
					g, w := got.Samples.Value(col, i), c.Want.Samples.Value(col, i)
					if math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
						t.Errorf("%s[%d] = %v, want %v", model.SampleColumns[col], i, g, w)
						break
					}
				}
			}
		})
	}
}

// TestFormCaseReproducesStaleDescription checks that the re-declared-index
// case does reproduce muktihari's stale developer-field description (so
// that TestFormCases tests the workaround): decoded plainly, Stryd's uint16
// Power comes out as a float32 of its padded bytes.
func TestFormCaseReproducesStaleDescription(t *testing.T) {
	for _, c := range synth.FormCases() {
		if !c.Options.ReuseIndex {
			continue
		}
		b, err := c.FIT()
		if err != nil {
			t.Fatal(err)
		}
		stale := 0
		dec := decoder.New(bytes.NewReader(b))
		for dec.Next() {
			fit, err := dec.Decode()
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range fit.Messages {
				for _, df := range m.DeveloperFields {
					if m.Num == mesgnum.Record && df.Num == 0 && df.Value.Type() == proto.TypeFloat32 &&
						math.Float32bits(df.Value.Float32())>>16 == 0 && df.Value.Float32() != 0 {
						stale++
					}
				}
			}
		}
		if stale < 100 {
			t.Errorf("%s: %d Stryd Power values decoded with the stale float32 description, want hundreds", c.Name, stale)
		}
	}
}

// TestSyntheticAthleteFormRoundTrip writes the synthetic runner's runs as
// her export does and decodes them: the recording device and every
// running-form value come back exactly.
func TestSyntheticAthleteFormRoundTrip(t *testing.T) {
	a := synth.Generate(synth.Config{Seed: 4, Months: 1})
	runs, stryd := 0, 0
	for _, s := range a.Sessions {
		if s.Sport != model.Running {
			continue
		}
		runs++
		var buf bytes.Buffer
		if err := synth.WriteFIT(&buf, s, synth.FITOptions{Manufacturer: "garmin", FractionalCadence: synth.IsFractionalRun(runs)}); err != nil {
			t.Fatal(err)
		}
		res, err := DecodeFIT(&buf)
		if err != nil {
			t.Fatal(err)
		}
		got := res.Sessions[0]
		if got.Recorder != s.Recorder {
			t.Errorf("run %d: recorder %+v, want %+v", runs, got.Recorder, s.Recorder)
		}
		if s.Samples.Has(model.ColStrydPower) {
			stryd++
		}
		for c := model.CoreSampleColumns; c < model.NumSampleColumns; c++ {
			if len(got.Samples.Column(c)) != len(s.Samples.Column(c)) {
				t.Errorf("run %d: column %s has %d values, want %d", runs, model.SampleColumns[c], len(got.Samples.Column(c)), len(s.Samples.Column(c)))
				continue
			}
			for i, w := range s.Samples.Column(c) {
				if g := got.Samples.Column(c)[i]; math.Float64bits(g) != math.Float64bits(w) && !(math.IsNaN(g) && math.IsNaN(w)) {
					t.Errorf("run %d: %s[%d] = %v, want %v", runs, model.SampleColumns[c], i, g, w)
					break
				}
			}
		}
	}
	if runs == 0 || stryd == 0 {
		t.Errorf("%d runs, %d with Stryd: the test needs both", runs, stryd)
	}
}

// TestValueBits: a developer field's bytes come back whatever type the
// decoder read them as: a scalar of the declared size, or an array when
// the field is longer than its declared type (the elements joined in the
// file's byte order); a value of the wrong size, or longer than 8 bytes, is
// not a number.
func TestValueBits(t *testing.T) {
	tests := []struct {
		name string
		v    proto.Value
		size int
		arch byte
		want uint64
		ok   bool
	}{
		{"uint16", proto.Uint16(0x1234), 2, 0, 0x1234, true},
		{"uint16 read as one byte", proto.Uint16(0x1234), 1, 0, 0x34, true},
		{"uint8 too short for its size", proto.Uint8(7), 2, 0, 0, false},
		{"two bytes, little-endian", proto.SliceUint8([]uint8{0x34, 0x12}), 2, 0, 0x1234, true},
		{"two bytes, big-endian", proto.SliceUint8([]uint8{0x12, 0x34}), 2, 1, 0x1234, true},
		{"signed bytes keep their bits", proto.SliceInt8([]int8{-1, 0}), 2, 0, 0x00ff, true},
		{"two uint16, little-endian", proto.SliceUint16([]uint16{0x5678, 0x1234}), 4, 0, 0x12345678, true},
		{"two int16, big-endian", proto.SliceInt16([]int16{0x1234, -2}), 4, 1, 0x1234fffe, true},
		{"two uint32", proto.SliceUint32([]uint32{1, 2}), 8, 0, 2<<32 | 1, true},
		{"two int32, big-endian", proto.SliceInt32([]int32{-1, 1}), 8, 1, 0xffffffff00000001, true},
		{"two float32", proto.SliceFloat32([]float32{1, 0}), 8, 0, uint64(math.Float32bits(1)), true},
		{"three bytes for a size of 2", proto.SliceUint8([]uint8{1, 2, 3}), 2, 0, 0, false},
		{"nine bytes", proto.SliceUint8(make([]uint8, 9)), 9, 0, 0, false},
		{"a string", proto.String("x"), 1, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := valueBits(tc.v, tc.size, tc.arch)
			if ok != tc.ok || ok && got != tc.want {
				t.Errorf("valueBits = %#x, %v; want %#x, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
