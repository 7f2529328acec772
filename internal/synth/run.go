package synth

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/backtrack/backtrack/model"
)

// Physiology and recording constants of the synthetic runner.
const (
	massKg         = 70.0  // for running power
	altNoiseM      = 0.3   // barometric altimeter noise, metres (σ)
	dropChance     = 0.003 // chance that a 1 s record is missing
	driftStartFrac = 0.72  // fraction of moving time where a late drop begins
	driftRampS     = 90.0  // seconds over which a late drop sets in
	lapM           = 1000.0
)

// lateRamp is 0 before driftStartFrac of the moving time and rises to 1
// over driftRampS seconds.
func (p *runPlan) lateRamp(movingT float64) float64 {
	return min(max((movingT-driftStartFrac*float64(p.movingS))/driftRampS, 0), 1)
}

// targetSpeed is the speed in m/s the runner settles to on grade g (0.05 =
// 5%) after movingT seconds of running: slower uphill, a little faster
// downhill, and slower late in a run that ends in fatigue.
func (p *runPlan) targetSpeed(g, movingT float64) float64 {
	v := p.baseMPS
	if g > 0 {
		v /= 1 + 3.5*g
	} else {
		v *= 1 + min(-1.2*g, 0.12)
	}
	if p.fatigue {
		v *= 1 - 0.05*p.lateRamp(movingT)
	}
	return v
}

// targetHR is the heart rate in bpm that speed v (m/s) on grade g settles
// to, with a slow cardiac drift.
func targetHR(v, g, movingT float64) float64 {
	return min(60+27*v+300*max(g, 0)+0.06*movingT/60, 195)
}

// targetCadence is the cadence in steps/min at speed v (m/s) on grade g.
func (p *runPlan) targetCadence(v, g, movingT float64) float64 {
	c := p.cadence0 + 6*(v-p.baseMPS) + 35*max(g, 0)
	if p.drift {
		c *= 1 - p.driftDrop*p.lateRamp(movingT)
	}
	return c
}

// runPower is running power in watts at speed v (m/s) on grade g.
func runPower(v, g float64) float64 {
	k := 1.04 + 9.81*g
	if g < 0 {
		k = max(1.04+0.5*9.81*g, 0.3)
	}
	return massKg * v * k
}

// Rounding to what a FIT file stores, computed as a decoder computes it.
func qAlt(m float64) float64   { return math.Round((m+500)*5)/5 - 500 }
func qDist(m float64) float64  { return math.Round(m*100) / 100 }
func qSpeed(v float64) float64 { return math.Round(v*1000) / 1000 }
func qDeg(d float64) float64   { return float64(semicircles(d)) * (180.0 / (1 << 31)) }

// qCadence rounds steps/min to what record.cadence (strides/min) plus,
// when fractional, fractional_cadence (1/128) store.
func qCadence(spm float64, fractional bool) float64 {
	if fractional {
		return 2 * math.Round(spm/2*128) / 128
	}
	return 2 * math.Round(spm/2)
}

func newRunSession(p *runPlan) model.Session {
	s := model.NewSession(model.Running, p.start)
	s.OffsetS = p.offsetS
	s.OffsetOrigin = model.OffsetDevice
	if p.route == nil {
		s.SubSport = "treadmill"
	} else {
		s.SubSport = p.route.subSport
	}
	s.ElapsedS = float64(p.elapsedS())
	s.TimerS = float64(p.timerS())
	s.Recorder = p.recorder()
	return s
}

