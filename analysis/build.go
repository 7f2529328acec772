package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// exposureDef is one exposure the report tests.
type exposureDef struct {
	id, label string
	// subject names the runs with it, as a sentence's subject ("Runs
	// within 48 h after a deadlift session").
	subject string
	// flag says whether run k had it (model.FlagUnknown when it cannot be told).
	flag func(k int) model.Flag
	// starts, for the exposures that exist apart from the pain's own run,
	// are the instants the exposure happened (for case-crossover); nil for
	// properties of the run.
	starts []time.Time
	// ccWhat names the exposure in a case-crossover sentence ("a deadlift
	// session").
	ccWhat string
}

// ExposureIDs lists the exposures a report tests, in the order of its
// findings.
var ExposureIDs = []string{ExpDeadlift48h, ExpStrength48h, ExpDeadlift14d, ExpHillyRun, ExpCadenceDrift, ExpLongRun, ExpLoadSpike}

// builder holds the state of one report while it is built.
type builder struct {
	in     ReportInput
	set    Settings
	runs   []ReportRun
	pain   []model.PainEvent
	links  []PainLink
	hasPn  []bool // run k was followed by pain
	events int    // pain events with severity ≥ 1
	rep    *Report
	// dataStart is the first instant of the data (control windows before
	// it are unknown).
	dataStart time.Time
}

// BuildReport computes the report from its input. It does not read a
// database or the clock: everything comes from in.
func BuildReport(in ReportInput) (*Report, error) {
	if err := in.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	b := &builder{in: in, set: in.Settings}
	b.runs = slices.Clone(in.Runs)
	slices.SortStableFunc(b.runs, func(x, y ReportRun) int { return x.Start.Compare(y.Start) })
	zeroSeverity := 0
	for _, e := range in.Pain {
		if e.Severity < 1 {
			zeroSeverity++
			continue
		}
		b.pain = append(b.pain, e)
	}
	b.events = len(b.pain)
	b.links = LinkPain(b.runs, b.pain)
	b.hasPn = make([]bool, len(b.runs))
	r := &Report{Schema: ReportSchema, GeneratedAt: in.GeneratedAt.UTC(), Findings: []Finding{}, Notes: []string{}}
	b.rep = r
	withRun, during, dateOnly := 0, 0, 0
	for _, l := range b.links {
		if l.At.IsZero() {
			dateOnly++
		}
		if l.Run >= 0 {
			b.hasPn[l.Run] = true
			withRun++
			if l.During {
				during++
			}
		}
	}
	for _, s := range in.Strength {
		if b.dataStart.IsZero() || s.Start.Before(b.dataStart) {
			b.dataStart = s.Start
		}
	}
	if len(b.runs) > 0 && (b.dataStart.IsZero() || b.runs[0].Start.Before(b.dataStart)) {
		b.dataStart = b.runs[0].Start
	}
	r.Data = ReportData{
		Sessions: in.Sessions, Runs: len(b.runs), StrengthSessions: len(in.Strength),
		PainEvents: b.events, RunsWithPain: count(b.hasPn), PainEventsWithRun: withRun, PainEventsDuringRuns: during,
	}
	r.Data.From, r.Data.To = b.span()
	longKm := b.longRunKm()
	r.Settings = ReportSettings{
		HillyClimbMPerKm: b.set.HillyClimbMPerKm, CadenceDriftPct: b.set.CadenceDriftPct,
		StrengthWindowH: b.set.StrengthWindowH, DeadliftWindowD: b.set.DeadliftWindowD, HysteresisM: b.set.HysteresisM,
		PainAfterRunH: PainAfterRun.Hours(), MinPainEvents: MinPainEvents, LongRunKm: Num(longKm),
		LoadSpikeRatio: LoadSpikeRatio, OnsetWindowMin: OnsetWindow.Minutes(), Significance: Significance,
	}
	for _, lag := range CaseCrossoverLags {
		r.Settings.CaseCrossoverLagsD = append(r.Settings.CaseCrossoverLagsD, int(lag.Hours()/24))
	}

	defs := b.exposures(longKm)
	for _, d := range defs {
		r.Findings = append(r.Findings, b.runRiskRatio(d))
		if d.starts != nil {
			r.Findings = append(r.Findings, b.caseCrossover(d))
		}
	}
	adj := b.adjusted(defs)
	// Put each adjusted finding after its exposure's others.
	var ordered []Finding
	for _, d := range defs {
		for _, f := range r.Findings {
			if f.Exposure == d.id {
				ordered = append(ordered, f)
			}
		}
		ordered = append(ordered, adj[d.id])
	}
	r.Findings = ordered
	b.painDuringRuns()
	b.diary()
	b.qValues()
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Holds = f.Tested && f.QValue.Known() && float64(f.QValue) < Significance &&
			f.CILow.Known() && f.CIHigh.Known() && (f.CILow > 1 || f.CIHigh < 1)
	}
	for i := range r.Findings {
		b.summarize(&r.Findings[i], defs)
	}
	b.summarizeOnset()
	b.charts()
	b.notes(zeroSeverity, dateOnly, withRun, defs)
	return r, nil
}

