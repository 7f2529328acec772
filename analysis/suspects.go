package analysis

import (
	"math"
	"sort"
	"time"

	"github.com/backtrack/backtrack/model"
)

// The suspect ids: stable, as the JSON carries them.
const (
	ExpDeadlift48h  = "deadlift_48h"
	ExpStrength48h  = "strength_48h"
	ExpDeadlift14d  = "deadlift_14d"
	ExpHillyRun     = "hilly_run"
	ExpCadenceDrift = "cadence_drift"
	ExpLongRun      = "long_run"
	ExpLoadSpike    = "load_spike"
	// ExpDeadliftVolume is the dose: the deadlift volume of the 72 h before
	// a run, in three levels, tested for a trend.
	ExpDeadliftVolume = "deadlift_volume_72h"
	// ExpFormDrift: the run's ground contact time rose late in the run at
	// equal speed and grade (model.Exposure.FormDrift).
	ExpFormDrift = "form_drift"
	// ExpBalanceShift: the run's left/right balance moved away from the
	// runner's baseline on the device late in the run
	// (model.Exposure.BalanceShift).
	ExpBalanceShift = "balance_shift"
)

// The fixed parts of the time-respecting analysis (docs/statistics.md).
const (
	// MinOnsets is the fewest episode onsets (uncensored, in the diary) a
	// report tests anything on.
	MinOnsets = 5
	// StratumDays is the length of the time strata of the exact test: runs
	// are compared only with runs of the same 56-day period (a last period
	// shorter than half of it joins the one before).
	StratumDays = 56
	// RecencyDays splits at-risk runs by pain history: at most this many
	// days since the last pain day of the previous episode, or more (or no
	// episode yet).
	RecencyDays = 14
	// PeriodDays is the length of the calendar periods in the adjusted
	// models (13 weeks); with more than MaxPeriods of them the period grows
	// to span/MaxPeriods.
	PeriodDays = 91
	// MaxPeriods bounds the adjusted models' calendar periods.
	MaxPeriods = 8
	// ReferentWeeks is how many weeks before and after an episode that
	// began away from runs its referents may lie (same weekday and time,
	// same stratum).
	ReferentWeeks = 8
	// QLikely is the Benjamini–Hochberg q below which a raised risk can be
	// likely.
	QLikely = 0.05
	// QPossible is the q below which a raised risk is possible.
	QPossible = 0.20
	// PGate is the p below which the adjusted model (or the case-crossover
	// of episodes that began away from runs) confirms a suspect.
	PGate = 0.05
	// MinSide is the fewest units (at-risk runs and case windows) on each
	// side of a suspect for it to be tested.
	MinSide = 3
	// MinMinority is the fewest rows the rarer level of a suspect's column
	// needs to enter an adjusted model.
	MinMinority = 3
	// GateKnownShare is the share of the rows a run suspect must be known
	// for to enter the main adjusted model; one known for fewer gets a fit
	// of its own on the rows where it is known.
	GateKnownShare = 0.9
)

// PositionDays split runs inside an episode by the days since its first
// day: 0–3, 4–7, 8 or more.
var PositionDays = []int{3, 7}

// HoursBins are the upper edges (hours) of the "hours since the last
// deadlift session" bins: 0–24, 24–48, 48–72, then 72 or more, then none
// yet.
var HoursBins = []float64{24, 48, 72}

// Verdicts: one per suspect.
const (
	VerdictLikely        = "likely"
	VerdictPossible      = "possible"
	VerdictNoSign        = "no sign"
	VerdictNotEnoughData = "not enough data"
)

// Directions of a verdict.
const (
	DirectionRaises = "raises"
	DirectionLowers = "lowers"
	DirectionNone   = "none"
)

// suspectKind says how a suspect is tested.
type suspectKind int

const (
	// kindWindow: a window before the run (strength sessions): runs are
	// compared, and the episodes that began away from runs get a
	// case-crossover.
	kindWindow suspectKind = iota
	// kindRun: a property of the run (or its week): runs only.
	kindRun
	// kindDose: three levels and a trend test, runs and case-crossover.
	kindDose
)

// gateRole says which adjusted model judges a suspect.
type gateRole int

