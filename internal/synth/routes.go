package synth

import (
	"math"
	"sync"
)

// route is a named running loop: a closed path and an elevation profile,
// both precomputed every routeStepM metres of one loop. A run longer than
// the loop goes round again.
type route struct {
	name     string
	subSport string
	hilly    bool
	loopM    float64 // loop length, metres
	// Tables over one loop at routeStepM spacing (n+1 entries, the last equal
	// to the first for position and elevation).
	lat, lon []float64 // degrees
	ele      []float64 // metres above sea level
	cumAsc   []float64 // metres climbed from the loop start
	cumDesc  []float64 // metres descended from the loop start
}

// routeStepM is the spacing of a route's tables, in metres.
const routeStepM = 5.0

// routeSpec describes a loop: centre, shape and an elevation profile given
// as (fraction of the loop, elevation in metres) knots joined smoothly.
type routeSpec struct {
	name       string
	subSport   string
	hilly      bool
	lat0, lon0 float64 // centre, degrees
	loopM      float64
	aspect     float64 // east-west radius over north-south radius
	wobble     [2]float64
	phase      float64
	knots      [][2]float64 // first knot at 0; the profile wraps to it
}

// The athlete's routes around Sheffield: two flat (climb well under
// 5 m/km), two hilly (over 20 m/km, with long stretches steeper than 5%).
var routeSpecs = []routeSpec{
	{name: "Canal towpath", lat0: 53.3925, lon0: -1.4530, loopM: 7900, aspect: 2.2,
		wobble: [2]float64{0.10, 0.05}, phase: 0.3,
		knots: [][2]float64{{0, 60}, {0.25, 62}, {0.5, 59.5}, {0.75, 61.5}}},
	{name: "Park loop", lat0: 53.3650, lon0: -1.4900, loopM: 5200, aspect: 1.1,
		wobble: [2]float64{0.12, 0.08}, phase: 1.1,
		knots: [][2]float64{{0, 80}, {0.2, 83}, {0.45, 81}, {0.7, 84}, {0.85, 80.5}}},
	{name: "Hill repeats", hilly: true, lat0: 53.3720, lon0: -1.5150, loopM: 6400, aspect: 0.8,
		wobble: [2]float64{0.15, 0.06}, phase: 2.0,
		knots: [][2]float64{{0, 90}, {0.2, 95}, {0.35, 175}, {0.5, 100}, {0.65, 180}, {0.8, 105}}},
	{name: "Moor loop", subSport: "trail", hilly: true, lat0: 53.3550, lon0: -1.5650, loopM: 11000, aspect: 1.4,
		wobble: [2]float64{0.18, 0.07}, phase: 0.7,
		knots: [][2]float64{{0, 120}, {0.12, 135}, {0.3, 300}, {0.42, 255}, {0.55, 320}, {0.72, 210}, {0.85, 170}}},
}

// Indexes into routes.
const (
	routeCanal = iota
	routePark
	routeHills
	routeMoor
)

// routes returns the routes, built from routeSpecs on first use (about 2 ms
// and 1 MB, which a process that never generates an athlete should not pay
// at start-up); they hold no randomness.
var routes = sync.OnceValue(buildRoutes)

func buildRoutes() []*route {
	rs := make([]*route, len(routeSpecs))
	for i := range routeSpecs {
		rs[i] = buildRoute(&routeSpecs[i])
	}
	return rs
}

