package analysis_test

// The Monte Carlo's athletes (docs/statistics.md, "Monte Carlo"): an
// independent generator of training and of back pain that behaves as real
// back pain does (flare-ups, training blocks), with the issue-13 scenarios.
// It shares nothing with package analysis but its input types: the
// planted triggers are decided here, from this file's own exposures, and
// the report is built by analysis.BuildReport as the app builds it.
//
// Times are hours since local midnight of day 0; day d spans
// [24d, 24d+24). mcInput turns an athlete into a report's input in a real
// time zone (local clock times are kept, so days are local days).

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// Flag values of run properties.
const (
	mcNo      int8 = 0
	mcYes     int8 = 1
	mcUnknown int8 = -1
)

// mcRun is one run.
type mcRun struct {
	start, dur float64 // hours
	distKm     float64
	hilly      int8
	drift      int8
}

func (r mcRun) end() float64 { return r.start + r.dur }
func (r mcRun) day() int     { return int(math.Floor(r.start / 24)) }

// mcLift is one strength session.
type mcLift struct {
	start    float64
	deadlift bool
	vol      float64 // deadlift volume, kg × reps
}

// mcPain is one diary entry; sev 0 is a pain-free check-in.
type mcPain struct {
	day int
	t   float64 // NaN for a date-only entry
	sev int
}

// mcAthlete is one simulated record.
type mcAthlete struct {
	days  int // the data span [0, days)
	runs  []mcRun
	lifts []mcLift
	pain  []mcPain
}

// mcExposure is what came before one run, as this file computes it
// (windows end at the run's start and include both ends).
type mcExposure struct {
	d48, s48, d14 bool
	vol72         float64
	hilly, drift  int8
}

// mcLiftIndex answers window questions over sorted lifts.
type mcLiftIndex struct {
	st      []float64
	dlCount []int
	volCum  []float64
}

func newMCLiftIndex(l []mcLift) *mcLiftIndex {
	n := len(l)
	x := &mcLiftIndex{st: make([]float64, n), dlCount: make([]int, n+1), volCum: make([]float64, n+1)}
	for i, s := range l {
		x.st[i] = s.start
		x.dlCount[i+1], x.volCum[i+1] = x.dlCount[i], x.volCum[i]
		if s.deadlift {
			x.dlCount[i+1]++
			x.volCum[i+1] += s.vol
		}
	}
	return x
}

func (x *mcLiftIndex) from(t float64) int { return sort.SearchFloat64s(x.st, t) }
func (x *mcLiftIndex) upto(t float64) int {
	return sort.Search(len(x.st), func(i int) bool { return x.st[i] > t })
}

// window reports, for [t−h, t]: any lift, any deadlift, deadlift volume.
func (x *mcLiftIndex) window(t, h float64) (any, dl bool, vol float64) {
	lo, hi := x.from(t-h), x.upto(t)
	return hi > lo, x.dlCount[hi] > x.dlCount[lo], x.volCum[hi] - x.volCum[lo]
}

// mcExposures computes every run's exposure.
func mcExposures(a *mcAthlete) []mcExposure {
	x := newMCLiftIndex(a.lifts)
	out := make([]mcExposure, len(a.runs))
	for i, r := range a.runs {
		e := mcExposure{hilly: r.hilly, drift: r.drift}
		e.s48, e.d48, _ = x.window(r.start, 48)
		_, e.d14, _ = x.window(r.start, 14*24)
		_, _, e.vol72 = x.window(r.start, 72)
		out[i] = e
	}
	return out
}

// mcSched shapes an athlete's training.
type mcSched struct {
	// newHabit: no deadlifts in the first half; deadlift blocks after.
	newHabit bool
	// liftOnRestDays: strength sessions only on weekdays without runs.
	liftOnRestDays bool
	// hillsAfterDeadlift: the runs 12–40 h after a deadlift session are
	// hilly (80%), other runs rarely (10%): the confounded bystander.
	hillsAfterDeadlift bool
}

// blockSeq returns, per week, whether a block is on: on for 3–4 weeks,
// off for 2–3, from a random phase.
func blockSeq(rng *rand.Rand, weeks int) []bool {
	out := make([]bool, weeks+2)
	on := rng.IntN(2) == 0
	left := 1 + rng.IntN(3)
	if on {
		left = 1 + rng.IntN(4)
	}
	for w := range out {
		if left == 0 {
			on = !on
			left = 2 + rng.IntN(2)
			if on {
				left = 3 + rng.IntN(2)
			}
		}
		out[w] = on
		left--
	}
	return out
}