const (
	// gateMain: a column of the main model (or of its own fit when known
	// for under GateKnownShare of the rows).
	gateMain gateRole = iota
	// gateChild: nested in deadlift_48h: judged in the main model plus its
	// own column, coded as "the rest of" its parent.
	gateChild
	// gateDose: judged in the main model with the dose level in place of
	// deadlift_48h.
	gateDose
)

// suspectSpec is one suspect of the report. Adding a suspect is adding an
// entry to suspectSpecs: its id, kind and role, and how its runs are told
// apart (with its words); the tests, the adjusted models, the verdict and
// the renderers take it from there.
type suspectSpec struct {
	id   string
	kind suspectKind
	gate gateRole
	// def builds the suspect's definition for one report (its words
	// follow the settings).
	def func(b *builder) suspectDef
}

// suspectDef is a suspect as one report tests it.
type suspectDef struct {
	id   string
	kind suspectKind
	gate gateRole
	// label names it in a table; exposed and other name its two sides of
	// runs in a sentence ("runs within 48 h after a deadlift session",
	// "other runs"); short names it mid-sentence ("deadlifts in the 48 h
	// before"); apart says when an episode that began away from runs had
	// it ("within 48 h after a deadlift session").
	label, exposed, other, short, apart string
	// col says whether run k enters the suspect's comparison and whether
	// it is exposed (hierarchical coding: a nested suspect compares its
	// runs with the runs that had neither it nor its parent).
	col func(k int) (in, exposed bool)
	// gateCol is its column in the adjusted model: the value for run k and
	// whether it is known.
	gateCol func(k int) (float64, bool)
	// window says the same as col of a case-crossover window ending at t
	// (kindWindow); lookBack is how far such a window reaches back.
	window   func(t time.Time) (in, exposed bool)
	lookBack time.Duration
	// windowRule: a run with pain logged in its look-back window leaves
	// the comparison (pain could have shaped the exposure).
	windowRule bool
}

// SuspectIDs returns the suspects' ids in report order.
func SuspectIDs() []string {
	out := make([]string, len(suspectSpecs))
	for i, s := range suspectSpecs {
		out[i] = s.id
	}
	return out
}

// flagCol is the gate column of a run flag.
func flagCol(f model.Flag) (float64, bool) {
	if !f.Known() {
		return 0, false
	}
	if f.Yes() {
		return 1, true
	}
	return 0, true
}

// boolCol is the gate column of a yes/no value.
func boolCol(v bool) (float64, bool) {
	if v {
		return 1, true
	}
	return 0, true
}

// runFlag defines a run-property suspect from its flag.
func runFlag(id, label, exposed, other, short string, flag func(k int) model.Flag) suspectDef {
	return suspectDef{id: id, kind: kindRun, label: label, exposed: exposed, other: other, short: short,
		col: func(k int) (bool, bool) {
			f := flag(k)
			return f.Known(), f.Yes()
		},
		gateCol: func(k int) (float64, bool) { return flagCol(flag(k)) }}
}

