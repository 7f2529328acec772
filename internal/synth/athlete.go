package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
	_ "time/tzdata" // Europe/London must load on any machine, for DST.

	"github.com/backtrack/backtrack/model"
)

// The pain triggers [Config.Trigger] can plant.
const (
	// TriggerDeadlift48h makes pain likely after runs that start within
	// 48 hours after a strength session with deadlift sets.
	TriggerDeadlift48h = "deadlift_48h"
	// TriggerNone makes pain independent of everything.
	TriggerNone = "none"
	// TriggerFormDrift makes pain likely during or after runs whose
	// contact time rises late at equal speed and grade (planted form
	// drift, see FormDriftRise): late in the run when during it.
	TriggerFormDrift = "form_drift"
)

// Pain probabilities per run.
const (
	// PainAfterDeadlift is the chance of pain after a run that starts 0–48 h
	// after a strength session with deadlift sets (trigger deadlift_48h).
	PainAfterDeadlift = 0.45
	// PainOtherwise is the chance of pain after any other run (trigger
	// deadlift_48h).
	PainOtherwise = 0.05
	// PainIndependent is the chance of pain after every run (trigger none).
	PainIndependent = 0.10
	// PainAfterFormDrift is the chance of pain with a run that has planted
	// form drift (trigger form_drift); other runs have PainOtherwise.
	PainAfterFormDrift = 0.45
)

// SpecialNote is a pain note that every athlete with pain events carries at
// least once: a comma, double quotes and non-ASCII text, to exercise CSV
// quoting and encodings.
const SpecialNote = `Tight after 3 km, "sharp" on the hill — glute`

// Config describes the athlete to generate.
type Config struct {
	// Seed selects the athlete; the same Config always gives the same one.
	Seed int64
	// Start is the first day: its calendar date (in Start's own location)
	// is taken as a local date in Zone. The zero value means 2024-01-01.
	Start time.Time
	// Months is how long the record runs; 0 means 6.
	Months int
	// Zone is where the athlete lives; nil means Europe/London (so that the
	// record crosses daylight-saving changes).
	Zone *time.Location
	// Trigger is the planted pain trigger: TriggerDeadlift48h (the default
	// for ""), TriggerFormDrift or TriggerNone.
	Trigger string
}