// pickDays picks k distinct weekdays from the candidates.
func pickDays(rng *rand.Rand, cand []int, k int) []int {
	c := append([]int(nil), cand...)
	rng.Shuffle(len(c), func(i, j int) { c[i], c[j] = c[j], c[i] })
	out := c[:min(k, len(c))]
	sort.Ints(out)
	return out
}

func b2f(b bool) int8 {
	if b {
		return mcYes
	}
	return mcNo
}

// mcSchedule draws an athlete's runs and strength sessions over 6–12
// months: runs 3–5 a week on fixed weekdays (88% each) with a long run at
// the weekend, strength 1–3 times a week (85% each) with deadlift blocks
// and hill phases of 3–4 weeks on and 2–3 off, easy and big weeks, cadence
// drift on 20% of runs (35% of long ones), 3% without cadence.
func mcSchedule(rng *rand.Rand, o mcSched) *mcAthlete {
	a := &mcAthlete{}
	months := 6 + rng.IntN(7)
	a.days = int(math.Round(float64(months) * 30.44))
	weeks := a.days/7 + 1
	weekday0 := rng.IntN(7)
	k := 3 + rng.IntN(3)
	longDay := 5 + rng.IntN(2)
	var others []int
	for d := 0; d < 7; d++ {
		if d != longDay {
			others = append(others, d)
		}
	}
	runDays := append(pickDays(rng, others, k-1), longDay)
	var isRunDay [7]bool
	for _, d := range runDays {
		isRunDay[d] = true
	}
	s := 1 + rng.IntN(3)
	var liftCand []int
	for d := 0; d < 7; d++ {
		if !o.liftOnRestDays || !isRunDay[d] {
			liftCand = append(liftCand, d)
		}
	}
	var isLiftDay [7]int
	for i, d := range pickDays(rng, liftCand, s) {
		isLiftDay[d] = i + 1 // 1: the week's main (deadlift) session
	}
	morning := 0.2 + 0.7*rng.Float64()
	speed := 9.5 + 2.5*rng.Float64() // km/h
	baseKg := 60 + 80*rng.Float64()
	liftHour := 17.5 + 2*rng.Float64()
	dl := blockSeq(rng, weeks)
	hills := blockSeq(rng, weeks)
	if o.newHabit {
		half := weeks / 2
		for w := range dl {
			if w < half {
				dl[w] = false
			}
		}
		for w := half; w < half+3 && w < len(dl); w++ {
			dl[w] = true
		}
	}
	mult := make([]float64, weeks+2)
	for w := range mult {
		m := 0.85 + 0.3*rng.Float64()
		if w%4 == 3 {
			m *= 0.7
		}
		if rng.Float64() < 0.15 {
			m *= 1.35
		}
		mult[w] = m
	}
	blockWeek := 0
	for day := 0; day < a.days; day++ {
		wd := (weekday0 + day) % 7
		w := day / 7
		if wd == 0 {
			if dl[w] {
				blockWeek++
			} else {
				blockWeek = 0
			}
		}
		if isLiftDay[wd] > 0 && rng.Float64() < 0.85 {
			l := mcLift{start: float64(day)*24 + liftHour + 0.5*rng.NormFloat64()}
			if dl[w] {
				p := 0.9
				if s >= 2 {
					p = 0.95
					if isLiftDay[wd] > 1 {
						p = 0.35
					}
				}
				if rng.Float64() < p {
					l.deadlift = true
					sets := 3 + rng.IntN(3)
					reps := 3 + rng.IntN(6)
					kg := baseKg * (1 + 0.04*float64(blockWeek)) * (0.9 + 0.2*rng.Float64())
					l.vol = math.Round(float64(sets*reps)*kg/2.5) * 2.5
				}
			}
			a.lifts = append(a.lifts, l)
		}
		run := isRunDay[wd] && rng.Float64() < 0.88
		if !isRunDay[wd] && rng.Float64() < 0.05 && isLiftDay[wd] == 0 {
			run = true
		}
		if !run {
			continue
		}
		r := mcRun{}
		if wd == longDay {
			r.start = float64(day)*24 + 8 + 2*rng.Float64()
			r.dur = (1.2 + 0.8*rng.Float64()) * math.Sqrt(mult[w])
		} else {
			if rng.Float64() < morning {
				r.start = float64(day)*24 + 6 + 2.5*rng.Float64()
			} else {
				r.start = float64(day)*24 + 17 + 2.5*rng.Float64()
			}
			r.dur = (0.5 + 0.4*rng.Float64()) * mult[w]
		}
		r.distKm = math.Round(r.dur*speed*(0.95+0.1*rng.Float64())*10) / 10
		ph := 0.08
		if hills[w] {
			ph = 0.6
		}
		r.hilly = b2f(rng.Float64() < ph)
		pd := 0.2
		if r.dur > 1.1 {
			pd = 0.35
		}
		r.drift = b2f(rng.Float64() < pd)
		if rng.Float64() < 0.03 {
			r.drift = mcUnknown
		}
		a.runs = append(a.runs, r)
	}
	sort.Slice(a.lifts, func(i, j int) bool { return a.lifts[i].start < a.lifts[j].start })
	sort.Slice(a.runs, func(i, j int) bool { return a.runs[i].start < a.runs[j].start })
	if o.hillsAfterDeadlift {
		x := newMCLiftIndex(a.lifts)
		for i := range a.runs {
			t := a.runs[i].start
			lo, hi := x.from(t-40), x.from(t-12)
			p := 0.1
			if x.dlCount[hi] > x.dlCount[lo] {
				p = 0.8
			}
			a.runs[i].hilly = b2f(rng.Float64() < p)
		}
	}
	return a
}