// suspectSpecs are the suspects, in report order.
var suspectSpecs = []suspectSpec{
	{id: ExpDeadlift48h, kind: kindWindow, gate: gateMain, def: func(b *builder) suspectDef {
		sw := FormatSetting(b.set.StrengthWindowH)
		x := b.lifts
		w := b.set.StrengthWindow()
		return suspectDef{label: "Deadlift session in the " + sw + " h before",
			exposed: "runs within " + sw + " h after a deadlift session", other: "other runs",
			short: "deadlifts in the " + sw + " h before a run", apart: "within " + sw + " h after a deadlift session",
			col:     func(k int) (bool, bool) { return true, b.runs[k].Exposure.Deadlift48h },
			gateCol: func(k int) (float64, bool) { return boolCol(b.runs[k].Exposure.Deadlift48h) },
			window: func(t time.Time) (bool, bool) {
				_, dl, _ := x.window(t, w)
				return true, dl
			}, lookBack: w}
	}},
	{id: ExpStrength48h, kind: kindWindow, gate: gateChild, def: func(b *builder) suspectDef {
		sw := FormatSetting(b.set.StrengthWindowH)
		x := b.lifts
		w := b.set.StrengthWindow()
		return suspectDef{label: "Strength session without deadlifts in the " + sw + " h before",
			exposed: "runs within " + sw + " h after a strength session without deadlifts",
			other:   "runs with no strength session in the " + sw + " h before",
			short:   "other strength sessions in the " + sw + " h before a run",
			apart:   "within " + sw + " h after a strength session without deadlifts",
			col: func(k int) (bool, bool) {
				e := b.runs[k].Exposure
				return !e.Deadlift48h, e.Strength48h
			},
			gateCol: func(k int) (float64, bool) {
				e := b.runs[k].Exposure
				return boolCol(e.Strength48h && !e.Deadlift48h)
			},
			window: func(t time.Time) (bool, bool) {
				any, dl, _ := x.window(t, w)
				return !dl, any
			}, lookBack: w}
	}},
	{id: ExpDeadlift14d, kind: kindWindow, gate: gateChild, def: func(b *builder) suspectDef {
		x := b.lifts
		w, dw := b.set.StrengthWindow(), b.set.DeadliftWindow()
		span := spanWords(b.set.StrengthWindowH, b.set.DeadliftWindowD)
		return suspectDef{label: "Deadlift session " + span + " before",
			exposed: "runs " + span + " after a deadlift session (none in the last " + FormatSetting(b.set.StrengthWindowH) + " h)",
			other:   "runs with no deadlift session in the " + FormatSetting(b.set.DeadliftWindowD) + " days before",
			short:   "deadlifts " + span + " before a run", apart: span + " after a deadlift session",
			col: func(k int) (bool, bool) {
				e := b.runs[k].Exposure
				return !e.Deadlift48h, e.Deadlift14d
			},
			gateCol: func(k int) (float64, bool) {
				e := b.runs[k].Exposure
				return boolCol(e.Deadlift14d && !e.Deadlift48h)
			},
			window: func(t time.Time) (bool, bool) {
				_, dl48, _ := x.window(t, w)
				_, dl, _ := x.window(t, dw)
				return !dl48, dl
			}, lookBack: dw, windowRule: true}
	}},
	{id: ExpHillyRun, kind: kindRun, gate: gateMain, def: func(b *builder) suspectDef {
		c := FormatSetting(b.set.HillyClimbMPerKm)
		return runFlag(ExpHillyRun, "Hilly run ("+c+" m climb per km or more)", "hilly runs ("+c+" m or more of climb per km)",
			"other runs", "hilly runs", func(k int) model.Flag { return b.runs[k].Exposure.Hilly })
	}},
	{id: ExpCadenceDrift, kind: kindRun, gate: gateMain, def: func(b *builder) suspectDef {
		c := FormatSetting(b.set.CadenceDriftPct)
		return runFlag(ExpCadenceDrift, "Cadence drift (late drop of "+c+"% or more)",
			"runs whose cadence dropped "+c+"% or more late in the run", "other runs", "late cadence drift",
			func(k int) model.Flag { return b.runs[k].Exposure.CadenceDrift })
	}},
	{id: ExpFormDrift, kind: kindRun, gate: gateMain, def: func(b *builder) suspectDef {
		c := FormatSetting(b.set.FormDriftGCTPct)
		return runFlag(ExpFormDrift, "Form drift (contact time up "+c+"% or more late, at equal speed and grade)",
			"runs whose ground contact time rose "+c+"% or more late in the run at equal speed and grade",
			"other runs with running dynamics", "late form drift",
			func(k int) model.Flag { return b.runs[k].Exposure.FormDrift })
	}},
	{id: ExpBalanceShift, kind: kindRun, gate: gateMain, def: func(b *builder) suspectDef {
		c := PointsWords(b.set.BalanceShiftPts)
		return runFlag(ExpBalanceShift, "Balance shift (left/right "+c+" or more farther from your usual, late)",
			"runs whose left/right balance moved "+c+" or more away from your usual late in the run",
			"other runs with a measured balance", "late balance shifts",
			func(k int) model.Flag { return b.runs[k].Exposure.BalanceShift })
	}},
	{id: ExpLongRun, kind: kindRun, gate: gateMain, def: func(b *builder) suspectDef {
		label, exposed := "Long run (longest quarter)", "long runs (your longest quarter)"
		if !math.IsNaN(b.longKm) {
			label = "Long run (" + FormatSetting(b.longKm) + " km or more)"
			exposed = "long runs (" + FormatSetting(b.longKm) + " km or more)"
		}
		return runFlag(ExpLongRun, label, exposed, "shorter runs", "long runs", func(k int) model.Flag { return b.long[k] })
	}},
	{id: ExpLoadSpike, kind: kindRun, gate: gateMain, def: func(b *builder) suspectDef {
		p := pct(LoadSpikeRatio - 1)
		return runFlag(ExpLoadSpike, "Weekly distance up "+p+" or more",
			"runs after a week "+p+" or more above the weekly average of the 4 weeks before", "other runs",
			"jumps in weekly distance", func(k int) model.Flag { return b.spikes[k] })
	}},
	{id: ExpDeadliftVolume, kind: kindDose, gate: gateDose, def: func(b *builder) suspectDef {
		return suspectDef{label: "Deadlift volume in the 72 h before", short: "heavier deadlift volume in the 72 h before a run",
			lookBack: DeadliftVolumeWindow}
	}},
}

