package synth

import (
	"math"
	"math/rand/v2"

	"github.com/backtrack/backtrack/model"
)

// The synthetic runner's running form (docs/definitions.md, "Form drift"):
// ground contact time falls with speed (about 36 ms per m/s, Zandbergen
// et al. 2023 and 20 public runs) and rises uphill; her left/right balance
// sits near her own offset; vertical oscillation and step length follow
// speed and cadence. In a run with planted form drift her contact time
// rises late in the run at equal speed and grade, as fatigue raises it
// (García-Pinillos et al. 2020); in some runs (more often those) her
// balance moves away from her usual late.
// Her watch measures it on the wrist, or with a chest strap (then with
// balance); some runs also carry Stryd's developer fields.

// The form constants.
const (
	// FormDriftRise is the late rise of contact time in a run with planted
	// form drift (5%, within the "few percent" of speed-matched fatigue).
	FormDriftRise = 0.05
	// FormDriftChance is the chance that a run has planted form drift.
	FormDriftChance = 0.3
	// formBalanceShift is how far her balance moves (percentage points,
	// to the right) late in such a run.
	formBalanceShift = 1.5
	// strapChance is the chance that a run is recorded with the chest
	// strap (running dynamics with balance) rather than the wrist.
	strapChance = 0.8
)

// watch is the synthetic runner's watch and strap.
var watch = model.Recorder{Manufacturer: "garmin", Product: "fr965", Serial: 0x5eed0001}

// strapSensor names her chest strap.
const strapSensor = "garmin hrm_pro"

// formParams are the runner's own running form.
type formParams struct {
	gct0       float64 // contact time at 3 m/s on the flat, ms
	speedSlope float64 // ms per m/s (negative)
	gradeSlope float64 // ms per unit of grade (1 = 100%)
	bal0       float64 // left share, %
	vo0        float64 // vertical oscillation at 3 m/s, mm
}

// drawFormParams draws a runner's form from her own stream.
func drawFormParams(seed int64) formParams {
	r := rand.New(rand.NewPCG(uint64(seed), 0xf0f0_0000_0000_0000))
	return formParams{
		gct0:       262 + 16*r.Float64(),
		speedSlope: -36 * (0.7 + 0.6*r.Float64()),
		gradeSlope: 150 + 100*r.Float64(),
		bal0:       49.4 + 1.2*(r.Float64()-0.5),
		vo0:        78 + 12*r.Float64(),
	}
}

// runForm is what decides one run's form: drawn from the run's own stream,
// so that the rest of the plan draws the same numbers as without it.
type runForm struct {
	drift   bool // planted late form drift
	balance bool // planted late balance shift
	strap   bool // recorded with the chest strap (balance)
	stryd   bool // Stryd's developer fields too
}

// HasFormDrift reports whether run number run (1-based, in start order)
// of the athlete of seed has planted late form drift.
func HasFormDrift(seed int64, run int) bool { return drawRunForm(seed, run).drift }

func drawRunForm(seed int64, run int) runForm {
	r := rand.New(rand.NewPCG(uint64(seed), 0xf0f0_0000_0000_0000|uint64(run)))
	f := runForm{drift: r.Float64() < FormDriftChance, strap: r.Float64() < strapChance, stryd: run%6 == 1}
	// Her balance shifts late in some runs, more often when her form
	// drifts, but not always with it.
	chance := 0.08
	if f.drift {
		chance = 0.4
	}
	f.balance = r.Float64() < chance
	return f
}

// formSampler draws a run's running form sample by sample, from its own
// noise stream.
type formSampler struct {
	p          *runPlan
	r          *rand.Rand
	gctN, balN float64 // slow (AR) noise
}

func newFormSampler(p *runPlan) *formSampler {
	return &formSampler{p: p, r: rand.New(rand.NewPCG(p.seed[0], p.seed[1]^0xf0f0_f0f0))}
}

// q rounds v to a FIT field of the scale, as a decoder gives it back.
func q(v, scale float64) float64 { return math.Round(v*scale) / scale }

// set gives sample i of x (moving at speed m/s on grade g, movingT seconds
// in, cadence in steps/min, standing when stopped) its running form.
func (fs *formSampler) set(x *model.Samples, i int, speed, g, movingT, cad float64, stopped bool) {
	p, fp := fs.p, &fs.p.formP
	if stopped {
		if p.form.strap { // a strap writes zeros while its wearer stands
			for _, c := range []int{model.ColGroundContact, model.ColGCTBalance, model.ColVerticalOscillation,
				model.ColVerticalRatio, model.ColStepLength} {
				x.Set(c, i, 0)
			}
		}
		return
	}
	r := fs.r
	ramp, balRamp := 0.0, 0.0
	if p.form.drift {
		ramp = p.lateRamp(movingT)
	}
	if p.form.balance {
		balRamp = p.lateRamp(movingT)
	}
	fs.gctN = 0.9*fs.gctN + 1.5*r.NormFloat64()
	gct := (fp.gct0 + fp.speedSlope*(speed-3) + fp.gradeSlope*g) * (1 + FormDriftRise*ramp)
	gct = q(max(gct+fs.gctN+3*r.NormFloat64(), 150), 10)
	vo := q(max(fp.vo0+6*(speed-3)+2*r.NormFloat64(), 40)*(1+0.02*ramp), 10)
	step := 0.0
	if cad > 0 {
		step = q(speed/(cad/60)*1000, 10)
	}
	x.Set(model.ColGroundContact, i, gct)
	x.Set(model.ColVerticalOscillation, i, vo)
	x.Set(model.ColStepLength, i, step)
	if step > 0 {
		x.Set(model.ColVerticalRatio, i, q(vo/step*100, 100))
	}
	if p.form.strap {
		fs.balN = 0.9*fs.balN + 0.15*r.NormFloat64()
		x.Set(model.ColGCTBalance, i, q(fp.bal0-formBalanceShift*balRamp+fs.balN+0.4*r.NormFloat64(), 100))
	}
	if p.form.stryd {
		pw := x.PowerW[i]
		if model.Known(pw) {
			x.Set(model.ColStrydPower, i, math.Round(0.88*pw))
			x.Set(model.ColStrydFormPower, i, math.Round(0.26*pw))
		}
		x.Set(model.ColStrydGroundTime, i, math.Round(0.93*gct))
		x.Set(model.ColStrydVerticalOscillation, i, math.Round(vo*0.8/10*8)/8)
		x.Set(model.ColStrydLSS, i, float64(float32(10.5-0.01*(gct-fp.gct0)+0.2*r.NormFloat64())))
	}
}

// recorder is the run's recording device, as its FIT file names it.
func (p *runPlan) recorder() model.Recorder {
	rec := watch
	switch {
	case p.form.strap:
		rec.FormSensor = strapSensor
	default:
		rec.FormSensor = "wrist"
	}
	return rec
}