// runEvent draws a pain entry that belongs to run r: during it, 0.5–8 h
// after, or date-only on its day.
func runEvent(rng *rand.Rand, r mcRun, pDuring, pAfter float64) mcPain {
	sev := 2 + rng.IntN(6)
	u := rng.Float64()
	switch {
	case u < pDuring:
		t := r.start + (0.2+0.7*rng.Float64())*r.dur
		return mcPain{day: int(math.Floor(t / 24)), t: t, sev: sev}
	case u < pDuring+pAfter:
		t := r.end() + 0.5 + 7.5*rng.Float64()
		return mcPain{day: int(math.Floor(t / 24)), t: t, sev: sev}
	}
	return mcPain{day: r.day(), t: math.NaN(), sev: sev}
}

// dayEvent draws an entry on a day: timed at 7–22 h (70%) or date-only.
func dayEvent(rng *rand.Rand, day int) mcPain {
	sev := 2 + rng.IntN(6)
	if rng.Float64() < 0.7 {
		return mcPain{day: day, t: float64(day)*24 + 7 + 15*rng.Float64(), sev: sev}
	}
	return mcPain{day: day, t: math.NaN(), sev: sev}
}

// flarePain adds the null pain process: flare-ups of 3–10 days, about one
// a month (the gap after a flare is 6 + Gamma(2, 10) days), during which
// most runs hurt (80%) and some rest days get an entry (35%), plus rare
// pain after other runs (2%); all independent of training.
func flarePain(rng *rand.Rand, a *mcAthlete) {
	byDay := map[int][]int{}
	for i, r := range a.runs {
		byDay[r.day()] = append(byDay[r.day()], i)
	}
	inFlare := make([]bool, a.days+20)
	for t := rng.Float64() * 35; int(t) < a.days; {
		l := 3 + rng.IntN(8)
		for d := int(t); d < int(t)+l && d < a.days; d++ {
			inFlare[d] = true
			if rs := byDay[d]; len(rs) > 0 {
				for _, i := range rs {
					if rng.Float64() < 0.8 {
						a.pain = append(a.pain, runEvent(rng, a.runs[i], 0.6, 0.2))
					}
				}
			} else if rng.Float64() < 0.35 {
				a.pain = append(a.pain, dayEvent(rng, d))
			}
		}
		t += float64(l) + 6 + (rng.ExpFloat64()+rng.ExpFloat64())*10
	}
	for _, r := range a.runs {
		if !inFlare[r.day()] && rng.Float64() < 0.02 {
			a.pain = append(a.pain, runEvent(rng, r, 0.6, 0.2))
		}
	}
}

// painCount counts the entries with severity 1 or more in the data span.
func painCount(a *mcAthlete) int {
	n := 0
	for _, p := range a.pain {
		if p.sev >= 1 && p.day < a.days {
			n++
		}
	}
	return n
}

