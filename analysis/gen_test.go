package analysis_test

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/backtrack/backtrack/model"
)

// profile is a closed loop's elevation: knots (fraction of the loop,
// metres) joined by cosine easing, as the synthetic athlete's routes are.
type profile struct {
	name  string
	loopM float64
	knots [][2]float64
}

// Profiles for the tests: two hilly loops like the synthetic athlete's
// (long climbs of 50–165 m), short rolling hills, and a flat towpath.
var (
	hillRepeats = profile{"hill repeats", 6400, [][2]float64{{0, 90}, {0.2, 95}, {0.35, 175}, {0.5, 100}, {0.65, 180}, {0.8, 105}}}
	moor        = profile{"moor", 11000, [][2]float64{{0, 120}, {0.12, 135}, {0.3, 300}, {0.42, 255}, {0.55, 320}, {0.72, 210}, {0.85, 170}}}
	rolling     = profile{"rolling", 3000, [][2]float64{{0, 50}, {0.2, 70}, {0.4, 55}, {0.6, 80}, {0.8, 60}}}
	flat        = profile{"flat", 7900, [][2]float64{{0, 60}, {0.25, 62}, {0.5, 59.5}, {0.75, 61.5}}}
)

// at returns the elevation in metres at distance x metres.
func (p profile) at(x float64) float64 {
	u := math.Mod(x, p.loopM) / p.loopM
	for i := range p.knots {
		a := p.knots[i]
		b := [2]float64{1, p.knots[0][1]}
		if i+1 < len(p.knots) {
			b = p.knots[i+1]
		}
		if u >= a[0] && u <= b[0] {
			f := (u - a[0]) / (b[0] - a[0])
			return a[1] + (1-math.Cos(math.Pi*f))/2*(b[1]-a[1])
		}
	}
	return p.knots[0][1]
}

// truth returns the true climb and descent over the first d metres and the
// shares of distance at grade ≥ 5% up and down (grades over 1 m).
func (p profile) truth(d float64) (asc, desc, up, down float64) {
	prev := p.at(0)
	var nUp, nDown, n float64
	for x := 1.0; x <= d; x++ {
		e := p.at(x)
		g := e - prev
		if g > 0 {
			asc += g
		} else {
			desc -= g
		}
		if g >= 0.05 {
			nUp++
		} else if g <= -0.05 {
			nDown++
		}
		n++
		prev = e
	}
	return asc, desc, nUp / n, nDown / n
}

// Altitude noise kinds.
const (
	noiseNone = iota
	noiseBaro // σ 0.3 m, stored to 0.2 m as FIT does
	noiseGPS  // σ 3 m, with spikes of 15–40 m lasting 1–3 samples
)

// runSpec describes a generated 1 Hz run.
type runSpec struct {
	seed      uint64
	minutes   float64
	speedMPS  float64
	prof      profile
	noise     int
	cadence   float64 // steps/min before any drop
	dropPct   float64 // cadence drop in percent from dropAt of moving time
	slowPct   float64 // speed drop in percent from dropAt
	dropAt    float64 // fraction of moving time
	stopAt    float64 // fraction of moving time of a standing stop (0: none)
	stopS     int     // its length in seconds (records continue, speed and cadence 0)
	pauseAt   float64 // fraction of moving time of an auto-pause (0: none)
	pauseS    int     // its length in seconds (no records)
	noCadence bool
}

// genRun returns the run spec describes and the distance it covered. The
// moving samples are drawn before stops and pauses are put in, so two
// specs differing only in their stop have the same moving samples.
func genRun(spec runSpec) (model.Session, float64) {
	r := rand.New(rand.NewPCG(spec.seed, 0xa11))
	movingS := int(spec.minutes * 60)
	s := model.NewSession(model.Running, time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC))
	var moving []model.Sample
	d, v, cadNoise, spike, spikeLeft := 0.0, spec.speedMPS, 0.0, 0.0, 0
	for k := 0; k <= movingS; k++ {
		x := model.MissingSample(0)
		late := spec.dropAt > 0 && float64(k) >= spec.dropAt*float64(movingS)
		target := spec.speedMPS
		if late {
			target *= 1 - spec.slowPct/100
		}
		v += (target-v)*0.15 + 0.02*r.NormFloat64()
		if k > 0 {
			d += v
		}
		x.DistM = math.Round(d*100) / 100
		x.SpeedMPS = math.Round(v*1000) / 1000
		cadNoise = 0.9*cadNoise + 0.5*r.NormFloat64()
		c := spec.cadence + cadNoise + 0.8*r.NormFloat64()
		if late {
			c *= 1 - spec.dropPct/100
		}
		if !spec.noCadence {
			x.CadenceSPM = 2 * math.Round(c/2) // whole strides per minute
		}
		x.HR = 150
		moving = append(moving, x)
	}
	// Altitude is drawn per sample after stops are placed, from the true
	// elevation at each sample's distance.
	stopAt, pauseAt := -1, -1
	if spec.stopAt > 0 {
		stopAt = int(spec.stopAt * float64(movingS))
	}
	if spec.pauseAt > 0 {
		pauseAt = int(spec.pauseAt * float64(movingS))
	}
	t := 0
	alt := func(dist float64) float64 {
		e := spec.prof.at(dist)
		switch spec.noise {
		case noiseBaro:
			return math.Round((e+0.3*r.NormFloat64())*5) / 5
		case noiseGPS:
			if spikeLeft == 0 && r.Float64() < 0.005 {
				spike = (15 + 25*r.Float64()) * float64(1-2*r.IntN(2))
				spikeLeft = 1 + r.IntN(3)
			}
			e += 3 * r.NormFloat64()
			if spikeLeft > 0 {
				e += spike
				spikeLeft--
			}
			return math.Round(e*5) / 5
		}
		return e
	}
	for k, x := range moving {
		if k == stopAt {
			for i := 0; i < spec.stopS; i++ {
				st := model.MissingSample(float64(t))
				st.DistM, st.SpeedMPS, st.HR = x.DistM, 0, 120
				if !spec.noCadence {
					st.CadenceSPM = 0
				}
				st.AltM = alt(x.DistM)
				s.Samples.Append(st)
				t++
			}
		}
		if k == pauseAt {
			t += spec.pauseS
		}
		x.T = float64(t)
		if spec.noise != noiseNone || spec.prof.loopM > 0 {
			x.AltM = alt(x.DistM)
		}
		s.Samples.Append(x)
		t++
	}
	s.ElapsedS = float64(t - 1)
	s.DistanceM = d
	return s, d
}
