package analysis

import (
	"math"
	"slices"

	"github.com/backtrack/backtrack/model"
)

// Altitude sources, as [Hills] infers them from the altitude's noise.
const (
	// AltitudeBarometric: altitude as smooth as a barometric altimeter's
	// (noise well under a metre).
	AltitudeBarometric = "barometric"
	// AltitudeGPS: altitude as noisy as a GPS fix's (metres of noise,
	// spikes).
	AltitudeGPS = "gps"
)

// The hill pipeline's constants. The GPS figures hold ascent within ±5%
// of the true climb for σ 3 m noise with spikes on 1 Hz runs (hills_test.go).
const (
	// gpsNoiseM is the estimated raw noise (σ, metres) from which altitude
	// is treated as GPS-like. Barometric altimeters stay near 0.1–0.5 m,
	// GPS altitude at 2–5 m.
	gpsNoiseM = 1.0
	// minHillDistanceM is the least distance with altitude for hill metrics.
	minHillDistanceM = 500.0
	// gridStepM is the spacing of the distance grid the altitude is
	// resampled to, in metres.
	gridStepM = 5.0
	// spikeMedianN is the width, in samples, of the median filter that
	// removes spikes of up to four samples: a GPS outlier, or the few bogus
	// readings some watches record as the altimeter wakes (a Fenix 2 run in
	// tormoder/fit's testdata starts 87 m too high for three samples).
	spikeMedianN = 9
	// spikeSpanM is the farthest, in metres of distance, a sample in the
	// median window may be from the window's centre.
	spikeSpanM = 40.0
	// baroSmoothM and gpsSmoothM are the widths, in metres of distance, of
	// the moving average over the grid: GPS noise (σ 3 m) averaged over
	// 150 m at running pace falls to about 0.5 m.
	baroSmoothM = 20.0
	gpsSmoothM  = 150.0
	// baroGradeM and gpsGradeM are the horizontal distances, in metres,
	// grades are measured over.
	baroGradeM = 50.0
	gpsGradeM  = 100.0
	// steepGrade is the grade of the grade5 shares (5%).
	steepGrade = 0.05
	// minAltM, maxAltM and maxDistM bound believable altitudes and
	// distances, in metres.
	minAltM, maxAltM = -1000.0, 20000.0
	maxDistM         = 1e8
)

// Hills computes hill metrics from samples with altitude and distance (the
// DistM column, or else positions). Samples without altitude are skipped;
// fewer than minHillDistanceM metres with altitude, or an altitude that never
// changes (a device writing a constant), give unknown metrics.
//
// A 9-sample running median first removes spikes. The altitude's noise is
// estimated from each raw sample's distance from the line through its
// neighbours (median absolute deviation): barometric-like altitude is then
// averaged over 5 m grid cells and a 20 m moving average, GPS-like altitude
// (σ ≥ 1 m) over a 150 m moving average. Ascent and descent count rises and falls of the smoothed profile
// with hysteresis set.HysteresisM (GoldenCheetah's and Runalyze's 3 m).
func Hills(smp *model.Samples, set Settings) model.HillMetrics {
	h, _ := hills(smp, set)
	return h
}

// hills is Hills, also returning the distance in metres the altitude
// covers (NaN when the metrics are unknown).
func hills(smp *model.Samples, set Settings) (model.HillMetrics, float64) {
	h := model.UnknownHills()
	xs, as := hillPoints(smp)
	if len(xs) < 3 || xs[len(xs)-1]-xs[0] < minHillDistanceM {
		return h, math.NaN()
	}
	if slices.Min(as) == slices.Max(as) {
		return h, math.NaN()
	}
	noise := altitudeNoise(xs, as)
	gps := noise >= gpsNoiseM
	smoothM, gradeM := baroSmoothM, baroGradeM
	h.AltitudeSource = AltitudeBarometric
	if gps {
		smoothM, gradeM = gpsSmoothM, gpsGradeM
		h.AltitudeSource = AltitudeGPS
	}
	h.AltitudeNoiseM = noise
	distM := xs[len(xs)-1] - xs[0] // the distance the altitude covers
	// A grid cell per 5 m, unless the samples are far sparser than that
	// (or a bogus distance jumps by thousands of km): at most 20 cells per
	// sample on average.
	step := max(gridStepM, distM/float64(20*len(xs)+1000))
	as = medianFilter(xs, as, spikeMedianN)
	grid := resample(xs, as, step)
	grid = movingAverage(grid, int(math.Round(smoothM/step)))
	h.AscentM, h.DescentM = hysteresis(grid, set.HysteresisM)
	h.ClimbPerKm = h.AscentM / (distM / 1000)
	h.Grade5UpShare, h.Grade5DownShare = gradeShares(grid, step, gradeM)
	return h, distM
}

