package analysis_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

// formRun is a run for the form-drift tests: its speed, grade and
// fatigue over the fraction p (0–1) of its moving time, and the running
// dynamics those give.
type formRun struct {
	minutes int
	speed   func(p float64) float64 // m/s
	grade   func(p float64) float64 // fraction
	fatigue func(p float64) float64 // extra contact time, fraction
	balance func(p float64) float64 // left %
	noGrade bool                    // no altitude
}

func (fr formRun) samples(seed uint64) *model.Samples {
	r := rand.New(rand.NewPCG(seed, 7))
	n := fr.minutes*60 + 1
	var smp model.Samples
	dist, alt := 0.0, 100.0
	for i := 0; i < n; i++ {
		p := float64(i) / float64(n-1)
		v, g := fr.speed(p), 0.0
		if fr.grade != nil {
			g = fr.grade(p)
		}
		if i > 0 {
			dist += v
			alt += v * g
		}
		x := model.MissingSample(float64(i))
		x.DistM = math.Round(dist*100) / 100
		x.SpeedMPS = math.Round(v*1000) / 1000
		x.CadenceSPM = 170
		if !fr.noGrade {
			x.AltM = math.Round((alt+0.2*r.NormFloat64())*5) / 5
		}
		x.PowerW = math.Round(70 * v * (1.04 + 9.81*g))
		smp.Append(x)
		gct := 270 - 36*(v-3) + 300*g
		if fr.fatigue != nil {
			gct *= 1 + fr.fatigue(p)
		}
		smp.Set(model.ColGroundContact, i, math.Round((gct+6*r.NormFloat64())*10)/10)
		bal := 50.0
		if fr.balance != nil {
			bal = fr.balance(p)
		}
		smp.Set(model.ColGCTBalance, i, math.Round((bal+0.8*r.NormFloat64())*100)/100)
		smp.Set(model.ColStepLength, i, math.Round(v/(170.0/60)*1000*10)/10)
	}
	return &smp
}

func constant(x float64) func(float64) float64 { return func(float64) float64 { return x } }

// ramp is a over the first three quarters, then moves to b.
func ramp(a, b float64) func(float64) float64 {
	return func(p float64) float64 {
		if p < 0.7 {
			return a
		}
		return a + (b-a)*min((p-0.7)/0.05, 1)
	}
}

func TestFormCorrectsForSpeedAndGrade(t *testing.T) {
	hills := func(p float64) float64 { return 0.04 * math.Sin(p*40) }
	tests := []struct {
		name             string
		run              formRun
		naiveLo, naiveHi float64 // the uncorrected contact-time change, %
		corrLo, corrHi   float64 // the corrected one
	}{
		{"even pace, no fatigue", formRun{minutes: 50, speed: constant(3), grade: constant(0)}, -1, 1, -1, 1},
		{"slowing late, no fatigue", formRun{minutes: 50, speed: ramp(3.4, 2.7), grade: constant(0)}, 7, 12, -1.5, 1.5},
		{"climbing late, no fatigue", formRun{minutes: 50, speed: constant(3), grade: func(p float64) float64 {
			if p > 0.72 {
				return 0.06
			}
			return hills(p)
		}}, 3, 9, -2, 2},
		{"fatigue at an even pace", formRun{minutes: 50, speed: constant(3), grade: constant(0), fatigue: ramp(0, 0.05)}, 4, 6, 4, 6},
		{"fatigue while slowing", formRun{minutes: 60, speed: ramp(3.4, 2.7), grade: hills, fatigue: ramp(0, 0.05)}, 11, 18, 3.5, 6.5},
		{"treadmill, fatigue", formRun{minutes: 40, speed: constant(3.2), noGrade: true, fatigue: ramp(0, 0.05)}, 4, 6, 4, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := analysis.Form(tt.run.samples(1), tt.run.noGrade)
			g := f.GroundContactMS
			if !g.Known() {
				t.Fatalf("contact time unknown: %+v", g)
			}
			if c := g.ChangePct(); c < tt.naiveLo || c > tt.naiveHi {
				t.Errorf("uncorrected change %+.2f%%, want %v to %v (%+v)", c, tt.naiveLo, tt.naiveHi, g)
			}
			if c := g.CorrectedPct(); c < tt.corrLo || c > tt.corrHi {
				t.Errorf("corrected change %+.2f%%, want %v to %v (%+v)", c, tt.corrLo, tt.corrHi, g)
			}
			if !f.StepLengthMM.Known() || f.PowerW.Known() != true {
				t.Errorf("step length or power unknown: %+v", f)
			}
			if tt.run.noGrade != math.IsNaN(f.GradeEarlyPct) {
				t.Errorf("grade %v with noGrade %v", f.GradeEarlyPct, tt.run.noGrade)
			}
		})
	}
}