// Validate reports whether c can be generated: a known trigger and a
// non-negative length.
func (c Config) Validate() error {
	switch c.Trigger {
	case "", TriggerDeadlift48h, TriggerFormDrift, TriggerNone:
	default:
		return fmt.Errorf("synth config: unknown trigger %q (want %q, %q or %q)", c.Trigger, TriggerDeadlift48h, TriggerFormDrift, TriggerNone)
	}
	if c.Months < 0 {
		return fmt.Errorf("synth config: negative months %d", c.Months)
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Months == 0 {
		c.Months = 6
	}
	if c.Zone == nil {
		loc, err := time.LoadLocation("Europe/London")
		if err != nil { // cannot happen: time/tzdata is linked in
			panic(fmt.Sprintf("synth: load Europe/London: %v", err))
		}
		c.Zone = loc
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Trigger == "" {
		c.Trigger = TriggerDeadlift48h
	}
	return c
}

// Athlete is a generated runner who lifts, and her pain log.
type Athlete struct {
	// Sessions are the runs and strength sessions, in start order. Runs have
	// 1 Hz samples and 1 km laps (none from [GenerateSummaries]); strength
	// sessions have sets. Every value is already rounded to what its FIT
	// file stores, so a decoder's output can be compared exactly.
	Sessions []model.Session
	// Pain is the pain log in time order.
	Pain []model.PainEvent
	// Zone is the athlete's time zone.
	Zone *time.Location
}

// Generate makes the athlete c describes, with full 1 Hz samples. It is
// deterministic: the same Config gives identical sessions and pain events.
// It panics if c is not valid (see [Config.Validate]).
func Generate(c Config) *Athlete {
	p := makePlan(c)
	a := &Athlete{Zone: p.zone, Pain: p.pain, Sessions: make([]model.Session, 0, len(p.items))}
	for _, it := range p.items {
		if it.run != nil {
			a.Sessions = append(a.Sessions, genRun(it.run))
		} else {
			a.Sessions = append(a.Sessions, it.strength)
		}
	}
	return a
}

// GenerateSummaries follows the same plan as [Generate] (same session
// starts, sports, sets and the same pain events) but makes no samples or
// laps: run durations are exact, while distance, ascent, average heart rate
// and cadence are the plan's estimates (within a few percent of Generate's).
// It is cheap enough for Monte-Carlo tests. It panics if c is not valid.
func GenerateSummaries(c Config) *Athlete {
	p := makePlan(c)
	a := &Athlete{Zone: p.zone, Pain: p.pain, Sessions: make([]model.Session, 0, len(p.items))}
	for _, it := range p.items {
		if it.run != nil {
			a.Sessions = append(a.Sessions, summarizeRun(it.run))
		} else {
			a.Sessions = append(a.Sessions, it.strength)
		}
	}
	return a
}

// Pause kinds of a run.
const (
	pauseNone     = iota
	pauseAuto     // the timer stops: no records
	pauseStanding // the timer runs: records at speed 0
)

// runPlan is everything that decides a run before its samples are drawn.
type runPlan struct {
	n          int // 1-based run number
	start      time.Time
	offsetS    int
	route      *route // nil for a treadmill run
	movingS    int    // moving seconds
	pauseKind  int
	pauseAtS   int // elapsed seconds at which the pause starts
	pauseS     int
	baseMPS    float64
	cadence0   float64 // steps/min on the flat at base speed
	drift      bool    // late cadence drop
	driftDrop  float64 // fraction the cadence drops by
	fatigue    bool    // the drift comes with slowing
	fractional bool    // the FIT file has fractional cadence
	seed       [2]uint64
	form       runForm    // planted form drift, strap, Stryd
	formP      formParams // the runner's own form
}

// elapsedS is the run's wall-clock length in seconds.
func (p *runPlan) elapsedS() int {
	if p.pauseKind == pauseNone {
		return p.movingS
	}
	return p.movingS + p.pauseS
}

// timerS is the run's timer time in seconds (auto-pauses excluded).
func (p *runPlan) timerS() int {
	if p.pauseKind == pauseAuto {
		return p.movingS
	}
	return p.elapsedS()
}

type planItem struct {
	run      *runPlan
	strength model.Session
}

type plan struct {
	zone  *time.Location
	items []planItem
	pain  []model.PainEvent
}

// deadliftBlock returns the first day and the end day (exclusive) of the
// multi-week block without deadlifts, for a record of total days.
func deadliftBlock(total int) (from, to int) {
	from = int(math.Round(0.4 * float64(total)))
	to = from + max(28, int(math.Round(0.27*float64(total))))
	return from, to
}

// IsFractionalRun reports whether run number n (1-based, in start order)
// is written with fractional cadence; its samples are rounded to match.
func IsFractionalRun(n int) bool { return n%8 == 3 }

// HasStravaCopy reports whether run number n (1-based) also gets a
// Strava-style GPX copy in [Athlete.WriteExport].
func HasStravaCopy(n int) bool { return n%5 == 0 }

func makePlan(c Config) *plan {
	if err := c.Validate(); err != nil {
		panic(err)
	}
	c = c.withDefaults()
	zone := c.Zone
	r := rand.New(rand.NewPCG(uint64(c.Seed), 0x5eedba5e))
	y, m, d := c.Start.Date()
	first := time.Date(y, m, d, 0, 0, 0, 0, zone)
	last := first.AddDate(0, c.Months, 0)
	total := 0
	for time.Date(y, m, d+total, 0, 0, 0, 0, zone).Before(last) {
		total++
	}
	blockFrom, blockTo := deadliftBlock(total)

	p := &plan{zone: zone}
	formP := drawFormParams(c.Seed)
	runs := 0
	// Per weekday (Sunday first): chance of a run, chance of a strength session.
	runChance := [7]float64{0.85, 0.3, 0.8, 0.4, 0.75, 0.2, 0.8}
	liftChance := [7]float64{0, 0.9, 0, 0, 0.9, 0, 0.15}
	for day := 0; day < total; day++ {
		date := time.Date(y, m, d+day, 0, 0, 0, 0, zone)
		wd := date.Weekday()
		at := func(h, min, sec int) time.Time {
			return time.Date(date.Year(), date.Month(), date.Day(), h, min, sec, 0, zone).UTC()
		}
		week := day / 7
		if r.Float64() < liftChance[wd] {
			variant := 0
			h, mi := 18, r.IntN(90)
			switch wd {
			case time.Thursday:
				variant = 1
			case time.Saturday:
				variant, h, mi = 2, 16, r.IntN(60)
			}
			deadlift := (day < blockFrom || day >= blockTo) && variant != 2 && r.Float64() < 0.85
			st := strengthSession(r, at(h, mi, r.IntN(60)), zone, variant, deadlift, week)
			p.items = append(p.items, planItem{strength: st})
		}
		if r.Float64() < runChance[wd] {
			runs++
			rp := &runPlan{n: runs, fractional: IsFractionalRun(runs),
				seed:  [2]uint64{uint64(c.Seed), 0x7275_6e00_0000_0000 | uint64(runs)},
				form:  drawRunForm(c.Seed, runs),
				formP: formP}
			weekend := wd == time.Saturday || wd == time.Sunday
			var minutes float64
			if weekend {
				rp.start = at(8, r.IntN(150), r.IntN(60))
			} else {
				rp.start = at(6, 15+r.IntN(90), r.IntN(60))
			}
			rp.offsetS = zoneOffset(zone, rp.start)
			u := r.Float64()
			routes := routes()
			switch wd {
			case time.Saturday:
				minutes = 40 + 30*r.Float64()
				rp.baseMPS = 2.9 + 0.4*r.Float64()
				rp.route = pick(u, []float64{0.35, 0.3, 0.35}, routes[routeCanal], routes[routeHills], routes[routeMoor])
			case time.Sunday:
				minutes = 60 + 36*r.Float64()
				rp.baseMPS = 2.8 + 0.3*r.Float64()
				rp.route = pick(u, []float64{0.5, 0.5}, routes[routeMoor], routes[routeCanal])
			default:
				minutes = 25 + 30*r.Float64()
				rp.baseMPS = 2.95 + 0.55*r.Float64()
				rp.route = pick(u, []float64{0.08, 0.37, 0.28, 0.27}, nil, routes[routeCanal], routes[routePark], routes[routeHills])
			}
			rp.movingS = int(minutes * 60)
			rp.cadence0 = 166 + 10*r.Float64()
			rp.drift = r.Float64() < 0.25
			rp.driftDrop = 0.055 + 0.03*r.Float64()
			rp.fatigue = rp.drift && r.Float64() < 0.5
			if rp.route != nil && r.Float64() < 0.3 {
				rp.pauseKind = pauseAuto
				if r.Float64() < 0.4 {
					rp.pauseKind = pauseStanding
				}
				rp.pauseAtS = int(float64(rp.movingS) * (0.2 + 0.6*r.Float64()))
				rp.pauseS = 60 + r.IntN(121)
			}
			p.items = append(p.items, planItem{run: rp})
		}
	}
	slices.SortStableFunc(p.items, func(a, b planItem) int { return a.start().Compare(b.start()) })
	p.pain = planPain(r, p.items, zone, c.Trigger)
	return p
}

func (it planItem) start() time.Time {
	if it.run != nil {
		return it.run.start
	}
	return it.strength.Start
}

// pick returns the option whose cumulative weight first exceeds u.
func pick[T any](u float64, weights []float64, options ...T) T {
	for i, w := range weights {
		if u < w {
			return options[i]
		}
		u -= w
	}
	return options[len(options)-1]
}

// lift is one exercise of a strength programme.
type lift struct {
	category, exercise string
	sets, reps         int
	kg                 float64 // model.Missing for bodyweight
}

// strengthSession makes a strength session starting at start: variant 0
// (Monday: hinge and squat), 1 (Thursday: Romanian deadlift and upper body)
// or 2 (Saturday: light accessories, never deadlifts).
func strengthSession(r *rand.Rand, start time.Time, zone *time.Location, variant int, deadlift bool, week int) model.Session {
	prog := float64(min(week, 24)) * 1.25 // kg added per week of training
	var lifts []lift
	switch variant {
	case 0:
		if deadlift {
			ex := pick(r.Float64(), []float64{0.7, 0.15, 0.15}, "barbell_deadlift", "sumo_deadlift", "trap_bar_deadlift")
			lifts = append(lifts, lift{"deadlift", ex, 4, 5, 100 + prog})
		} else {
			lifts = append(lifts, lift{"leg_curl", "leg_curl", 3, 12, 35})
		}
		lifts = append(lifts,
			lift{"squat", "barbell_back_squat", 3, 6, 80 + prog/2},
			lift{"lunge", "dumbbell_lunge", 3, 10, 20},
			lift{"hyperextension", "back_extension_with_opposite_arm_and_leg_reach", 3, 12, model.Missing})
	case 1:
		if deadlift {
			ex := pick(r.Float64(), []float64{0.7, 0.15, 0.15}, "romanian_deadlift", "barbell_straight_leg_deadlift", "rack_pull")
			lifts = append(lifts, lift{"deadlift", ex, 3, 8, 70 + prog})
		} else {
			lifts = append(lifts, lift{"hip_raise", "barbell_hip_thrust_on_floor", 3, 12, 60})
		}
		lifts = append(lifts,
			lift{"bench_press", "barbell_bench_press", 3, 8, 55 + prog/3},
			lift{"row", "dumbbell_row", 3, 10, 30},
			lift{"hip_raise", "barbell_hip_thrust_with_bench", 3, 10, 80 + prog/2})
	default:
		lifts = append(lifts,
			lift{"squat", "goblet_squat", 3, 12, 24},
			lift{"leg_curl", "good_morning", 3, 10, 40},
			lift{"row", "dumbbell_row", 3, 12, 26},
			lift{"hip_raise", "barbell_hip_thrust_with_bench", 3, 12, 70})
	}
	s := model.NewSession(model.Strength, start)
	s.SubSport = "strength_training"
	s.Recorder = watch
	s.OffsetS = zoneOffset(zone, start)
	s.OffsetOrigin = model.OffsetDevice
	at := 300 + r.IntN(240) // warm-up, seconds
	for li, l := range lifts {
		if li > 0 {
			at += 150 + r.IntN(91)
		}
		for k := 0; k < l.sets; k++ {
			if k > 0 {
				at += 90 + r.IntN(91)
			}
			reps := l.reps
			if k == l.sets-1 && r.Float64() < 0.2 {
				reps-- // the last set fell one short
			}
			dur := int(float64(reps)*3.2) + 3 + r.IntN(6)
			kg := l.kg
			if model.Known(kg) {
				kg = math.Round(kg/2.5) * 2.5
			}
			s.Sets = append(s.Sets, model.StrengthSet{
				Start: start.Add(time.Duration(at) * time.Second), DurationS: float64(dur),
				Category: l.category, Exercise: l.exercise, Reps: reps, WeightKg: kg,
			})
			at += dur
		}
	}
	at += 120 + r.IntN(180) // cool-down
	s.ElapsedS, s.TimerS = float64(at), float64(at)
	s.AvgHR = float64(95 + r.IntN(20))
	return s
}

var painNotes = []string{
	SpecialNote,
	"stiff getting out of the car",
	"dull ache, eased off by the evening",
	"felt it bending to tie my shoes",
	"twinge on the downhill",
}

// planPain draws the pain log from the runs and strength sessions.
func planPain(r *rand.Rand, items []planItem, zone *time.Location, trigger string) []model.PainEvent {
	var pain []model.PainEvent
	var lifts []time.Time // starts of strength sessions with deadlift sets
	for _, it := range items {
		if it.run == nil {
			if slices.ContainsFunc(it.strength.Sets, model.StrengthSet.IsDeadlift) {
				lifts = append(lifts, it.strength.Start)
			}
			continue
		}
		rp := it.run
		prob := PainIndependent
		switch trigger {
		case TriggerDeadlift48h:
			prob = PainOtherwise
			if deadliftWithin48h(lifts, rp.start) {
				prob = PainAfterDeadlift
			}
		case TriggerFormDrift:
			prob = PainOtherwise
			if rp.form.drift {
				prob = PainAfterFormDrift
			}
		}
		if r.Float64() >= prob {
			continue
		}
		ev := model.PainEvent{TZ: zone.String(), Severity: 2 + r.IntN(7), Location: "lower back"}
		if r.Float64() < 0.3 {
			ev.Location = "lower back, left glute"
		}
		if r.Float64() < 0.3 {
			ev.Note = painNotes[r.IntN(len(painNotes))]
		}
		u := r.Float64()
		var when time.Time
		switch {
		case u < 0.65: // during the run, a few km in (late, when the form broke down)
			km := 2 + 3*r.Float64()
			t := min(km*1000/rp.baseMPS, 0.85*float64(rp.movingS))
			if trigger == TriggerFormDrift && rp.form.drift {
				t = (driftStartFrac + 0.06 + 0.15*(km-2)/3) * float64(rp.movingS)
			}
			if rp.pauseKind != pauseNone && float64(rp.pauseAtS) < t {
				t += float64(rp.pauseS)
			}
			when = rp.start.Add(time.Duration(t) * time.Second)
		case u < 0.8: // later that day
			end := rp.start.Add(time.Duration(rp.elapsedS()) * time.Second)
			when = end.Add(time.Duration(60+r.IntN(300)) * time.Minute)
		default: // date only
			when = rp.start
		}
		local := when.In(zone)
		ev.LocalDate = local.Format(time.DateOnly)
		if u < 0.8 {
			ev.LocalTime = local.Format("15:04")
		}
		pain = append(pain, ev)
	}
	if len(pain) > 0 && !slices.ContainsFunc(pain, func(p model.PainEvent) bool { return p.Note == SpecialNote }) {
		pain[0].Note = SpecialNote
	}
	return pain
}

// deadliftWithin48h reports whether a deadlift session started 0–48 h before t.
func deadliftWithin48h(lifts []time.Time, t time.Time) bool {
	for i := len(lifts) - 1; i >= 0; i-- {
		d := t.Sub(lifts[i])
		if d < 0 {
			continue
		}
		return d <= 48*time.Hour
	}
	return false
}

// zoneOffset returns the UTC offset of zone at instant t, in seconds east.
func zoneOffset(zone *time.Location, t time.Time) int {
	_, off := t.In(zone).Zone()
	return off
}