// PointsWords words a number of percentage points: "1 point", "1.5
// points".
func PointsWords(v float64) string {
	if v == 1 {
		return "1 point"
	}
	return FormatSetting(v) + " points"
}

// spanWords names the span from the strength window to the deadlift
// window: "2–14 days" when the strength window is whole days, else
// "48 h to 14 days".
func spanWords(strengthH, deadliftD float64) string {
	if d := strengthH / 24; d == math.Trunc(d) {
		return FormatSetting(d) + "–" + FormatSetting(deadliftD) + " days"
	}
	return FormatSetting(strengthH) + " h to " + FormatSetting(deadliftD) + " days"
}

// suspectDefs builds every suspect's definition for the report.
func (b *builder) suspectDefs() []suspectDef {
	out := make([]suspectDef, len(suspectSpecs))
	for i, s := range suspectSpecs {
		d := s.def(b)
		d.id, d.kind, d.gate = s.id, s.kind, s.gate
		out[i] = d
	}
	return out
}

// liftIndex answers window questions over the strength sessions.
type liftIndex struct {
	start   []time.Time
	dlCount []int     // deadlift sessions among the first i
	volCum  []float64 // their deadlift volume (unknown volumes add none)
}

func newLiftIndex(strength []ReportStrength) *liftIndex {
	st := make([]ReportStrength, len(strength))
	copy(st, strength)
	sort.SliceStable(st, func(i, j int) bool { return st[i].Start.Before(st[j].Start) })
	n := len(st)
	x := &liftIndex{start: make([]time.Time, n), dlCount: make([]int, n+1), volCum: make([]float64, n+1)}
	for i, s := range st {
		x.start[i] = s.Start
		x.dlCount[i+1], x.volCum[i+1] = x.dlCount[i], x.volCum[i]
		if s.DeadliftSets > 0 {
			x.dlCount[i+1]++
			if !math.IsNaN(s.DeadliftVolumeKg) {
				x.volCum[i+1] += s.DeadliftVolumeKg
			}
		}
	}
	return x
}

// from returns the index of the first session starting at or after t.
func (x *liftIndex) from(t time.Time) int {
	return sort.Search(len(x.start), func(i int) bool { return !x.start[i].Before(t) })
}

// window reports, for the window [t − w, t): any session started in it,
// any deadlift session, and their deadlift volume.
func (x *liftIndex) window(t time.Time, w time.Duration) (any, deadlift bool, volume float64) {
	lo, hi := x.from(t.Add(-w)), x.from(t)
	return hi > lo, x.dlCount[hi] > x.dlCount[lo], x.volCum[hi] - x.volCum[lo]
}

// doseLevel puts a 72-hour deadlift volume into a level: 0 none, 1 light
// (up to cut), 2 heavy.
func doseLevel(v, cut float64) int {
	switch {
	case !(v > 0):
		return 0
	case v <= cut:
		return 1
	}
	return 2
}