func TestFormBalance(t *testing.T) {
	run := formRun{minutes: 45, speed: constant(3), grade: constant(0), balance: ramp(49, 47.5)}
	f := analysis.Form(run.samples(2), false)
	b := f.BalanceLeftPct
	if !b.Known() || math.Abs(f.BalanceChangePts()+1.5) > 0.3 || math.Abs(f.BalanceCorrectedPts()+1.5) > 0.3 {
		t.Fatalf("balance %+v: change %.2f, corrected %.2f points, want about -1.5", b, f.BalanceChangePts(), f.BalanceCorrectedPts())
	}
	// Against a baseline of 49% the late balance is 1.5 points farther
	// away than expected; against 47% it came closer.
	if s := f.BalanceShiftPts(49); math.Abs(s-1.5) > 0.3 {
		t.Errorf("shift from 49%%: %.2f points, want about 1.5", s)
	}
	if s := f.BalanceShiftPts(47); s > -1 {
		t.Errorf("shift from 47%%: %.2f points, want about -1.5", s)
	}
	set := analysis.DefaultSettings()
	if !set.BalanceShift(f.BalanceShiftPts(49)).Yes() || set.BalanceShift(f.BalanceShiftPts(47)).Yes() {
		t.Errorf("balance shift flags wrong")
	}
}

func TestFormUnknown(t *testing.T) {
	short := formRun{minutes: 15, speed: constant(3), grade: constant(0)}
	if f := analysis.Form(short.samples(3), false); f.Known() {
		t.Errorf("a 15-minute run has form metrics: %+v", f)
	}
	long := formRun{minutes: 40, speed: constant(3), grade: constant(0)}
	smp := long.samples(4)
	for c := model.CoreSampleColumns; c < model.NumSampleColumns; c++ {
		*smp.Columns()[c] = nil
	}
	smp.PowerW = make([]float64, smp.Len())
	for i := range smp.PowerW {
		smp.PowerW[i] = math.NaN()
	}
	if f := analysis.Form(smp, false); f.Known() {
		t.Errorf("a run without running dynamics has form metrics: %+v", f)
	}
	// Zeros while stopped are not contact times: a run whose sensor wrote
	// only zeros has none.
	smp = long.samples(5)
	for i := range smp.GroundContactMS {
		smp.GroundContactMS[i] = 0
	}
	if f := analysis.Form(smp, false); f.GroundContactMS.Known() {
		t.Errorf("zeros gave a contact time: %+v", f.GroundContactMS)
	}
	set := analysis.DefaultSettings()
	if set.FormDrift(math.NaN()).Known() || set.BalanceShift(math.NaN()).Known() {
		t.Errorf("unknown drift gave a known flag")
	}
}

