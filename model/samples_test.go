package model_test

import (
	"math"
	"testing"

	"github.com/backtrack/backtrack/model"
)

// TestOptionalColumns: an optional column stays empty until it gets a
// value, then holds one per sample (Missing where none was set); Append,
// Slice and Permute keep the rule, and Check enforces it.
func TestOptionalColumns(t *testing.T) {
	var s model.Samples
	for i := range 5 {
		s.Append(model.MissingSample(float64(i)))
	}
	s.Set(model.ColGroundContact, 2, math.NaN())
	if len(s.GroundContactMS) != 0 || s.Has(model.ColGroundContact) {
		t.Fatalf("setting Missing made the column: %v", s.GroundContactMS)
	}
	s.Set(model.ColGroundContact, 2, 251.3)
	if len(s.GroundContactMS) != 5 || s.GroundContactMS[2] != 251.3 || !math.IsNaN(s.GroundContactMS[0]) {
		t.Fatalf("column %v", s.GroundContactMS)
	}
	s.Append(model.MissingSample(5))
	if len(s.GroundContactMS) != 6 || len(s.StrydPowerW) != 0 {
		t.Fatalf("after Append: %d contact times, %d Stryd powers", len(s.GroundContactMS), len(s.StrydPowerW))
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if v := s.Value(model.ColStrydPower, 3); !math.IsNaN(v) {
		t.Errorf("value of an empty column %v", v)
	}
	sl := s.Slice(1, 4)
	if sl.Len() != 3 || sl.GroundContactMS[1] != 251.3 || len(sl.StrydPowerW) != 0 {
		t.Errorf("slice %+v", sl)
	}
	p := s.Permute([]int{2, 0})
	if p.Len() != 2 || p.GroundContactMS[0] != 251.3 || p.T[1] != 0 || len(p.StepLengthMM) != 0 {
		t.Errorf("permuted %+v", p)
	}
	full := s.Permute([]int{0, 1, 2, 3, 4, 5})
	full.StrydPowerW = make([]float64, 6)
	for i := range full.StrydPowerW {
		full.StrydPowerW[i] = math.NaN()
	}
	if !model.SameValues(&s, &full) {
		t.Error("a column of Missing differs from an empty one")
	}
	full.StrydPowerW = full.StrydPowerW[:3]
	if err := full.Check(); err == nil {
		t.Error("Check passed a column of the wrong length")
	}
	if len(model.SampleColumns) != model.NumSampleColumns || len(s.Columns()) != model.NumSampleColumns {
		t.Errorf("%d names, %d columns, want %d", len(model.SampleColumns), len(s.Columns()), model.NumSampleColumns)
	}
	cols := s.Columns()
	for c := range model.NumSampleColumns {
		col := s.Column(c)
		if len(col) != len(*cols[c]) || len(col) > 0 && &col[0] != &(*cols[c])[0] {
			t.Errorf("Column(%d) is not Columns()[%d]", c, c)
		}
	}
}
