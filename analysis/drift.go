package analysis

import (
	"math"

	"github.com/backtrack/backtrack/model"
)

// The drift definitions.
const (
	// MinDriftMovingS is the least moving time, in seconds, of a run with a
	// cadence drift (20 minutes).
	MinDriftMovingS = 20 * 60
	// The spans compared, as fractions of the moving time: early is
	// (0.10, 0.50], late (0.75, 1].
	earlyFrom, earlyTo = 0.10, 0.50
	lateFrom           = 0.75
	// stillSpeedMPS and stillCadenceSPM: a sample at or under either is
	// standing (walking is about 1.3 m/s and 100 steps/min).
	stillSpeedMPS   = 0.3
	stillCadenceSPM = 30.0
	// minGapS is the least gap between records, in seconds, that is a pause
	// (longer gaps are pauses unless the distance kept growing at a walk).
	minGapS = 10.0
	// minCoverage is the least share of each span that must have cadence.
	minCoverage = 0.5
)

// Drift computes a run's moving time, cadence drift and speed change from
// its samples.
//
// Each sample after the first stands for the interval since the previous
// one. The interval is moving time unless the sample is standing (speed at
// most 0.3 m/s, or cadence at most 30 steps/min: a value the device did not
// record does not vote) or the interval is a gap in the records (longer than
// max(10 s, 3 × the usual interval) without the distance growing at 0.5 m/s
// or more: an auto-pause). A speed column that never exceeds 0.3 m/s
// (some treadmill recordings) is ignored.
//
// The medians are weighted by each interval's length, and read between the
// recorded values when those are quantised (cadence in whole strides per
// minute is 2 steps/min apart): the median of grouped data.
func Drift(smp *model.Samples) model.DriftMetrics {
	d := model.UnknownDrift()
	mv := movingTime(smp)
	if mv == nil {
		return d
	}
	n := smp.Len()
	speed, cad, dist, moving, total := mv.speed, mv.cad, mv.dist, mv.dt, mv.total
	d.MovingS = total
	if total < MinDriftMovingS || cad == nil {
		return d
	}

	// Pass 2: the values in each span, weighted by their interval.
	early, earlySpeed := newWeighted(n*2/5+8), newWeighted(n*2/5+8)
	late, lateSpeed := newWeighted(n/4+8), newWeighted(n/4+8)
	tau := 0.0
	for i := 1; i < n; i++ {
		dt := moving[i]
		if dt == 0 {
			continue
		}
		mid := (tau + dt/2) / total
		tau += dt
		var c, s *weighted
		switch {
		case mid > earlyFrom && mid <= earlyTo:
			c, s = &early, &earlySpeed
		case mid > lateFrom:
			c, s = &late, &lateSpeed
		default:
			continue
		}
		c.span += dt
		if v := cad[i]; finite(v) {
			c.add(v, dt)
		}
		if v := sampleSpeed(smp, speed, dist, i, dt); finite(v) {
			s.add(v, dt)
		}
	}
	if early.w < minCoverage*early.span || late.w < minCoverage*late.span {
		return d
	}
	d.CadenceEarlySPM, d.CadenceLateSPM = early.median(), late.median()
	d.CadenceDriftPct = pctChange(d.CadenceEarlySPM, d.CadenceLateSPM)
	if earlySpeed.w >= minCoverage*early.span && lateSpeed.w >= minCoverage*late.span {
		d.SpeedEarlyMPS, d.SpeedLateMPS = earlySpeed.median(), lateSpeed.median()
		d.SpeedChangePct = pctChange(d.SpeedEarlyMPS, d.SpeedLateMPS)
	}
	return d
}

// moving is how much of each sample's interval moves (see [Drift]).
type moving struct {
	// speed, cad and dist are the columns that vote (nil when absent, or
	// a speed that never exceeds stillSpeedMPS).
	speed, cad, dist []float64
	// dt[i] is the moving seconds of sample i's interval (0 standing);
	// total their sum.
	dt    []float64
	total float64
}

// movingTime returns the moving part of each sample's interval, nil for
// fewer than two samples.
func movingTime(smp *model.Samples) *moving {
	n := smp.Len()
	if n < 2 {
		return nil
	}
	mv := &moving{speed: smp.SpeedMPS, cad: smp.CadenceSPM, dist: smp.DistM}
	if len(mv.speed) != n || !anyAbove(mv.speed, stillSpeedMPS) {
		mv.speed = nil
	}
	if len(mv.cad) != n {
		mv.cad = nil
	}
	if len(mv.dist) != n {
		mv.dist = nil
	}
	speed, cad, dist := mv.speed, mv.cad, mv.dist
	usual := usualInterval(smp.T)
	maxGap := max(minGapS, 3*usual)
	mv.dt = make([]float64, n)
	for i := 1; i < n; i++ {
		dt := smp.T[i] - smp.T[i-1]
		if !(dt > 0) || math.IsInf(dt, 0) {
			continue
		}
		if speed != nil && !math.IsNaN(speed[i]) && speed[i] <= stillSpeedMPS {
			continue
		}
		if cad != nil && !math.IsNaN(cad[i]) && cad[i] <= stillCadenceSPM {
			continue
		}
		if dt > maxGap && (dist == nil || math.IsNaN(dist[i]) || math.IsNaN(dist[i-1]) || (dist[i]-dist[i-1])/dt < 0.5) {
			// A pause: only the usual interval before this record moved.
			dt = usual
		}
		mv.dt[i] = dt
		mv.total += dt
	}
	return mv
}