// suspectResult is everything one suspect's verdict rests on.
type suspectResult struct {
	def suspectDef
	// exposed and unexposed count the at-risk runs and the onsets after
	// them; withinExp and withinUnexp the runs inside episodes and those of
	// them that hurt.
	exposed, unexposed, withinExp, withinUnexp Group
	// The case-crossover of the episodes that began away from runs: sets,
	// exposed cases, referents and exposed referents, and the
	// Mantel–Haenszel odds ratio.
	ccSets, ccCaseExp, ccRefs, ccRefExp int
	ccOR                                float64
	// all is the exact test over run strata and matched sets; cc over the
	// sets alone.
	all, cc ExactResult
	// The dose table: at-risk runs and onsets by level.
	doseRuns, doseOnsets [3]int
	// The adjusted model.
	inModel                   bool
	adjOR, adjLo, adjHi, adjP float64
	adjModel                  string
	adjBounds                 func() (lo, hi float64)
	// The decision.
	testable, harmful   bool
	p, q, qDown         float64
	adjSupport, ccRoute bool
	ridesAlong          bool
	rides               string
	verdict, direction  string
	// severity is the sensitivity line (likely suspects only).
	severity *SeverityFinding
}

// suspectAnalysis is the analysis of every suspect at one minimum
// severity.
type suspectAnalysis struct {
	es       *episodeSet
	suspects []*suspectResult
	doseCut  float64
	// vol72 is each run's deadlift volume in the 72 h before.
	vol72 []float64
	notes []string
	hours [5]Group
}

// get returns the suspect with id, or nil.
func (a *suspectAnalysis) get(id string) *suspectResult {
	for _, s := range a.suspects {
		if s.def.id == id {
			return s
		}
	}
	return nil
}

// tested reports whether there were enough onsets to test anything.
func (a *suspectAnalysis) tested() bool { return a.es.onsets >= MinOnsets }

// units places the runs in strata.
type units struct {
	es       *episodeSet
	nStrata  int
	runStart []time.Time
}

// stratumOf returns a day's time stratum: StratumDays-long periods from
// the diary's start, a last one shorter than half of that joined to the one
// before.
func stratumOf(day, from, to int) int {
	s := (day - from) / StratumDays
	last := (to - from) / StratumDays
	if last > 0 && (to-from+1)-last*StratumDays < StratumDays/2 && s == last {
		s--
	}
	return s
}

// key returns run i's stratum (time stratum × pain history), its outcome
// (an onset for an at-risk run; pain for a run inside an episode) and
// whether it enters at all (it is in the diary).
func (u *units) key(i int) (int, bool, bool) {
	es := u.es
	if !es.inDiary[i] {
		return 0, false, false
	}
	day := es.runDay[i]
	k := stratumOf(day, es.period.from, es.period.to)
	if es.atRisk[i] {
		return 2*k + u.recency(i), es.onset[i], true
	}
	return 2*u.nStrata + (len(PositionDays)+1)*k + u.position(i), es.painRun[i], true
}

// size is the number of stratum keys.
func (u *units) size() int { return (2 + len(PositionDays) + 1) * u.nStrata }

// recency returns an at-risk run's pain-history bin: 0 within RecencyDays
// of the last pain day of the previous episode, 1 otherwise.
func (u *units) recency(i int) int {
	day := u.es.runDay[i]
	if last, ok := u.es.lastPainDayBefore(day); ok && day-last <= RecencyDays {
		return 0
	}
	return 1
}

// position returns an in-episode run's bin of days since its episode's
// first day.
func (u *units) position(i int) int {
	day := u.es.runDay[i]
	d := day - u.es.episodeAt(day).firstDay
	for b, edge := range PositionDays {
		if d <= edge {
			return b
		}
	}
	return len(PositionDays)
}

// painInWindow reports whether a counted entry's onset fell in the w
// before run i's start (the window rule).
func (u *units) painInWindow(i int, w time.Duration) bool {
	t := u.runStart[i]
	at := u.es.painAt
	j := sort.Search(len(at), func(j int) bool { return !at[j].Before(t.Add(-w)) })
	return j < len(at) && at[j].Before(t)
}

// ccSet is an episode that began away from runs and its referent
// instants.
type ccSet struct {
	ref  time.Time
	refs []time.Time
}

