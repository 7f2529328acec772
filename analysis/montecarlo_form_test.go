package analysis_test

// The Monte Carlo's running form (issue 17; docs/statistics.md, "Monte
// Carlo"): athletes whose runs carry running dynamics, drawn sample by
// sample (every 10 s) so that the form-drift flags come from analysis.Form
// as they do for real files, with the confounds that make a naive
// late-vs-early comparison mislead: runs that slow down late, and runs that
// end on a climb. The truth planted on a run (a real late rise in contact
// time, a real late balance shift) is this file's; what the report sees is
// only the samples.

import (
	"math"
	"math/rand/v2"
	"sync"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// mcForm is one run's running form, as planted.
type mcForm struct {
	rd        bool    // the run recorded running dynamics
	strap     bool    // with a balance
	v0        float64 // its pace, m/s
	slowLate  float64 // late slow-down, a fraction of v0 (0: none)
	climbLate bool    // the last quarter climbs 5%
	drift     bool    // contact time really rises 5% late
	balance   bool    // balance really shifts 1.5 points late
	phase     float64 // of the rolling terrain
}

// mcRunner is an athlete's own running form.
type mcRunner struct {
	gct0, speedSlope, gradeSlope, bal0 float64
}

// mcFormAthlete is an athlete with running form.
type mcFormAthlete struct {
	runner mcRunner
	form   []mcForm // per run
}

// mcFormOf holds the running form of the athletes that have one, by
// athlete, from their scenario's make until mcInput takes it (the athletes
// are made in parallel: mcMu guards it).
var (
	mcFormOf = map[*mcAthlete]*mcFormAthlete{}
	mcMu     sync.Mutex
)

// addForm draws the athlete's running form and each run's: running
// dynamics on a share pRD of runs (a chest strap, with balance, on pStrap
// of those), slowing down by 8–20% late in 30% of runs, a late climb in
// 15%, a real late rise in contact time in pDrift of them and a real
// balance shift in pBal.
func addForm(rng *rand.Rand, a *mcAthlete, pRD, pStrap, pDrift, pBal float64) *mcFormAthlete {
	f := &mcFormAthlete{runner: mcRunner{gct0: 255 + 30*rng.Float64(), speedSlope: -36 * (0.6 + 0.8*rng.Float64()),
		gradeSlope: 100 + 200*rng.Float64(), bal0: 48.5 + 3*rng.Float64()}}
	for _, r := range a.runs {
		x := mcForm{rd: rng.Float64() < pRD, strap: rng.Float64() < pStrap, v0: r.distKm / r.dur / 3.6,
			climbLate: rng.Float64() < 0.15, drift: rng.Float64() < pDrift, balance: rng.Float64() < pBal,
			phase: 2 * math.Pi * rng.Float64()}
		if rng.Float64() < 0.3 {
			x.slowLate = 0.08 + 0.12*rng.Float64()
		}
		f.form = append(f.form, x)
	}
	return f
}

// mcFormSamples draws run r's samples every 10 s: speed, distance,
// altitude, cadence, and the running dynamics its form gives.
func mcFormSamples(rng *rand.Rand, r mcRun, x mcForm, p mcRunner) *model.Samples {
	var smp model.Samples
	n := int(r.dur*360) + 1
	dist, alt := 0.0, 100.0
	gn := 0.0
	for k := 0; k < n; k++ {
		frac := float64(k) / float64(n-1)
		late := math.Min(math.Max((frac-0.72)/0.04, 0), 1)
		v := x.v0 * (1 + 0.03*rng.NormFloat64()) * (1 - x.slowLate*late)
		g := 0.02 * math.Sin(x.phase+frac*25)
		if x.climbLate && frac > 0.72 {
			g = 0.05
		}
		if k > 0 {
			dist += 10 * v
			alt += 10 * v * g
		}
		s := model.MissingSample(float64(10 * k))
		s.SpeedMPS, s.DistM, s.AltM, s.CadenceSPM = v, dist, alt, 170
		smp.Append(s)
		if !x.rd {
			continue
		}
		gct := p.gct0 + p.speedSlope*(v-3) + p.gradeSlope*g
		if x.drift {
			gct *= 1 + 0.05*late
		}
		gn = 0.7*gn + 2*rng.NormFloat64()
		smp.Set(model.ColGroundContact, k, gct+gn+4*rng.NormFloat64())
		if x.strap {
			bal := p.bal0 + 0.5*rng.NormFloat64()
			if x.balance {
				bal -= 1.5 * late
			}
			smp.Set(model.ColGCTBalance, k, bal)
		}
	}
	return &smp
}

// formOf computes the form metrics of athlete a's runs from their samples
// (unknown for an athlete without running form), and the device key.
func formOf(a *mcAthlete) ([]model.FormMetrics, string) {
	out := make([]model.FormMetrics, len(a.runs))
	mcMu.Lock()
	f := mcFormOf[a]
	delete(mcFormOf, a)
	mcMu.Unlock()
	for i := range out {
		out[i] = model.UnknownForm()
	}
	if f == nil {
		return out, ""
	}
	rng := rand.New(rand.NewPCG(uint64(len(a.runs)), uint64(a.days)))
	for i, r := range a.runs {
		if f.form[i].rd {
			out[i] = analysis.Form(mcFormSamples(rng, r, f.form[i], f.runner), false)
		}
	}
	return out, "mc watch / strap"
}

// formTrigger is a scenario whose pain is ×4 on the runs whose planted
// form has trait (pRD, pStrap, pDrift and pBal as in addForm); redrawn
// until at least 10% of the runs have it and the pain reaches 25 events.
func formTrigger(pRD, pStrap, pDrift, pBal float64, trait func(x mcForm) bool) func(*rand.Rand) *mcAthlete {
	return func(rng *rand.Rand) *mcAthlete {
		for {
			a := mcSchedule(rng, mcSched{})
			f := addForm(rng, a, pRD, pStrap, pDrift, pBal)
			m := func(i int) float64 {
				if trait(f.form[i]) {
					return 4
				}
				return 1
			}
			exposed := 0
			for i := range a.runs {
				if m(i) > 1.5 {
					exposed++
				}
			}
			if float64(exposed) < 0.10*float64(len(a.runs)) {
				continue
			}
			if runTriggerPain(rng, a, m) {
				mcMu.Lock()
				mcFormOf[a] = f
				mcMu.Unlock()
				return a
			}
		}
	}
}

// mcFormScenarios are issue 17's scenarios.
var mcFormScenarios = []mcScenario{
	{"null_form", "as null_flare, running dynamics on 85% of runs (balance on 70% of those): 30% of runs slow late, 15% end on a climb, 25% with real form drift, 10% a balance shift, all independent of pain", "",
		func(rng *rand.Rand) *mcAthlete {
			a := mcSchedule(rng, mcSched{})
			f := addForm(rng, a, 0.85, 0.7, 0.25, 0.10)
			flarePain(rng, a)
			mcMu.Lock()
			mcFormOf[a] = f
			mcMu.Unlock()
			return a
		}},
	{"trig_form_drift", "running dynamics on every run; pain ×4 on runs whose contact time really rises 5% late (25% of runs), ≥ 25 events", analysis.ExpFormDrift,
		formTrigger(1, 1, 0.25, 0.10, func(x mcForm) bool { return x.drift })},
	{"trig_balance", "a chest strap on every run; pain ×4 on runs whose balance really shifts 1.5 points late (25% of runs), ≥ 25 events", analysis.ExpBalanceShift,
		formTrigger(1, 1, 0.10, 0.25, func(x mcForm) bool { return x.balance })},
	{"confound_slow", "running dynamics as null_form; pain ×4 on runs that slow down late or end on a climb (their contact time rises only for that), no real form drift, ≥ 25 events", "",
		formTrigger(0.85, 0.7, 0, 0.05, func(x mcForm) bool { return x.slowLate > 0 || x.climbLate })},
}

func init() {
	mcScenarios = append(mcScenarios, mcFormScenarios...)
}
