package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestZ95: the constant is the quantile gonum computes, to the last bit.
func TestZ95(t *testing.T) {
	if got := distuv.UnitNormal.Quantile(0.975); math.Float64bits(got) != math.Float64bits(z95) {
		t.Errorf("z95 = %v, want distuv.UnitNormal.Quantile(0.975) = %v", z95, got)
	}
}

func TestHysteresis(t *testing.T) {
	tests := []struct {
		name      string
		g         []float64
		h         float64
		asc, desc float64
	}{
		{"one climb", []float64{10, 12, 15, 20, 20}, 3, 10, 0},
		{"wiggles under h", []float64{10, 12, 10, 12.9, 10, 12}, 3, 0, 0},
		{"up down up", []float64{0, 5, 10, 6, 2, 8, 9}, 3, 17, 8},
		{"dip first", []float64{10, 8, 13, 9}, 3, 5, 4},
		{"descent", []float64{100, 90, 80, 81, 70}, 3, 0, 30},
		{"last rise under h", []float64{0, 10, 0, 2}, 3, 10, 10},
		{"empty", nil, 3, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asc, desc := hysteresis(tt.g, tt.h)
			if asc != tt.asc || desc != tt.desc {
				t.Errorf("hysteresis = %v up, %v down; want %v, %v", asc, desc, tt.asc, tt.desc)
			}
		})
	}
}

func TestWeightedMedian(t *testing.T) {
	tests := []struct {
		name string
		v, w []float64
		want float64
	}{
		{"odd", []float64{3, 1, 2}, []float64{1, 1, 1}, 2},
		// The top block has no neighbour above: no quantum to read it over.
		{"weights", []float64{1, 2, 3}, []float64{1, 1, 5}, 3},
		// Half of 8 falls 2/5 into the block of 3, read as 2.5–3.5.
		{"weights between", []float64{1, 2, 3, 4}, []float64{1, 1, 5, 1}, 2.9},
		{"continuous", []float64{1.37, 2.11, 2.5, 9.03}, []float64{1, 1, 5, 1}, 2.5 - 0.195 + 0.4*0.39},
		{"two values", []float64{170, 172}, []float64{1, 1}, 170},
		// 170 ×4, 172 ×5, 174 ×1 (quantum 2): half of 10 falls 1/5 into
		// the 172 block, read as spread over 171–173: 171.4.
		{"grouped", []float64{170, 170, 170, 170, 172, 172, 172, 172, 172, 174}, ones(10), 171.4},
		{"empty", nil, nil, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x weighted
			for i := range tt.v {
				x.add(tt.v[i], tt.w[i])
			}
			got := x.median()
			if !(math.Abs(got-tt.want) < 1e-9 || math.IsNaN(got) && math.IsNaN(tt.want)) {
				t.Errorf("median = %v, want %v", got, tt.want)
			}
		})
	}
}

func ones(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1
	}
	return out
}

// TestQuickMedian compares the selection with a sort.
func TestQuickMedian(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 1; n < 300; n++ {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.IntN(20)) // many ties
		}
		s := slices.Clone(v)
		slices.Sort(s)
		want := s[n/2]
		if n%2 == 0 {
			want = (s[n/2-1] + s[n/2]) / 2
		}
		if got := quickMedian(v); got != want {
			t.Fatalf("n=%d: quickMedian = %v, want %v", n, got, want)
		}
	}
}

func TestMedianFilterEnds(t *testing.T) {
	xs := []float64{0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33}
	as := []float64{50, 140, 140, 140, 51, 51, 52, 52, 53, 53, 54, 54}
	got := medianFilter(xs, as, 9)
	for i, v := range got {
		if v > 60 {
			t.Errorf("sample %d still %v after the filter: %v", i, v, got)
		}
	}
}