func count(v []bool) int {
	n := 0
	for _, x := range v {
		if x {
			n++
		}
	}
	return n
}

// span returns the report's first and last dates: those asked for, else
// those of the data.
func (b *builder) span() (from, to string) {
	from, to = b.in.FirstDate, b.in.LastDate
	for _, e := range b.pain {
		if from == "" || e.LocalDate < from {
			from = e.LocalDate
		}
		if to == "" || e.LocalDate > to {
			to = e.LocalDate
		}
	}
	if b.in.Since != "" {
		from = b.in.Since
	}
	if b.in.Until != "" {
		to = b.in.Until
	}
	return from, to
}

// longRunKm returns the distance, in km, from which a run is long: the
// LongRunQuantile of the runs' known distances; NaN with fewer than 8.
func (b *builder) longRunKm() float64 {
	var ds []float64
	for _, r := range b.runs {
		if model.Known(r.DistanceM) && r.DistanceM > 0 {
			ds = append(ds, r.DistanceM)
		}
	}
	if len(ds) < 8 {
		return math.NaN()
	}
	sort.Float64s(ds)
	q := ds[int(math.Ceil(LongRunQuantile*float64(len(ds))))-1]
	return math.Round(q/100) / 10
}

// loadSpikes returns, per run, whether the running distance of the 7 days
// before it was LoadSpikeRatio times the weekly average of the 28 days
// before those or more; unknown within 35 days of the first run or when the
// earlier weeks hold no distance.
func (b *builder) loadSpikes() []model.Flag {
	n := len(b.runs)
	out := make([]model.Flag, n)
	cum := make([]float64, n+1)
	for i, r := range b.runs {
		d := r.DistanceM
		if !model.Known(d) || d < 0 {
			d = 0
		}
		cum[i+1] = cum[i] + d
	}
	// before returns the index of the first run starting at or after t.
	before := func(t time.Time) int {
		return sort.Search(n, func(i int) bool { return !b.runs[i].Start.Before(t) })
	}
	const week = 7 * 24 * time.Hour
	for i, r := range b.runs {
		if n == 0 || r.Start.Sub(b.runs[0].Start) < 5*week {
			out[i] = model.FlagUnknown
			continue
		}
		a, c, d := before(r.Start.Add(-5*week)), before(r.Start.Add(-week)), before(r.Start)
		acute := cum[d] - cum[c]
		chronic := (cum[c] - cum[a]) / 4
		switch {
		case chronic <= 0:
			out[i] = model.FlagUnknown
		case acute >= LoadSpikeRatio*chronic:
			out[i] = model.FlagYes
		default:
			out[i] = model.FlagNo
		}
	}
	return out
}