// runTriggerPain plants a per-run trigger: each run hurts with probability
// base·mult(i), the base raised from 0.075 so that about 32 events are
// expected; redrawn until there are at least 25.
func runTriggerPain(rng *rand.Rand, a *mcAthlete, mult func(i int) float64) bool {
	sum := 0.0
	for i := range a.runs {
		sum += mult(i)
	}
	base := math.Max(0.075, 32/sum)
	for range 60 {
		a.pain = a.pain[:0]
		for i, r := range a.runs {
			if rng.Float64() < math.Min(0.9, base*mult(i)) {
				a.pain = append(a.pain, runEvent(rng, r, 0.65, 0.2))
			}
		}
		if painCount(a) >= 25 {
			return true
		}
	}
	return false
}

// restDayPain plants next-day pain after lifting on rest days: the day
// after a deadlift session, pain with probability 0.45 at 7–21 h (a second
// day with probability 0.3); 4% of runs hurt anyway. Redrawn until there
// are 25 events.
func restDayPain(rng *rand.Rand, a *mcAthlete) bool {
	p := 0.45
	for range 60 {
		a.pain = a.pain[:0]
		for _, l := range a.lifts {
			if !l.deadlift || rng.Float64() >= p {
				continue
			}
			d := int(math.Floor(l.start/24)) + 1
			if d >= a.days {
				continue
			}
			a.pain = append(a.pain, dayEvent(rng, d))
			if rng.Float64() < 0.3 && d+1 < a.days {
				a.pain = append(a.pain, dayEvent(rng, d+1))
			}
		}
		for _, r := range a.runs {
			if rng.Float64() < 0.04 {
				a.pain = append(a.pain, runEvent(rng, r, 0.65, 0.2))
			}
		}
		if painCount(a) >= 25 {
			return true
		}
		p = math.Min(0.9, p*1.1)
	}
	return false
}

// mcScenario makes one athlete and says which suspect is planted ("" for
// none).
type mcScenario struct {
	name, desc string
	planted    string
	make       func(rng *rand.Rand) *mcAthlete
}

// runTrigger is a per-run trigger scenario: the schedule is redrawn until
// at least 10% of the runs have the exposure (a runner who never meets it
// cannot show it) and the pain reaches 25 events.
func runTrigger(o mcSched, mult func(a *mcAthlete, ex []mcExposure) func(i int) float64) func(*rand.Rand) *mcAthlete {
	return func(rng *rand.Rand) *mcAthlete {
		for {
			a := mcSchedule(rng, o)
			m := mult(a, mcExposures(a))
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
				return a
			}
		}
	}
}

// times4 multiplies the risk of the runs with f by 4.
func times4(f func(e mcExposure) bool) func(a *mcAthlete, ex []mcExposure) func(i int) float64 {
	return func(a *mcAthlete, ex []mcExposure) func(i int) float64 {
		return func(i int) float64 {
			if f(ex[i]) {
				return 4
			}
			return 1
		}
	}
}

// mcScenarios are issue 13's scenarios.
var mcScenarios = []mcScenario{
	{"null_flare", "flare-ups (3–10 d, about monthly, 80% of runs hurt) and training blocks, independent", "",
		func(rng *rand.Rand) *mcAthlete {
			a := mcSchedule(rng, mcSched{})
			flarePain(rng, a)
			return a
		}},
	{"null_newhabit", "as null_flare, deadlifts taken up halfway", "",
		func(rng *rand.Rand) *mcAthlete {
			a := mcSchedule(rng, mcSched{newHabit: true})
			flarePain(rng, a)
			return a
		}},
	{"trig_deadlift48h", "pain ×4 on runs within 48 h of a deadlift session, ≥ 25 events", analysis.ExpDeadlift48h,
		runTrigger(mcSched{}, times4(func(e mcExposure) bool { return e.d48 }))},
	{"trig_hilly", "pain ×4 on hilly runs, ≥ 25 events", analysis.ExpHillyRun,
		runTrigger(mcSched{}, times4(func(e mcExposure) bool { return e.hilly == mcYes }))},
	{"trig_drift", "pain ×4 on runs with late cadence drift, ≥ 25 events", analysis.ExpCadenceDrift,
		runTrigger(mcSched{}, times4(func(e mcExposure) bool { return e.drift == mcYes }))},
	{"bystander", "pain ×4 on hilly runs, and the hills run 12–40 h after deadlifts (80%), ≥ 25 events", analysis.ExpHillyRun,
		runTrigger(mcSched{hillsAfterDeadlift: true}, times4(func(e mcExposure) bool { return e.hilly == mcYes }))},
	{"restday", "lifting on rest days, pain the next day after 45% of deadlift sessions, ≥ 25 events", analysis.ExpDeadlift48h,
		func(rng *rand.Rand) *mcAthlete {
			for {
				a := mcSchedule(rng, mcSched{liftOnRestDays: true})
				if restDayPain(rng, a) {
					return a
				}
			}
		}},
	{"dose", "pain × exp(1.4 × deadlift volume in 72 h / the runner's median): ×4 at the median, ≥ 25 events", analysis.ExpDeadliftVolume,
		runTrigger(mcSched{}, func(a *mcAthlete, ex []mcExposure) func(i int) float64 {
			var v []float64
			for _, e := range ex {
				if e.vol72 > 0 {
					v = append(v, e.vol72)
				}
			}
			ref := 1.0
			if len(v) > 0 {
				sort.Float64s(v)
				ref = v[len(v)/2]
			}
			return func(i int) float64 { return math.Exp(1.4 * ex[i].vol72 / ref) }
		})},
}

