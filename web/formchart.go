package web

import (
	"math"

	"github.com/backtrack/backtrack/model"
)

// formCharts draws a run's running form over time, each when the run
// recorded it: ground contact time, its left/right balance, vertical
// oscillation and power (the watch's, else Stryd's). Values outside a
// believable range, such as the zeros many devices write while stopped,
// are gaps.
func formCharts(smp *model.Samples, marks []mark) []chart {
	var out []chart
	for _, c := range []struct {
		title, unit string
		cols        []int
		scale       []float64
		lo, hi      float64
	}{
		{"Ground contact time", "ms", []int{model.ColGroundContact, model.ColStrydGroundTime}, []float64{1, 1}, 120, 500},
		{"Ground contact balance (left)", "%", []int{model.ColGCTBalance}, []float64{1}, 40, 60},
		{"Vertical oscillation", "mm", []int{model.ColVerticalOscillation, model.ColStrydVerticalOscillation}, []float64{1, 10}, 20, 200},
		{"Power", "W", []int{model.ColPower, model.ColStrydPower}, []float64{1, 1}, 1, 2000},
	} {
		for k, col := range c.cols {
			if !smp.Has(col) {
				continue
			}
			if col == model.ColPower && !hasForm(smp) {
				break // a ride's power, or a run without running form: not drawn here
			}
			ys := make([]float64, smp.Len())
			for i := range ys {
				v := smp.Value(col, i) * c.scale[k]
				if !(v >= c.lo && v <= c.hi) {
					v = math.NaN()
				}
				ys[i] = v
			}
			if ch, ok := newChart(c.title, c.unit, smp.T, ys, marks); ok {
				out = append(out, ch)
			}
			break
		}
	}
	return out
}

// hasForm reports whether the samples hold any running-form column.
func hasForm(smp *model.Samples) bool {
	for c := model.CoreSampleColumns; c < model.NumSampleColumns; c++ {
		if smp.Has(c) {
			return true
		}
	}
	return false
}