// referents returns the referents of an onset at ref (local zone loc): the
// same weekday and clock time 1 to ReferentWeeks weeks before and after,
// inside the diary and the same time stratum, and not inside an episode.
func (b *builder) referents(es *episodeSet, ref time.Time, loc *time.Location) []time.Time {
	dayOf := func(t time.Time) int {
		d, _ := dayNumber(t.Add(-time.Nanosecond).In(loc).Format(time.DateOnly))
		return d
	}
	day := dayOf(ref)
	s := stratumOf(day, es.period.from, es.period.to)
	local := ref.In(loc)
	var out []time.Time
	for k := -ReferentWeeks; k <= ReferentWeeks; k++ {
		if k == 0 {
			continue
		}
		t := local.AddDate(0, 0, 7*k).UTC()
		d := dayOf(t)
		if d < es.period.from || d > es.period.to || stratumOf(d, es.period.from, es.period.to) != s {
			continue
		}
		if es.inEpisode(t.Add(-time.Microsecond), d) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// analyseMode says how much of the analysis to run.
type analyseMode int

const (
	// analyseFull runs everything: the time tests, the adjusted models,
	// the verdicts and the profile intervals of the likely and possible
	// suspects.
	analyseFull analyseMode = iota
	// analyseTimeTests runs the episodes and the time tests only (the
	// severity check, which reports the counts and the time test's p).
	analyseTimeTests
)

// analyse runs the time-respecting analysis counting pain of severity
// minSev or more: episodes, each suspect's exact test and, in full mode,
// its adjusted model, the verdicts and the profile intervals of the likely
// and possible suspects.
func (b *builder) analyse(minSev int, mode analyseMode) *suspectAnalysis {
	es := episodes(b.runs, b.entries, b.period, int(b.set.EpisodeGapD), minSev)
	a := &suspectAnalysis{es: es, doseCut: math.NaN(), vol72: make([]float64, len(b.runs))}
	for i, r := range b.runs {
		a.vol72[i] = r.Exposure.DeadliftVolume72hKg
	}
	for _, d := range b.defs {
		a.suspects = append(a.suspects, &suspectResult{def: d, p: math.NaN(), q: math.NaN(), qDown: math.NaN(),
			adjOR: math.NaN(), adjLo: math.NaN(), adjHi: math.NaN(), adjP: math.NaN(), ccOR: math.NaN()})
	}
	if !a.tested() {
		for _, s := range a.suspects {
			s.verdict, s.direction = VerdictNotEnoughData, DirectionNone
		}
		return a
	}
	u := &units{es: es, nStrata: stratumOf(es.period.to, es.period.from, es.period.to) + 1}
	for _, r := range b.runs {
		u.runStart = append(u.runStart, r.Start)
	}
	// The dose's cut: the lower median of the non-zero 72-hour volumes
	// over the at-risk runs.
	var vols []float64
	for i, r := range b.runs {
		if es.atRisk[i] && r.Exposure.DeadliftVolume72hKg > 0 {
			vols = append(vols, r.Exposure.DeadliftVolume72hKg)
		}
	}
	sort.Float64s(vols)
	if len(vols) >= 2 {
		a.doseCut = vols[(len(vols)-1)/2]
	}
	var sets []ccSet
	for _, j := range es.apart {
		ep := es.episodes[j]
		if ep.ref.IsZero() {
			continue
		}
		sets = append(sets, ccSet{ref: ep.ref, refs: b.referents(es, ep.ref, b.entries[ep.entry].zone)})
	}
	for _, s := range a.suspects {
		switch s.def.kind {
		case kindDose:
			b.doseTest(a, s, u, sets)
		default:
			b.binaryTest(a, s, u, sets)
		}
	}
	b.hoursTable(a)
	if mode == analyseTimeTests {
		return a
	}
	b.adjusted(a, u)
	decide(a)
	for _, s := range a.suspects {
		if (s.verdict == VerdictLikely || s.verdict == VerdictPossible) && s.adjBounds != nil {
			s.adjLo, s.adjHi = s.adjBounds()
		}
	}
	return a
}

// binaryTest fills a yes/no suspect's counts and exact test.
func (b *builder) binaryTest(a *suspectAnalysis, s *suspectResult, u *units, sets []ccSet) {
	es := a.es
	st := make([]ExactStratum, u.size())
	for i := range b.runs {
		k, y, ok := u.key(i)
		if !ok {
			continue
		}
		in, xp := s.def.col(i)
		if !in || (s.def.windowRule && u.painInWindow(i, s.def.lookBack)) {
			continue
		}
		st[k].N++
		if xp {
			st[k].N1++
		}
		if y {
			st[k].M++
			if xp {
				st[k].A++
			}
		}
		g := &s.unexposed
		if !es.atRisk[i] {
			g = &s.withinUnexp
			if xp {
				g = &s.withinExp
			}
		} else if xp {
			g = &s.exposed
		}
		g.N++
		if y {
			g.Events++
		}
	}
	var ms []ExactSet
	if s.def.kind == kindWindow {
		var num, den float64
		for _, c := range sets {
			if c.ref.Add(-s.def.lookBack).Before(b.dataStart) {
				continue
			}
			in, ce := s.def.window(c.ref)
			if !in {
				continue
			}
			set := ExactSet{N: 1, CaseExposed: ce}
			if ce {
				set.N1++
			}
			for _, t := range c.refs {
				if t.Add(-s.def.lookBack).Before(b.dataStart) {
					continue
				}
				if rin, re := s.def.window(t); rin {
					set.N++
					if re {
						set.N1++
					}
				}
			}
			if set.N < 2 {
				continue
			}
			ms = append(ms, set)
			s.ccSets++
			s.ccRefs += set.N - 1
			s.ccRefExp += set.N1
			if ce {
				s.ccCaseExp++
				s.ccRefExp--
				num += float64(set.N-set.N1) / float64(set.N)
			} else {
				den += float64(set.N1) / float64(set.N)
			}
		}
		if den > 0 {
			s.ccOR = num / den
		} else if num > 0 {
			s.ccOR = math.Inf(1)
		}
	}
	s.all = ExactBinary(st, ms, true)
	s.cc = ExactBinary(nil, ms, true)
	s.testable = s.all.Units > 0 && s.exposed.N+s.ccCaseExp >= MinSide && s.unexposed.N+s.ccSets-s.ccCaseExp >= MinSide
	if s.testable {
		s.p = s.all.PUp
		s.harmful = float64(s.all.Observed) > s.all.Expected
	}
}

// doseTest fills the dose's table and its exact trend test.
func (b *builder) doseTest(a *suspectAnalysis, s *suspectResult, u *units, sets []ccSet) {
	if math.IsNaN(a.doseCut) {
		return
	}
	es := a.es
	st := make([]TrendStratum, u.size())
	for i, r := range b.runs {
		k, y, ok := u.key(i)
		if !ok {
			continue
		}
		l := doseLevel(r.Exposure.DeadliftVolume72hKg, a.doseCut)
		st[k].Units[l]++
		if y {
			st[k].Onsets[l]++
		}
		if !es.atRisk[i] {
			continue
		}
		s.doseRuns[l]++
		g := &s.unexposed
		if l > 0 {
			g = &s.exposed
		}
		g.N++
		if es.onset[i] {
			s.doseOnsets[l]++
			g.Events++
		}
	}
	var ts []TrendSet
	for _, c := range sets {
		if c.ref.Add(-DeadliftVolumeWindow).Before(b.dataStart) {
			continue
		}
		_, _, v := b.lifts.window(c.ref, DeadliftVolumeWindow)
		set := TrendSet{Case: doseLevel(v, a.doseCut)}
		set.Windows[set.Case]++
		for _, t := range c.refs {
			if t.Add(-DeadliftVolumeWindow).Before(b.dataStart) {
				continue
			}
			_, _, v := b.lifts.window(t, DeadliftVolumeWindow)
			set.Windows[doseLevel(v, a.doseCut)]++
		}
		ts = append(ts, set)
		s.ccSets++
	}
	s.all = ExactTrend(st, ts, true)
	s.cc = ExactTrend(nil, ts, true)
	s.testable = s.all.Units > 0 && s.exposed.N >= MinSide && s.unexposed.N >= MinSide
	if s.testable {
		s.p = s.all.PUp
		s.harmful = float64(s.all.Observed) > s.all.Expected
	}
}

// hoursTable counts the at-risk runs, and the episodes that began after
// them, by hours since the last deadlift session.
func (b *builder) hoursTable(a *suspectAnalysis) {
	for i, r := range b.runs {
		if !a.es.atRisk[i] {
			continue
		}
		bin := len(HoursBins) + 1
		if h := r.Exposure.HoursSinceDeadlift; !math.IsNaN(h) {
			bin = len(HoursBins)
			for k, edge := range HoursBins {
				if h <= edge {
					bin = k
					break
				}
			}
		}
		a.hours[bin].N++
		if a.es.onset[i] {
			a.hours[bin].Events++
		}
	}
}

// decide applies the verdict rule (docs/statistics.md, "The verdict"):
// Benjamini–Hochberg over the testable suspects' one-sided p-values (and,
// separately, their lower-tail ones), then one verdict each.
func decide(a *suspectAnalysis) {
	var ps, pd []float64
	var idx []*suspectResult
	for _, s := range a.suspects {
		if s.testable && !math.IsNaN(s.p) {
			ps = append(ps, s.p)
			pd = append(pd, s.all.PDown)
			idx = append(idx, s)
		}
	}
	q, qd := BenjaminiHochberg(ps), BenjaminiHochberg(pd)
	for i, s := range idx {
		s.q, s.qDown = q[i], qd[i]
	}
	for _, s := range a.suspects {
		s.direction = DirectionNone
		if !s.testable {
			s.verdict = VerdictNotEnoughData
			continue
		}
		s.adjSupport = s.inModel && s.adjOR > 1 && s.adjP < PGate
		s.ccRoute = s.def.kind != kindRun && s.cc.Units > 0 && s.cc.PUp < PGate && float64(s.cc.Observed) > s.cc.Expected
		strong := s.q < QLikely && s.harmful
		s.ridesAlong = strong && s.inModel && !s.adjSupport && !s.ccRoute
		switch {
		case strong && (s.adjSupport || s.ccRoute):
			s.verdict, s.direction = VerdictLikely, DirectionRaises
		case s.harmful && s.q < QPossible:
			s.verdict, s.direction = VerdictPossible, DirectionRaises
		default:
			s.verdict = VerdictNoSign
			if !s.harmful && s.qDown < QLikely {
				s.direction = DirectionLowers
			}
		}
	}
	for _, s := range a.suspects {
		if s.ridesAlong {
			s.rides = ridesWith(a, s)
		}
	}
}

// ridesWith names the suspect a riding-along suspect goes with: of those
// the adjusted model keeps (a likely one first), the one whose runs
// overlap most with its own (phi over the at-risk runs).
func ridesWith(a *suspectAnalysis, s *suspectResult) string {
	best, bestPhi := "", 0.0
	for _, o := range a.suspects {
		if o == s || !o.adjSupport || o.def.kind == kindDose {
			continue
		}
		phi := a.phi(s, o)
		if o.verdict == VerdictLikely {
			phi++
		}
		if phi > bestPhi {
			best, bestPhi = o.def.id, phi
		}
	}
	return best
}

// phi is the correlation of two suspects' exposures over the at-risk runs
// both compare (the dose: any deadlift volume).
func (a *suspectAnalysis) phi(x, y *suspectResult) float64 {
	var n, sa, sb, sab float64
	col := func(s *suspectResult, k int) (bool, bool) {
		if s.def.kind == kindDose {
			return true, a.vol72[k] > 0
		}
		return s.def.col(k)
	}
	for k := range a.es.atRisk {
		if !a.es.atRisk[k] {
			continue
		}
		ina, xa := col(x, k)
		inb, xb := col(y, k)
		if !ina || !inb {
			continue
		}
		n++
		if xa {
			sa++
		}
		if xb {
			sb++
		}
		if xa && xb {
			sab++
		}
	}
	den := math.Sqrt(sa * (n - sa) * sb * (n - sb))
	if den == 0 {
		return 0
	}
	return (n*sab - sa*sb) / den
}