// mcZone is the athletes' time zone: one with daylight saving.
var mcZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return loc
}()

// mcDay0 is day 0's local midnight.
var mcDay0 = time.Date(2024, 1, 8, 0, 0, 0, 0, mcZone)

// mcInstant turns hours since day 0 into an instant at that local clock
// time (time.Date normalises the nanoseconds on the wall clock).
func mcInstant(t float64) time.Time {
	d := int(math.Floor(t / 24))
	ns := int((t - 24*float64(d)) * float64(time.Hour))
	return time.Date(mcDay0.Year(), mcDay0.Month(), mcDay0.Day()+d, 0, 0, 0, ns, mcZone).UTC()
}

// mcDate returns day d's local date.
func mcDate(d int) string { return mcDay0.AddDate(0, 0, d).Format(time.DateOnly) }

// mcInput turns an athlete into a report's input, with the exposures
// computed by analysis.Exposures as the app computes them, and the diary
// declared from day 0.
func mcInput(a *mcAthlete) analysis.ReportInput {
	set := analysis.DefaultSettings()
	set.DiaryStart = mcDate(0)
	var eruns []model.ExposureRun
	var elifts []model.ExposureStrength
	var in analysis.ReportInput
	id := int64(0)
	for _, l := range a.lifts {
		id++
		s := analysis.ReportStrength{ID: id, Start: mcInstant(l.start), DeadliftVolumeKg: math.NaN()}
		if l.deadlift {
			s.DeadliftSets, s.DeadliftVolumeKg = 3, l.vol
		}
		in.Strength = append(in.Strength, s)
		elifts = append(elifts, model.ExposureStrength{SessionID: id, Start: s.Start, DeadliftSets: s.DeadliftSets, DeadliftVolumeKg: l.vol})
	}
	for _, r := range a.runs {
		id++
		climb, drift := 5.0, -1.0
		switch r.hilly {
		case mcYes:
			climb = 25
		case mcUnknown:
			climb = math.NaN()
		}
		switch r.drift {
		case mcYes:
			drift = -5
		case mcUnknown:
			drift = math.NaN()
		}
		st := mcInstant(r.start)
		in.Runs = append(in.Runs, analysis.ReportRun{ID: id, Start: st, ElapsedS: r.dur * 3600, LocalDate: mcDate(r.day()), DistanceM: r.distKm * 1000})
		eruns = append(eruns, model.ExposureRun{SessionID: id, Start: st, ClimbPerKm: climb, CadenceDriftPct: drift})
	}
	ex := analysis.Exposures(eruns, elifts, set)
	for i := range in.Runs {
		in.Runs[i].Exposure = ex[i]
	}
	for _, p := range a.pain {
		if p.day >= a.days {
			continue
		}
		e := model.PainEvent{LocalDate: mcDate(p.day), TZ: mcZone.String(), Severity: p.sev, Location: "lower back"}
		if !math.IsNaN(p.t) {
			m := int(math.Floor((p.t - 24*float64(p.day)) * 60))
			e.LocalTime = fmt.Sprintf("%02d:%02d", m/60, m%60)
		}
		in.Pain = append(in.Pain, e)
	}
	in.Settings = set
	in.GeneratedAt = mcDay0.AddDate(0, 0, a.days).UTC()
	in.Sessions = len(in.Runs) + len(in.Strength)
	in.FirstDate, in.LastDate = mcDate(0), mcDate(a.days-1)
	return in
}