// hillPoints returns the cumulative distance (non-decreasing, metres) and
// altitude of every sample that has both. Distance comes from the DistM
// column when it has any value, else from the positions.
func hillPoints(smp *model.Samples) (xs, as []float64) {
	n := smp.Len()
	if n == 0 || len(smp.AltM) != n {
		return nil, nil
	}
	dist := smp.DistM
	if len(dist) != n || !anyKnown(dist) {
		dist = trackDistance(smp)
		if dist == nil {
			return nil, nil
		}
	}
	xs = make([]float64, 0, n)
	as = make([]float64, 0, n)
	last := math.Inf(-1)
	for i := 0; i < n; i++ {
		x, a := dist[i], smp.AltM[i]
		// No place on Earth is outside these altitudes, and no activity
		// this long: such values are a device's garbage, not data.
		if !(a >= minAltM && a <= maxAltM) || !(math.Abs(x) <= maxDistM) {
			continue
		}
		x = max(x, last) // a distance that steps back (a device reset) stays put
		last = x
		xs = append(xs, x)
		as = append(as, a)
	}
	return xs, as
}

func anyKnown(v []float64) bool {
	for _, x := range v {
		if !math.IsNaN(x) {
			return true
		}
	}
	return false
}

// trackDistance returns the cumulative distance in metres along the
// positions (equirectangular steps, ample for 1–10 s apart), NaN where a
// sample has no position, or nil when no sample has one.
func trackDistance(smp *model.Samples) []float64 {
	n := smp.Len()
	if len(smp.Lat) != n || len(smp.Lon) != n {
		return nil
	}
	const earthR = 6371008.8
	out := make([]float64, n)
	d, plat, plon, have := 0.0, 0.0, 0.0, false
	for i := 0; i < n; i++ {
		lat, lon := smp.Lat[i], smp.Lon[i]
		if math.IsNaN(lat) || math.IsNaN(lon) {
			out[i] = math.NaN()
			continue
		}
		if have {
			rl := (lat + plat) / 2 * math.Pi / 180
			dx := (lon - plon) * math.Pi / 180 * math.Cos(rl)
			dy := (lat - plat) * math.Pi / 180
			d += earthR * math.Hypot(dx, dy)
		}
		out[i], plat, plon, have = d, lat, lon, true
	}
	if !have {
		return nil
	}
	return out
}

// altitudeNoise estimates the σ in metres of the altitude's sample-to-sample
// noise: the median absolute deviation of each sample from the line through
// its two neighbours (over distance; their mean where they share a
// distance), scaled so that white noise of σ gives σ.
func altitudeNoise(xs, as []float64) float64 {
	n := len(as)
	if n < 3 {
		return math.NaN()
	}
	r := make([]float64, 0, n-2)
	for i := 1; i < n-1; i++ {
		x0, x1, x2 := xs[i-1], xs[i], xs[i+1]
		var line float64
		if span := x2 - x0; span > 0 {
			line = as[i-1] + (as[i+1]-as[i-1])*(x1-x0)/span
		} else {
			line = (as[i-1] + as[i+1]) / 2
		}
		r = append(r, math.Abs(as[i]-line))
	}
	// For white noise the residual has σ·√1.5 (equal spacing); MAD·1.4826
	// estimates the σ of a normal distribution.
	return quickMedian(r) * 1.4826 / math.Sqrt(1.5)
}

// quickMedian returns the median of v, reordering v.
func quickMedian(v []float64) float64 {
	n := len(v)
	if n == 0 {
		return math.NaN()
	}
	k := n / 2
	hi := nthElement(v, k)
	if n%2 == 1 {
		return hi
	}
	return (hi + slices.Max(v[:k])) / 2
}