// genRun draws the run's 1 Hz samples and laps from its own random stream.
func genRun(p *runPlan) model.Session {
	r := rand.New(rand.NewPCG(p.seed[0], p.seed[1]))
	s := newRunSession(p)
	rt := p.route
	e := p.elapsedS()
	n := e + 1
	x := &s.Samples
	cols := x.Columns()
	for _, col := range cols[:model.CoreSampleColumns] {
		*col = make([]float64, 0, n)
	}
	form := newFormSampler(p)
	const mPerDegLat = 111320.0
	var mPerDegLon float64
	if rt != nil {
		mPerDegLon = mPerDegLat * math.Cos(rt.lat[0]*math.Pi/180)
	}
	var (
		d                     float64 // true distance, metres
		v                     = 0.6 * p.baseMPS
		noise, cadNoise       float64
		jx, jy                float64 // GPS error, metres east and north
		hr                    = 85.0
		movingT               float64
		tmLevel               float64 // treadmill speed setting offset, m/s
		tmNext                int
		hrSum, cadSum, moving float64
	)
	pauseEnd := p.pauseAtS + p.pauseS
	for k := 0; k <= e; k++ {
		paused := p.pauseKind != pauseNone && k >= p.pauseAtS && k < pauseEnd
		smp := model.MissingSample(float64(k))
		g := 0.0
		if rt != nil {
			g = rt.grade(d)
		}
		speedNow := 0.0
		if paused {
			hr += (100 - hr) / 40
			if p.pauseKind == pauseAuto {
				continue
			}
			smp.SpeedMPS, smp.CadenceSPM, smp.PowerW = 0, 0, 0
		} else {
			if rt == nil && k >= tmNext {
				tmLevel = 0.3*r.Float64() - 0.15
				tmNext = k + 300 + r.IntN(300)
			}
			vt := p.targetSpeed(g, movingT) + tmLevel
			if k > 0 {
				v += (vt - v) * 0.15
			}
			if rt == nil {
				noise = 0.9*noise + 0.005*r.NormFloat64()
			} else {
				noise = 0.97*noise + 0.02*r.NormFloat64()
			}
			speed := max(v+noise, 0.5)
			speedNow = speed
			if k > 0 {
				d += speed
			}
			movingT++
			ht := targetHR(speed, g, movingT)
			tau := 40.0
			if ht > hr {
				tau = 25
			}
			hr += (ht - hr) / tau
			cadNoise = 0.9*cadNoise + 0.5*r.NormFloat64()
			cad := p.targetCadence(speed, g, movingT) + cadNoise + 0.8*r.NormFloat64()
			smp.SpeedMPS = qSpeed(speed)
			smp.CadenceSPM = qCadence(cad, p.fractional)
			smp.PowerW = math.Round(runPower(speed, g) + 4*r.NormFloat64())
		}
		smp.HR = math.Round(hr + 0.8*r.NormFloat64())
		smp.DistM = qDist(d)
		if rt != nil {
			jx = 0.95*jx + 0.5*r.NormFloat64()
			jy = 0.95*jy + 0.5*r.NormFloat64()
			lat, lon := rt.position(d)
			smp.Lat = qDeg(lat + jy/mPerDegLat)
			smp.Lon = qDeg(lon + jx/mPerDegLon)
			smp.AltM = qAlt(rt.elevation(d) + altNoiseM*r.NormFloat64())
		}
		// An occasional record is lost (never the first or the last).
		if k > 0 && k < e && r.Float64() < dropChance {
			continue
		}
		if smp.SpeedMPS > 0 {
			hrSum += smp.HR
			cadSum += smp.CadenceSPM
			moving++
		}
		x.Append(smp)
		form.set(x, x.Len()-1, speedNow, g, movingT, smp.CadenceSPM, paused)
	}
	last := x.Len() - 1
	s.DistanceM = x.DistM[last]
	if moving > 0 {
		s.AvgHR = math.Round(hrSum / moving)
		s.AvgCadenceSPM = qCadence(cadSum/moving, p.fractional)
	}
	if rt != nil {
		asc, desc := rt.climb(s.DistanceM)
		s.AscentM, s.DescentM = math.Round(asc), math.Round(desc)
	}
	s.Laps = runLaps(&s, p)
	return s
}

// runLaps splits the run into 1 km laps (the last one shorter).
func runLaps(s *model.Session, p *runPlan) []model.Lap {
	x := &s.Samples
	var laps []model.Lap
	from, next := 0, lapM
	for i := 1; i < x.Len(); i++ {
		if x.DistM[i] < next && i < x.Len()-1 {
			continue
		}
		l := model.NewLap(s.Start.Add(time.Duration(x.T[from]) * time.Second))
		l.ElapsedS = x.T[i] - x.T[from]
		l.TimerS = l.ElapsedS
		if p.pauseKind == pauseAuto && x.T[from] <= float64(p.pauseAtS) && float64(p.pauseAtS) < x.T[i] {
			l.TimerS -= float64(p.pauseS)
		}
		l.DistanceM = qDist(x.DistM[i] - x.DistM[from])
		if p.route != nil {
			a0, d0 := p.route.climb(x.DistM[from])
			a1, d1 := p.route.climb(x.DistM[i])
			l.AscentM, l.DescentM = math.Round(a1-a0), math.Round(d1-d0)
		}
		var hr, cad, n float64
		for j := from + 1; j <= i; j++ {
			if x.SpeedMPS[j] > 0 {
				hr += x.HR[j]
				cad += x.CadenceSPM[j]
				n++
			}
		}
		if n > 0 {
			l.AvgHR = math.Round(hr / n)
			l.AvgCadenceSPM = qCadence(cad/n, p.fractional)
		}
		laps = append(laps, l)
		from = i
		for next <= x.DistM[i] {
			next += lapM
		}
	}
	return laps
}

// summarizeRun estimates the run's totals from its plan without drawing
// samples: the noise-free model integrated in 10 s steps.
func summarizeRun(p *runPlan) model.Session {
	s := newRunSession(p)
	rt := p.route
	const dt = 10.0
	var d, hrSum, cadSum, n float64
	for t := 0.0; t < float64(p.movingS); t += dt {
		g := 0.0
		if rt != nil {
			g = rt.grade(d)
		}
		v := p.targetSpeed(g, t)
		step := min(dt, float64(p.movingS)-t)
		d += v * step
		hrSum += targetHR(v, g, t) * step
		cadSum += p.targetCadence(v, g, t) * step
		n += step
	}
	s.DistanceM = qDist(d)
	if n > 0 {
		s.AvgHR = math.Round(hrSum / n)
		s.AvgCadenceSPM = qCadence(cadSum/n, p.fractional)
	}
	if rt != nil {
		asc, desc := rt.climb(d)
		s.AscentM, s.DescentM = math.Round(asc), math.Round(desc)
	}
	return s
}