func buildRoute(sp *routeSpec) *route {
	// Trace the shape finely, measure it, then resample by arc length.
	const fine = 8192
	xs := make([]float64, fine+1)
	ys := make([]float64, fine+1)
	for i := 0; i <= fine; i++ {
		th := 2 * math.Pi * float64(i) / fine
		r := 1 + sp.wobble[0]*math.Sin(2*th+sp.phase) + sp.wobble[1]*math.Cos(3*th+2*sp.phase)
		// The loop starts (and every run starts) at θ=0.
		xs[i] = sp.aspect * r * math.Cos(th)
		ys[i] = r * math.Sin(th)
	}
	arc := make([]float64, fine+1)
	for i := 1; i <= fine; i++ {
		arc[i] = arc[i-1] + math.Hypot(xs[i]-xs[i-1], ys[i]-ys[i-1])
	}
	scale := sp.loopM / arc[fine]
	n := int(math.Round(sp.loopM / routeStepM))
	rt := &route{name: sp.name, subSport: sp.subSport, hilly: sp.hilly, loopM: float64(n) * routeStepM,
		lat: make([]float64, n+1), lon: make([]float64, n+1), ele: make([]float64, n+1),
		cumAsc: make([]float64, n+1), cumDesc: make([]float64, n+1)}
	const mPerDegLat = 111320.0
	mPerDegLon := mPerDegLat * math.Cos(sp.lat0*math.Pi/180)
	j := 0
	for k := 0; k <= n; k++ {
		target := float64(k) / float64(n) * arc[fine]
		for j < fine-1 && arc[j+1] < target {
			j++
		}
		f := 0.0
		if seg := arc[j+1] - arc[j]; seg > 0 {
			f = (target - arc[j]) / seg
		}
		x := (xs[j] + f*(xs[j+1]-xs[j])) * scale
		y := (ys[j] + f*(ys[j+1]-ys[j])) * scale
		rt.lat[k] = sp.lat0 + y/mPerDegLat
		rt.lon[k] = sp.lon0 + x/mPerDegLon
		rt.ele[k] = profileAt(sp.knots, float64(k)/float64(n))
		if k > 0 {
			d := rt.ele[k] - rt.ele[k-1]
			rt.cumAsc[k] = rt.cumAsc[k-1] + max(d, 0)
			rt.cumDesc[k] = rt.cumDesc[k-1] + max(-d, 0)
		}
	}
	rt.lat[n], rt.lon[n], rt.ele[n] = rt.lat[0], rt.lon[0], rt.ele[0]
	return rt
}

// profileAt returns the elevation at fraction u of the loop: knots joined
// by cosine easing, wrapping from the last knot back to the first.
func profileAt(knots [][2]float64, u float64) float64 {
	for i := range knots {
		a := knots[i]
		b := [2]float64{1, knots[0][1]}
		if i+1 < len(knots) {
			b = knots[i+1]
		}
		if u >= a[0] && u <= b[0] {
			f := (u - a[0]) / (b[0] - a[0])
			w := (1 - math.Cos(math.Pi*f)) / 2
			return a[1] + w*(b[1]-a[1])
		}
	}
	return knots[0][1]
}

// at returns the table index and fraction for distance d metres from the
// start, going round the loop as often as needed.
func (r *route) at(d float64) (loops float64, i int, f float64) {
	loops = math.Floor(d / r.loopM)
	x := (d - loops*r.loopM) / routeStepM
	i = int(x)
	n := len(r.ele) - 1
	if i >= n {
		i, x = n-1, float64(n)
	}
	return loops, i, x - float64(i)
}

// position returns latitude and longitude in degrees at distance d metres.
func (r *route) position(d float64) (lat, lon float64) {
	_, i, f := r.at(d)
	return r.lat[i] + f*(r.lat[i+1]-r.lat[i]), r.lon[i] + f*(r.lon[i+1]-r.lon[i])
}

// elevation returns metres above sea level at distance d metres.
func (r *route) elevation(d float64) float64 {
	_, i, f := r.at(d)
	return r.ele[i] + f*(r.ele[i+1]-r.ele[i])
}

// grade returns the slope (rise over run, 0.05 = 5%) at distance d metres.
func (r *route) grade(d float64) float64 {
	_, i, _ := r.at(d)
	return (r.ele[i+1] - r.ele[i]) / routeStepM
}

// climb returns the metres climbed and descended over the first d metres.
func (r *route) climb(d float64) (asc, desc float64) {
	loops, i, f := r.at(d)
	n := len(r.ele) - 1
	asc = loops*r.cumAsc[n] + r.cumAsc[i] + f*(r.cumAsc[i+1]-r.cumAsc[i])
	desc = loops*r.cumDesc[n] + r.cumDesc[i] + f*(r.cumDesc[i+1]-r.cumDesc[i])
	return asc, desc
}