// pctChange returns (late − early) / early × 100, NaN when early is not
// positive.
func pctChange(early, late float64) float64 {
	if !(early > 0) {
		return math.NaN()
	}
	return (late - early) / early * 100
}

// movingSpeeds returns each sample's speed (sampleSpeed), NaN for the
// samples that are not moving time.
func movingSpeeds(smp *model.Samples, mv *moving) []float64 {
	speed := make([]float64, smp.Len())
	for i := range speed {
		speed[i] = math.NaN()
		if mv.dt[i] > 0 {
			speed[i] = sampleSpeed(smp, mv.speed, mv.dist, i, mv.dt[i])
		}
	}
	return speed
}

// sampleSpeed is sample i's speed in m/s: the speed column when it has a
// value, else the distance gained over the interval dt.
func sampleSpeed(smp *model.Samples, speed, dist []float64, i int, dt float64) float64 {
	if speed != nil && !math.IsNaN(speed[i]) {
		return speed[i]
	}
	if dist != nil && !math.IsNaN(dist[i]) && !math.IsNaN(dist[i-1]) {
		return max(dist[i]-dist[i-1], 0) / dt
	}
	return math.NaN()
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func anyAbove(v []float64, x float64) bool {
	for _, y := range v {
		if y > x {
			return true
		}
	}
	return false
}

// usualInterval returns the median positive interval between records in
// seconds, estimated from whole seconds up to a minute (1 for 1 Hz
// recording, a few seconds for "smart" recording).
func usualInterval(t []float64) float64 {
	var hist [61]int
	n := 0
	for i := 1; i < len(t); i++ {
		dt := t[i] - t[i-1]
		if !(dt > 0) {
			continue
		}
		hist[int(math.Round(min(dt, 60)))]++
		n++
	}
	if n == 0 {
		return 1
	}
	seen := 0
	for s, c := range hist {
		seen += c
		if 2*seen >= n {
			return float64(max(s, 1))
		}
	}
	return 60
}

// weighted collects values with weights for a weighted median.
type weighted struct {
	v, wt []float64
	w     float64 // total weight of the values
	span  float64 // the span's length, values or not
}

// newWeighted returns an empty weighted with room for size values.
func newWeighted(size int) weighted {
	return weighted{v: make([]float64, 0, size), wt: make([]float64, 0, size)}
}

func (x *weighted) add(v, w float64) {
	x.v = append(x.v, v)
	x.wt = append(x.wt, w)
	x.w += w
}

// median returns the weighted median, NaN without values. The values equal
// to the median form a block; when the values are quantised (the median has
// a distinct value on each side), the block is read as spread evenly over
// one quantum (the smaller gap to those neighbours) centred on its value,
// and the median is interpolated within it, as for grouped data. It
// reorders the values.
func (x *weighted) median() float64 {
	n := len(x.v)
	if n == 0 {
		return math.NaN()
	}
	// Three-way quickselect on the weights: v[lo:hi] holds the values not
	// yet placed, cum the weight of the values below them.
	v, wt := x.v, x.wt
	half := x.w / 2
	lo, hi, cum := 0, n, 0.0
	var m, before, block float64
	for {
		p := median3(v[lo], v[lo+(hi-lo)/2], v[hi-1])
		// Partition v[lo:hi] into < p, == p, > p.
		lt, i, gt := lo, lo, hi
		var wLt, wEq float64
		for i < gt {
			switch {
			case v[i] < p:
				wLt += wt[i]
				v[lt], v[i], wt[lt], wt[i] = v[i], v[lt], wt[i], wt[lt]
				lt++
				i++
			case v[i] > p:
				gt--
				v[gt], v[i], wt[gt], wt[i] = v[i], v[gt], wt[i], wt[gt]
			default:
				wEq += wt[i]
				i++
			}
		}
		switch {
		case cum+wLt >= half && lt > lo:
			hi = lt
			continue
		case cum+wLt+wEq >= half || gt == hi:
			m, before, block = p, cum+wLt, wEq
		default:
			cum += wLt + wEq
			lo = gt
			continue
		}
		break
	}
	below, above := math.Inf(-1), math.Inf(1)
	for _, y := range v {
		if y < m {
			below = max(below, y)
		} else if y > m {
			above = min(above, y)
		}
	}
	if math.IsInf(below, 0) || math.IsInf(above, 0) || block == 0 {
		return m
	}
	q := min(m-below, above-m)
	return m - q/2 + (half-before)/block*q
}

// median3 returns the middle one of a, b and c.
func median3(a, b, c float64) float64 {
	return max(min(a, b), min(max(a, b), c))
}