// exposures defines the exposures the report tests.
func (b *builder) exposures(longKm float64) []exposureDef {
	f := FormatSetting
	sw, dw := f(b.set.StrengthWindowH), f(b.set.DeadliftWindowD)
	var strength, deadlift []time.Time
	for _, s := range b.in.Strength {
		strength = append(strength, s.Start)
		if s.DeadliftSets > 0 {
			deadlift = append(deadlift, s.Start)
		}
	}
	if strength == nil {
		strength = []time.Time{}
	}
	if deadlift == nil {
		deadlift = []time.Time{}
	}
	boolFlag := func(get func(model.Exposure) bool) func(int) model.Flag {
		return func(k int) model.Flag {
			if get(b.runs[k].Exposure) {
				return model.FlagYes
			}
			return model.FlagNo
		}
	}
	spikes := b.loadSpikes()
	defs := []exposureDef{
		{id: ExpDeadlift48h, label: "Deadlift session in the " + sw + " h before",
			subject: "Runs within " + sw + " h after a deadlift session", ccWhat: "a deadlift session",
			flag: boolFlag(func(e model.Exposure) bool { return e.Deadlift48h }), starts: deadlift},
		{id: ExpStrength48h, label: "Any strength session in the " + sw + " h before",
			subject: "Runs within " + sw + " h after any strength session", ccWhat: "a strength session",
			flag: boolFlag(func(e model.Exposure) bool { return e.Strength48h }), starts: strength},
		{id: ExpDeadlift14d, label: "Deadlift session in the " + dw + " days before",
			subject: "Runs with a deadlift session in the " + dw + " days before",
			flag:    boolFlag(func(e model.Exposure) bool { return e.Deadlift14d })},
		{id: ExpHillyRun, label: "Hilly run (" + f(b.set.HillyClimbMPerKm) + " m climb per km or more)",
			subject: "Hilly runs (" + f(b.set.HillyClimbMPerKm) + " m or more of climb per km)",
			flag:    func(k int) model.Flag { return b.runs[k].Exposure.Hilly }},
		{id: ExpCadenceDrift, label: "Cadence drift (late drop of " + f(b.set.CadenceDriftPct) + "% or more)",
			subject: "Runs whose cadence dropped " + f(b.set.CadenceDriftPct) + "% or more late in the run",
			flag:    func(k int) model.Flag { return b.runs[k].Exposure.CadenceDrift }},
	}
	longLabel := "Long run (longest quarter)"
	longSubject := "Long runs (your longest quarter)"
	if !math.IsNaN(longKm) {
		longLabel = "Long run (" + f(longKm) + " km or more)"
		longSubject = "Long runs (" + f(longKm) + " km or more, your longest quarter)"
	}
	defs = append(defs,
		exposureDef{id: ExpLongRun, label: longLabel, subject: longSubject,
			flag: func(k int) model.Flag {
				d := b.runs[k].DistanceM
				if math.IsNaN(longKm) || !model.Known(d) {
					return model.FlagUnknown
				}
				if d/1000 >= longKm-0.05 {
					return model.FlagYes
				}
				return model.FlagNo
			}},
		exposureDef{id: ExpLoadSpike, label: "Weekly distance up " + pct(LoadSpikeRatio-1) + " or more",
			subject: "Runs after a week " + pct(LoadSpikeRatio-1) + " or more above the weekly average of the 4 weeks before",
			flag:    func(k int) model.Flag { return spikes[k] }},
	)
	return defs
}

// pct formats a share as a whole percentage ("30%").
func pct(share float64) string {
	return fmt.Sprintf("%.0f%%", share*100)
}

// nanNums are the null estimate, interval and p of an untested finding.
func untested(d exposureDef, method, measure string) Finding {
	nan := Num(math.NaN())
	return Finding{Exposure: d.id, Label: d.label, Method: method, Measure: measure,
		Estimate: nan, CILow: nan, CIHigh: nan, PValue: nan, QValue: nan}
}