// TestFormStrydFallback: a run with Stryd's ground time and vertical
// oscillation (cm) but no native ones is measured from Stryd's.
func TestFormStrydFallback(t *testing.T) {
	run := formRun{minutes: 40, speed: constant(3), grade: constant(0), fatigue: ramp(0, 0.05)}
	smp := run.samples(6)
	smp.StrydGroundTimeMS, smp.GroundContactMS = smp.GroundContactMS, nil
	smp.StrydVerticalOscillationCM = make([]float64, smp.Len())
	for i := range smp.StrydVerticalOscillationCM {
		smp.StrydVerticalOscillationCM[i] = 7.5
	}
	f := analysis.Form(smp, false)
	if c := f.GroundContactMS.CorrectedPct(); !(c > 4 && c < 6) {
		t.Errorf("Stryd ground time: corrected %+.2f%%, want about +5", c)
	}
	if v := f.VerticalOscillationMM; v.Early != 75 || v.Late != 75 {
		t.Errorf("Stryd vertical oscillation %+v, want 75 mm", v)
	}
}

// TestFormOnSyntheticAthlete: the synthetic runner's planted late form
// drift is found (corrected contact-time rise at or above the default 3%)
// and her other runs are mostly clear, although many of them slow down or
// climb late.
func TestFormOnSyntheticAthlete(t *testing.T) {
	set := analysis.DefaultSettings()
	var drift, driftYes, other, otherYes, known int
	for seed := int64(1); seed <= 2; seed++ {
		a := synth.Generate(synth.Config{Seed: seed, Months: 3})
		n := 0
		for i := range a.Sessions {
			s := &a.Sessions[i]
			if s.Sport != model.Running {
				continue
			}
			n++
			f := analysis.Form(&s.Samples, analysis.IsIndoor(s.SubSport))
			if s.Recorder.FormSensor == "wrist" && f.BalanceLeftPct.Known() {
				t.Errorf("seed %d run %d: a wrist run has a balance", seed, n)
			}
			c := f.GroundContactMS.CorrectedPct()
			if math.IsNaN(c) {
				continue
			}
			known++
			yes := set.FormDrift(c).Yes()
			if synth.HasFormDrift(seed, n) {
				drift++
				if yes {
					driftYes++
				}
			} else {
				other++
				if yes {
					otherYes++
				}
			}
		}
	}
	t.Logf("form drift found in %d of %d planted runs, %d of %d others (%d runs measured)", driftYes, drift, otherYes, other, known)
	if drift == 0 || float64(driftYes) < 0.8*float64(drift) || float64(otherYes) > 0.15*float64(other) {
		t.Errorf("found in %d of %d planted runs (want ≥ 80%%), %d of %d others (want ≤ 15%%)", driftYes, drift, otherYes, other)
	}
}

// TestFormOnset: the 10 minutes before a pain are compared with what the
// rest of the run predicts at their speed and grade, so that slowing down
// before it raises the contact time without raising the comparison, and a
// real rise shows.
func TestFormOnset(t *testing.T) {
	window := func(a, b, x, y float64) func(float64) float64 {
		return func(p float64) float64 {
			if p >= a && p < b {
				return y
			}
			return x
		}
	}
	// Pain 30 minutes into a 50-minute run: the window is 20–30 min.
	from, to := 20*60.0, 30*60.0
	slow := formRun{minutes: 50, speed: window(0.4, 0.6, 3.3, 2.7), grade: constant(0)}
	f := analysis.FormOnset(slow.samples(8), false, from, to)
	g := f.GroundContactMS
	if !g.Known() || math.Abs(g.CorrectedPct()) > 1.5 || g.Late < g.Early*1.04 {
		t.Errorf("slowing before the pain: %+v (corrected %+.2f%%), want a raw rise and a corrected one near 0", g, g.CorrectedPct())
	}
	tired := formRun{minutes: 50, speed: constant(3), grade: constant(0), fatigue: window(0.4, 0.6, 0, 0.06)}
	g = analysis.FormOnset(tired.samples(9), false, from, to).GroundContactMS
	if c := g.CorrectedPct(); !(c > 4.5 && c < 7.5) {
		t.Errorf("a rise before the pain: corrected %+.2f%%, want about +6", c)
	}
	if f := analysis.FormOnset(tired.samples(9), false, 49*60, 50*60); f.GroundContactMS.Known() {
		t.Errorf("a one-minute window was compared: %+v", f.GroundContactMS)
	}
}