// nthElement reorders v so that v[k] is the value a sort would put there,
// with smaller or equal values before it, and returns v[k] (Hoare's
// selection, median-of-three pivots).
func nthElement(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		p := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// medianFilter returns the running median of as over windows of w samples
// (w odd): centred, and at the ends the first or last w samples, so that a
// spike in the very first samples is removed too. Samples more than
// spikeSpanM metres of distance from the centre sample leave its window
// (down to its two neighbours), so that sparse "smart" recording keeps its
// hilltops. Both ends of the window only move forward, so it is kept sorted
// as it slides: a few moves per sample instead of a sort.
func medianFilter(xs, as []float64, w int) []float64 {
	n := len(as)
	if n < w {
		return as
	}
	out := make([]float64, n)
	half := w / 2
	win := make([]float64, 0, 2*w)
	curLo, curHi := 0, 0
	for i := range as {
		lo := min(max(i-half, 0), n-w)
		hi := lo + w
		for lo < i-1 && xs[i]-xs[lo] > spikeSpanM {
			lo++
		}
		for hi > i+2 && xs[hi-1]-xs[i] > spikeSpanM {
			hi--
		}
		for ; curHi < hi; curHi++ {
			win = insertSorted(win, as[curHi])
		}
		for ; curLo < lo; curLo++ {
			win = removeSorted(win, as[curLo])
		}
		out[i] = win[len(win)/2]
	}
	return out
}

// insertSorted inserts v into the sorted slice s.
func insertSorted(s []float64, v float64) []float64 {
	j := len(s)
	s = append(s, v)
	for j > 0 && s[j-1] > v {
		s[j] = s[j-1]
		j--
	}
	s[j] = v
	return s
}

// removeSorted removes one value equal to v from the sorted slice s.
func removeSorted(s []float64, v float64) []float64 {
	for j, x := range s {
		if x == v {
			return append(s[:j], s[j+1:]...)
		}
	}
	return s
}

// resample returns altitude on a grid every step metres from xs[0] to the
// last distance: each cell holds the mean of the samples inside it, and an
// empty cell the value interpolated between its nearest filled neighbours.
// Samples at one distance (a stop) thus weigh as one place, not as minutes.
func resample(xs, as []float64, step float64) []float64 {
	x0 := xs[0]
	cells := int((xs[len(xs)-1]-x0)/step) + 1
	sum := make([]float64, cells)
	cnt := make([]float64, cells)
	for i, x := range xs {
		c := min(int((x-x0)/step), cells-1)
		sum[c] += as[i]
		cnt[c]++
	}
	grid := sum
	prev := -1
	for c := 0; c < cells; c++ {
		if cnt[c] == 0 {
			continue
		}
		grid[c] = sum[c] / cnt[c]
		if prev >= 0 && c-prev > 1 {
			for k := prev + 1; k < c; k++ {
				f := float64(k-prev) / float64(c-prev)
				grid[k] = grid[prev] + f*(grid[c]-grid[prev])
			}
		}
		prev = c
	}
	return grid
}

// movingAverage returns the centred mean of g over windows of w cells,
// shrinking symmetrically at the ends (so the first and last values stay
// put).
func movingAverage(g []float64, w int) []float64 {
	n := len(g)
	half := w / 2
	if half < 1 || n < 3 {
		return g
	}
	pre := make([]float64, n+1)
	for i, v := range g {
		pre[i+1] = pre[i] + v
	}
	out := make([]float64, n)
	for i := range g {
		k := min(half, i, n-1-i)
		out[i] = (pre[i+k+1] - pre[i-k]) / float64(2*k+1)
	}
	return out
}

// hysteresis sums the rises and falls of g that each reach at least h
// metres: a climb counts from its lowest to its highest point once the
// altitude has fallen h below that highest point (or the series ends).
func hysteresis(g []float64, h float64) (asc, desc float64) {
	if len(g) == 0 {
		return 0, 0
	}
	lo, hi := g[0], g[0]
	dir := 0 // 0 undecided, +1 climbing, -1 descending
	var ref, ext float64
	for _, v := range g[1:] {
		switch dir {
		case 0:
			lo, hi = min(lo, v), max(hi, v)
			if v-lo >= h {
				dir, ref, ext = 1, lo, v
			} else if hi-v >= h {
				dir, ref, ext = -1, hi, v
			}
		case 1:
			if v > ext {
				ext = v
			} else if ext-v >= h {
				asc += ext - ref
				dir, ref, ext = -1, ext, v
			}
		case -1:
			if v < ext {
				ext = v
			} else if v-ext >= h {
				desc += ref - ext
				dir, ref, ext = 1, ext, v
			}
		}
	}
	switch dir {
	case 1:
		asc += ext - ref
	case -1:
		desc += ref - ext
	}
	return asc, desc
}

// gradeShares returns the shares of the grid's cells whose grade, taken over
// window metres centred on the cell (shortened at the ends), is at least
// steepGrade uphill and downhill.
func gradeShares(g []float64, step, window float64) (up, down float64) {
	n := len(g)
	half := max(int(math.Round(window/step/2)), 1)
	var nUp, nDown int
	for i := range g {
		a, b := max(i-half, 0), min(i+half, n-1)
		if b == a {
			continue
		}
		grade := (g[b] - g[a]) / (float64(b-a) * step)
		if grade >= steepGrade {
			nUp++
		} else if grade <= -steepGrade {
			nDown++
		}
	}
	return float64(nUp) / float64(n), float64(nDown) / float64(n)
}