// runRiskRatio compares the runs with the exposure with those without.
func (b *builder) runRiskRatio(d exposureDef) Finding {
	f := untested(d, MethodRunRiskRatio, "risk ratio")
	for k := range b.runs {
		fl := d.flag(k)
		if !fl.Known() {
			continue
		}
		g := &f.Unexposed
		if fl.Yes() {
			g = &f.Exposed
		}
		g.N++
		if b.hasPn[k] {
			g.Events++
		}
	}
	if b.events < MinPainEvents || f.Exposed.N == 0 || f.Unexposed.N == 0 ||
		f.Exposed.Events+f.Unexposed.Events < MinPainEvents {
		return f
	}
	a, n1, c, n0 := f.Exposed.Events, f.Exposed.N, f.Unexposed.Events, f.Unexposed.N
	rr, lo, hi := RiskRatio(a, n1, c, n0)
	f.Estimate, f.CILow, f.CIHigh = Num(rr), Num(lo), Num(hi)
	f.PValue = Num(FisherExact(a, n1-a, c, n0-c))
	f.Tested = true
	return f
}

// caseCrossover compares each pain event's hazard window with the same
// window 1 to 4 weeks earlier.
func (b *builder) caseCrossover(d exposureDef) Finding {
	f := untested(d, MethodCaseCrossover, "odds ratio")
	var refs []time.Time
	for _, l := range b.links {
		if !l.Ref.IsZero() {
			refs = append(refs, l.Ref)
		}
	}
	sets := CaseCrossoverSets(refs, d.starts, b.set.StrengthWindow(), CaseCrossoverLags, b.dataStart)
	usable := 0
	for _, s := range sets {
		if s.Controls == 0 {
			continue
		}
		usable++
		if s.CaseExposed {
			f.Exposed.N++
			f.Exposed.Events++
		} else {
			f.Unexposed.N++
			f.Unexposed.Events++
		}
		f.Exposed.N += s.ControlsExposed
		f.Unexposed.N += s.Controls - s.ControlsExposed
	}
	if usable < MinPainEvents || f.Exposed.N == 0 || f.Unexposed.N == 0 {
		return f
	}
	or, lo, hi, p := MantelHaenszelMatched(sets)
	if math.IsNaN(p) {
		return f
	}
	f.Estimate, f.CILow, f.CIHigh, f.PValue = Num(or), Num(lo), Num(hi), Num(p)
	f.Tested = true
	return f
}

// adjusted fits every testable exposure in one Firth logistic model over
// the runs where all of them are known.
func (b *builder) adjusted(defs []exposureDef) map[string]Finding {
	out := make(map[string]Finding, len(defs))
	for _, d := range defs {
		out[d.id] = untested(d, MethodAdjusted, "odds ratio")
	}
	if b.events < MinPainEvents {
		return out
	}
	// Columns: exposures present in some runs and absent in others.
	var cols []exposureDef
	for _, d := range defs {
		yes, no := 0, 0
		for k := range b.runs {
			switch d.flag(k) {
			case model.FlagYes:
				yes++
			case model.FlagNo:
				no++
			}
		}
		if yes > 0 && no > 0 {
			cols = append(cols, d)
		}
	}
	// An exposure known for under 90% of the runs would cost the others
	// too many runs (the model needs every exposure of a run): it stays out.
	kept := cols[:0]
	for _, d := range cols {
		known := 0
		for k := range b.runs {
			if d.flag(k).Known() {
				known++
			}
		}
		if 10*known >= 9*len(b.runs) {
			kept = append(kept, d)
		} else {
			b.rep.Notes = append(b.rep.Notes, fmt.Sprintf("%s was known for only %d of %d runs, so it is left out of the adjusted model (which needs every exposure of a run known) and judged by the run comparison alone.", d.label, known, len(b.runs)))
		}
	}
	cols = kept
	for {
		var rows []int
		for k := range b.runs {
			ok := true
			for _, d := range cols {
				if !d.flag(k).Known() {
					ok = false
					break
				}
			}
			if ok {
				rows = append(rows, k)
			}
		}
		// Drop a column that is constant over the rows, or identical to an
		// earlier one (the model could not tell them apart).
		drop := -1
		var twin string
		vec := make([][]float64, len(cols))
		for j, d := range cols {
			vec[j] = make([]float64, len(rows))
			for i, k := range rows {
				if d.flag(k).Yes() {
					vec[j][i] = 1
				}
			}
		}
		for j := range cols {
			s := 0.0
			for _, v := range vec[j] {
				s += v
			}
			if s == 0 || s == float64(len(rows)) {
				drop = j
				break
			}
			for i := 0; i < j; i++ {
				if slices.Equal(vec[i], vec[j]) {
					drop, twin = j, cols[i].label
					break
				}
			}
			if drop >= 0 {
				break
			}
		}
		if drop >= 0 {
			if twin != "" {
				b.rep.Notes = append(b.rep.Notes, fmt.Sprintf("%s and %s happened on exactly the same runs, so the adjusted model cannot tell them apart; it keeps the first only.", twin, cols[drop].label))
			}
			cols = slices.Delete(cols, drop, drop+1)
			continue
		}
		if len(cols) == 0 || len(rows) == 0 {
			return out
		}
		X := make([][]float64, len(rows))
		y := make([]float64, len(rows))
		events := 0
		for i, k := range rows {
			X[i] = make([]float64, len(cols))
			for j := range cols {
				X[i][j] = vec[j][i]
			}
			if b.hasPn[k] {
				y[i] = 1
				events++
			}
		}
		if events < MinPainEvents {
			return out
		}
		res, err := FirthLogistic(X, y)
		if err != nil {
			if errors.Is(err, ErrSingularFisher) {
				b.rep.Notes = append(b.rep.Notes, "The adjusted model could not separate the exposures in this data (they overlap too much); its findings are left out.")
			}
			return out
		}
		if !res.Converged {
			b.rep.Notes = append(b.rep.Notes, "The adjusted model did not settle on an answer in this data; its findings are left out.")
			return out
		}
		for j, d := range cols {
			f := out[d.id]
			for i, k := range rows {
				g := &f.Unexposed
				if vec[j][i] == 1 {
					g = &f.Exposed
				}
				g.N++
				if b.hasPn[k] {
					g.Events++
				}
			}
			f.Estimate = Num(math.Exp(res.Coef[j+1]))
			lo, hi := res.ProfileLo[j+1], res.ProfileHi[j+1]
			if math.IsNaN(lo) || math.IsNaN(hi) {
				lo, hi = res.Lo[j+1], res.Hi[j+1] // a restricted fit failed: Wald
			}
			f.CILow, f.CIHigh = Num(math.Exp(lo)), Num(math.Exp(hi))
			f.PValue = Num(res.P[j+1])
			f.Tested = !math.IsNaN(res.P[j+1])
			if !f.Tested {
				nan := Num(math.NaN())
				f.Estimate, f.CILow, f.CIHigh, f.PValue = nan, nan, nan, nan
			}
			out[d.id] = f
		}
		return out
	}
}

// qValues sets the Benjamini–Hochberg q-values over every test of the
// report: the findings and the pain-during-runs comparisons.
func (b *builder) qValues() {
	r := b.rep
	var ps []float64
	var dst []*Num
	for i := range r.Findings {
		if r.Findings[i].Tested {
			ps = append(ps, float64(r.Findings[i].PValue))
			dst = append(dst, &r.Findings[i].QValue)
		}
	}
	for _, c := range []*OnsetComparison{&r.PainDuringRuns.Climb, &r.PainDuringRuns.Cadence} {
		if c.PValue.Known() {
			ps = append(ps, float64(c.PValue))
			dst = append(dst, &c.QValue)
		}
	}
	if len(ps) == 0 {
		return
	}
	for i, q := range BenjaminiHochberg(ps) {
		*dst[i] = Num(q)
	}
}

// defByID finds an exposure's definition.
func defByID(defs []exposureDef, id string) exposureDef {
	for _, d := range defs {
		if d.id == id {
			return d
		}
	}
	return exposureDef{}
}

// lowerFirst lowercases a subject's first letter for use mid-sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
