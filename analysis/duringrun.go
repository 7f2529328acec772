package analysis

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/backtrack/backtrack/internal/plural"
	"github.com/backtrack/backtrack/model"
)

// maxCurveRuns bounds the runs read per group for the cadence curves, so that
// the report stays fast over years of data; beyond it the runs are picked
// evenly through time.
const maxCurveRuns = 150

// painDuringRuns fills the comparison of the 10 minutes before each pain
// event that came during a run with the rest of that run, from the events
// readSamples measured.
func (b *builder) painDuringRuns(sm *sampled) {
	pd := &b.rep.PainDuringRuns
	pd.Events = sm.onsets
	if pd.Events == nil {
		pd.Events = []OnsetEvent{}
	}
	pd.Climb = pairedComparison(pd.Events, func(e OnsetEvent) (Num, Num) { return e.ClimbBefore, e.ClimbRest })
	pd.Cadence = pairedComparison(pd.Events, func(e OnsetEvent) (Num, Num) { return e.CadenceBefore, e.CadenceRest })
	pd.GroundContact = pairedComparison(pd.Events, func(e OnsetEvent) (Num, Num) { return e.GroundContactBefore, e.GroundContactExpected })
	pd.Balance = pairedComparison(pd.Events, func(e OnsetEvent) (Num, Num) { return e.BalanceOffBefore, e.BalanceOffExpected })
	// Their own Benjamini–Hochberg family: they stay out of the verdicts.
	var ps []float64
	var dst []*Num
	for _, c := range []*OnsetComparison{&pd.Climb, &pd.Cadence, &pd.GroundContact, &pd.Balance} {
		if c.PValue.Known() {
			ps = append(ps, float64(c.PValue))
			dst = append(dst, &c.QValue)
		}
	}
	for i, q := range BenjaminiHochberg(ps) {
		*dst[i] = Num(q)
	}
}

// onsetForm fills ev's running form: the 10 minutes before the pain (at
// off seconds into run) against what the rest of the run predicts at
// their speed and grade (FormOnset). The balance is measured from the
// runner's usual on the device, else from the rest of the run.
func onsetForm(ev *OnsetEvent, smp *model.Samples, run ReportRun, off float64) {
	f := FormOnset(smp, run.Indoor, off-OnsetWindow.Seconds(), off)
	if g := f.GroundContactMS; g.Known() && g.LateExpected > 0 {
		ev.GroundContactBefore, ev.GroundContactExpected = Num(g.Late), Num(g.LateExpected)
	}
	if bl := f.BalanceLeftPct; bl.Known() && bl.LateExpected > 0 {
		base := run.Exposure.BalanceBaselinePct
		if !(base > 0) {
			base = bl.Early
		}
		ev.BalanceOffBefore, ev.BalanceOffExpected = Num(math.Abs(bl.Late-base)), Num(math.Abs(bl.LateExpected-base))
	}
}

// samples reads a run's samples into dst: false when the run has none or
// they cannot be read.
func (b *builder) samples(id int64, dst *model.Samples) bool {
	if b.in.Samples == nil {
		return false
	}
	err := b.in.Samples(id, dst)
	return err == nil && dst.Len() > 0
}

// sampled is what the report measures on samples: the events of pain
// during a run (in the order of the pain events) and the runs' points
// of the cadence and contact time curves.
type sampled struct {
	onsets []OnsetEvent
	// painCurves and restCurves are the curve points of the runs followed
	// by pain and of the others (at most maxCurveRuns of each, evenly
	// through time), in the order of the runs.
	painCurves, restCurves []runCurve
}

// readSamples measures what the report needs from the runs' samples: the
// pain during runs and the curves. The runs are read and measured by a few
// workers at once (reading and decoding samples is most of a report's
// time); each result goes to its own place, so that the report is the same
// whatever the order they finish in.
func (b *builder) readSamples() *sampled {
	sm := &sampled{}
	nan := Num(math.NaN())
	var onsetRuns []int // the index in b.runs of each onset's run
	var offs []float64
	for i, l := range b.links {
		if !l.During || l.Run < 0 {
			continue
		}
		run := b.runs[l.Run]
		e := b.pain[i]
		off := l.At.Sub(run.Start).Seconds()
		sm.onsets = append(sm.onsets, OnsetEvent{PainID: e.ID, RunID: run.ID, Date: e.LocalDate, Time: e.LocalTime,
			Severity: e.Severity, Location: e.Location, Note: e.Note,
			Minutes: Num(math.Round(off/60*10) / 10), Km: nan, ClimbBefore: nan, ClimbRest: nan, CadenceBefore: nan, CadenceRest: nan,
			GroundContactBefore: nan, GroundContactExpected: nan, BalanceOffBefore: nan, BalanceOffExpected: nan})
		onsetRuns = append(onsetRuns, l.Run)
		offs = append(offs, off)
	}
	var painRuns, rest []int
	if b.in.Samples != nil {
		for k := range b.runs {
			if b.hasPn[k] {
				painRuns = append(painRuns, k)
			} else {
				rest = append(rest, k)
			}
		}
	}
	painRuns, rest = evenly(painRuns, maxCurveRuns), evenly(rest, maxCurveRuns)
	sm.painCurves, sm.restCurves = make([]runCurve, len(painRuns)), make([]runCurve, len(rest))
	if b.in.Samples == nil {
		return sm
	}
	// Jobs 0..len(onsets)-1 are the onsets, then the curves' runs.
	jobs := len(sm.onsets) + len(painRuns) + len(rest)
	job := func(j int, buf *model.Samples) {
		switch {
		case j < len(sm.onsets):
			run := b.runs[onsetRuns[j]]
			if b.samples(run.ID, buf) {
				b.onset(&sm.onsets[j], buf, offs[j])
				onsetForm(&sm.onsets[j], buf, run, offs[j])
			}
		case j < len(sm.onsets)+len(painRuns):
			k := j - len(sm.onsets)
			sm.painCurves[k] = b.runCurve(painRuns[k], buf)
		default:
			k := j - len(sm.onsets) - len(painRuns)
			sm.restCurves[k] = b.runCurve(rest[k], buf)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), maxSampleWorkers, jobs)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf model.Samples
			for j := int(next.Add(1)) - 1; j < jobs; j = int(next.Add(1)) - 1 {
				job(j, &buf)
			}
		}()
	}
	wg.Wait()
	return sm
}

// maxSampleWorkers bounds the runs a report reads and measures at once
// (each holds a run's samples).
const maxSampleWorkers = 4

// onset fills ev's distance, climb and cadence from the run's samples, with
// the pain at off seconds into the run.
func (b *builder) onset(ev *OnsetEvent, smp *model.Samples, off float64) {
	n := smp.Len()
	from := off - OnsetWindow.Seconds()
	i0 := sort.Search(n, func(i int) bool { return smp.T[i] >= from })
	i1 := sort.Search(n, func(i int) bool { return smp.T[i] >= off })
	// Distance at onset: the last known distance at or before it.
	for i := min(i1, n-1); i >= 0; i-- {
		if smp.T[i] <= off && model.Known(smp.DistM[i]) {
			ev.Km = Num(math.Round(smp.DistM[i]/100) / 10)
			break
		}
	}
	before := smp.Slice(i0, i1)
	rest := []*model.Samples{smp.Slice(0, i0), smp.Slice(i1, n)}
	if h := Hills(before, b.set); model.Known(h.ClimbPerKm) {
		ev.ClimbBefore = Num(h.ClimbPerKm)
	}
	asc, dist := 0.0, 0.0
	for _, r := range rest {
		if h, distM := hills(r, b.set); model.Known(h.AscentM) && model.Known(distM) {
			asc += h.AscentM
			dist += distM
		}
	}
	if dist >= 500 {
		ev.ClimbRest = Num(asc / dist * 1000)
	}
	ev.CadenceBefore = Num(medianCadence(before))
	var restCad []float64
	for _, r := range rest {
		restCad = appendCadence(restCad, r)
	}
	ev.CadenceRest = Num(medianOf(restCad))
}

// appendCadence appends the believable cadences (steps/min) of smp to dst.
func appendCadence(dst []float64, smp *model.Samples) []float64 {
	for _, c := range smp.CadenceSPM {
		if model.Known(c) && c >= 60 && c <= 260 {
			dst = append(dst, c)
		}
	}
	return dst
}

// medianCadence returns the median believable cadence of smp, NaN when it
// has fewer than 10.
func medianCadence(smp *model.Samples) float64 {
	return medianOf(appendCadence(nil, smp))
}

// medianOf returns the median of v (reordered), NaN when v has fewer than 10
// values.
func medianOf(v []float64) float64 {
	if len(v) < 10 {
		return math.NaN()
	}
	return quickMedian(v)
}

// pairedComparison compares before with rest over the events that have
// both: the mean difference, its t interval and the paired t-test's p (none
// below MinPainEvents events).
func pairedComparison(events []OnsetEvent, get func(OnsetEvent) (Num, Num)) OnsetComparison {
	nan := Num(math.NaN())
	c := OnsetComparison{MeanBefore: nan, MeanRest: nan, Difference: nan, CILow: nan, CIHigh: nan, PValue: nan, QValue: nan}
	var diffs []float64
	sb, sr := 0.0, 0.0
	for _, e := range events {
		x, y := get(e)
		if !x.Known() || !y.Known() {
			continue
		}
		diffs = append(diffs, float64(x-y))
		sb += float64(x)
		sr += float64(y)
	}
	c.N = len(diffs)
	if c.N == 0 {
		return c
	}
	n := float64(c.N)
	c.MeanBefore, c.MeanRest = Num(sb/n), Num(sr/n)
	mean := (sb - sr) / n
	c.Difference = Num(mean)
	if c.N < MinPainEvents {
		return c
	}
	ss := 0.0
	for _, d := range diffs {
		ss += (d - mean) * (d - mean)
	}
	se := math.Sqrt(ss / (n - 1) / n)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}
	q := t.Quantile(0.975)
	c.CILow, c.CIHigh = Num(mean-q*se), Num(mean+q*se)
	if se == 0 {
		if mean == 0 {
			c.PValue = 1
		} else {
			c.PValue = 0
		}
		return c
	}
	c.PValue = Num(2 * t.CDF(-math.Abs(mean/se)))
	return c
}

// summarizeOnset writes the pain-during-runs sentences.
func (b *builder) summarizeOnset() {
	pd := &b.rep.PainDuringRuns
	k := len(pd.Events)
	if k == 0 {
		pd.Summary = "No pain event was timed during a run, so there is nothing to say about when in a run pain starts. Logging the time of day with each event makes this possible."
		pd.Climb.Summary, pd.Cadence.Summary = "No events to compare.", "No events to compare."
		pd.GroundContact.Summary, pd.Balance.Summary = "No events to compare.", "No events to compare."
		return
	}
	mins := make([]float64, 0, k)
	for _, e := range pd.Events {
		mins = append(mins, float64(e.Minutes))
	}
	sort.Float64s(mins)
	pd.Summary = fmt.Sprintf("%s came during a run, a median of %.0f minutes in (from %.0f to %.0f).",
		plural.Of(k, "pain event", "pain events"), mins[len(mins)/2], mins[0], mins[len(mins)-1])
	var kms []float64
	for _, e := range pd.Events {
		if e.Km.Known() {
			kms = append(kms, float64(e.Km))
		}
	}
	if len(kms) > 0 {
		sort.Float64s(kms)
		pd.Summary += fmt.Sprintf(" By distance, a median of %.1f km in.", kms[len(kms)/2])
	}
	pd.Climb.Summary = onsetSentence(pd.Climb, "you climbed %.0f m per km on average, against %.0f m per km over the rest of those runs", "m per km more", "m per km less")
	pd.Cadence.Summary = onsetSentence(pd.Cadence, "your cadence was %.0f steps/min on average, against %.0f over the rest of those runs", "steps/min higher", "steps/min lower")
	pd.GroundContact.Summary = onsetSentence(pd.GroundContact, "your ground contact time was %.0f ms on average, against the %.0f ms the rest of those runs predicts at the same speed and grade", "ms longer", "ms shorter")
	pd.Balance.Summary = onsetSentence(pd.Balance, "your left/right balance lay %.1f points from your usual on average, against the %.1f the rest of those runs predicts", "points farther", "points nearer")
}

// onsetSentence puts a paired comparison into words.
func onsetSentence(c OnsetComparison, compare, more, less string) string {
	if c.N == 0 {
		return "No event had the data to compare."
	}
	s := fmt.Sprintf("In the %.0f minutes before pain came on (%s), "+compare+".",
		OnsetWindow.Minutes(), plural.Of(c.N, "event", "events"), float64(c.MeanBefore), float64(c.MeanRest))
	if !c.PValue.Known() {
		return s + fmt.Sprintf(" Too few events to test (at least %d are needed).", MinPainEvents)
	}
	d := float64(c.Difference)
	word := more
	if d < 0 {
		word = less
	}
	sure := "could easily be chance"
	if !(float64(c.CILow) <= 0 && float64(c.CIHigh) >= 0) {
		q := float64(c.QValue)
		if !c.QValue.Known() {
			q = float64(c.PValue)
		}
		sure = HowSure(q, math.NaN(), math.NaN())
	}
	return s + fmt.Sprintf(" The difference, %.1f %s (95%% CI %.1f to %.1f), %s.", math.Abs(d), word, float64(c.CILow), float64(c.CIHigh), sure)
}

// charts gathers what the HTML charts draw, the curves from sm.
func (b *builder) charts(sm *sampled) {
	ch := &b.rep.Charts
	ch.PeriodFrom, ch.PeriodTo = b.rep.Data.From, b.rep.Data.To
	ch.addPoints(b.runs, b.hasPn, b.in.Strength, b.pain, b.links)
	b.contextCharts()
	if b.in.Samples == nil {
		return
	}
	ch.CadencePain, ch.CurveRunsPain, ch.ContactPain, ch.ContactRunsPain = curve(sm.painCurves)
	ch.CadenceRest, ch.CurveRunsRest, ch.ContactRest, ch.ContactRunsRest = curve(sm.restCurves)
}

// contextCharts adds the data outside the report's period to the
// timeline's points, with runs followed by pain by the outcome rule among
// themselves.
func (b *builder) contextCharts() {
	cx := b.in.Context
	ch := &b.rep.Charts
	runs := slices.Clone(cx.Runs)
	slices.SortStableFunc(runs, func(x, y ReportRun) int { return x.Start.Compare(y.Start) })
	var pain []model.PainEvent
	for _, e := range cx.Pain {
		if e.Severity >= 1 {
			pain = append(pain, e)
		}
	}
	links := LinkPain(runs, pain)
	hasPain := make([]bool, len(runs))
	for _, l := range links {
		if l.Run >= 0 {
			hasPain[l.Run] = true
		}
	}
	ch.ContextPain = ch.addPoints(runs, hasPain, cx.Strength, pain, links)
	ch.ContextRuns, ch.ContextStrength = len(runs), len(cx.Strength)
}

// addPoints appends runs (hasPain[k] saying whether pain followed run k),
// strength sessions and pain events (links[i] being event i's link) to the
// timeline's points, and returns how many of the pain events it placed
// (one without a day to place it on is left out).
func (ch *Charts) addPoints(runs []ReportRun, hasPain []bool, strength []ReportStrength, pain []model.PainEvent, links []PainLink) int {
	for k, r := range runs {
		ch.Runs = append(ch.Runs, ChartRun{Start: r.Start, DistanceM: r.DistanceM, Pain: hasPain[k], Hilly: r.Exposure.Hilly.Yes()})
	}
	for _, s := range strength {
		ch.Strength = append(ch.Strength, ChartStrength{Start: s.Start, Deadlift: s.DeadliftSets > 0})
	}
	placed := 0
	for i, e := range pain {
		if t := chartInstant(e, links[i]); !t.IsZero() {
			ch.Pain = append(ch.Pain, ChartPain{At: t, Severity: e.Severity})
			placed++
		}
	}
	return placed
}

// evenly returns at most n of ks, picked evenly.
func evenly(ks []int, n int) []int {
	if len(ks) <= n {
		return ks
	}
	out := make([]int, n)
	for i := range out {
		out[i] = ks[i*len(ks)/n]
	}
	return out
}

// runCurve is one run's points of the curves: the median believable
// cadence and ground contact time at each of CurvePoints fractions of
// its duration (NaN where it has fewer than 3 such samples).
type runCurve struct {
	ok               bool // the run's samples were read
	cadence, contact [CurvePoints]float64
}

// runCurve measures run k's curve points, reading its samples into buf.
// Contact time is the watch's, else Stryd's, between 120 and 500 ms
// (without the zeros devices write while stopped).
func (b *builder) runCurve(k int, buf *model.Samples) runCurve {
	var rc runCurve
	if !b.samples(b.runs[k].ID, buf) {
		return rc
	}
	smp := buf
	end := smp.T[smp.Len()-1]
	if end <= 0 {
		return rc
	}
	rc.ok = true
	gct := smp.GroundContactMS
	if !smp.Has(model.ColGroundContact) {
		gct = smp.StrydGroundTimeMS
	}
	var vals []float64
	// median returns the median of the believable values of col over the
	// samples [i, j), NaN when fewer than 3.
	median := func(col []float64, i, j int, lo, hi float64) float64 {
		vals = vals[:0]
		for _, v := range col[i:j] {
			if v >= lo && v <= hi {
				vals = append(vals, v)
			}
		}
		if len(vals) < 3 {
			return math.NaN()
		}
		return quickMedian(vals)
	}
	i := 0
	for p := range CurvePoints {
		lo, hi := end*float64(p)/CurvePoints, end*float64(p+1)/CurvePoints
		for i < smp.Len() && smp.T[i] < lo {
			i++
		}
		j := i
		for j < smp.Len() && smp.T[j] < hi {
			j++
		}
		rc.cadence[p] = median(smp.CadenceSPM, i, j, 60, 260)
		rc.contact[p] = math.NaN()
		if len(gct) > 0 {
			rc.contact[p] = median(gct, i, j, 120, 500)
		}
		i = j
	}
	return rc
}

// curve returns the median cadence and ground contact time curves of the
// runs' points, each with how many runs had it.
func curve(runs []runCurve) (cadence []float64, cadRuns int, contact []float64, gctRuns int) {
	cadBins := make([][]float64, CurvePoints)
	gctBins := make([][]float64, CurvePoints)
	for _, rc := range runs {
		if !rc.ok {
			continue
		}
		anyCad, anyGCT := false, false
		for p := range CurvePoints {
			if c := rc.cadence[p]; !math.IsNaN(c) {
				cadBins[p] = append(cadBins[p], c)
				anyCad = true
			}
			if g := rc.contact[p]; !math.IsNaN(g) {
				gctBins[p] = append(gctBins[p], g)
				anyGCT = true
			}
		}
		if anyCad {
			cadRuns++
		}
		if anyGCT {
			gctRuns++
		}
	}
	curveOf := func(bins [][]float64) []float64 {
		out := make([]float64, CurvePoints)
		for p := range out {
			out[p] = math.NaN()
			if len(bins[p]) > 0 {
				out[p] = quickMedian(bins[p])
			}
		}
		return out
	}
	return curveOf(cadBins), cadRuns, curveOf(gctBins), gctRuns
}

// notes writes the report's caveats.
func (b *builder) notes(a *suspectAnalysis, dateOnly, withRun int) {
	r := b.rep
	d := r.Data
	var notes []string
	notes = append(notes, "This is observational data from your own records. A verdict says that two things went together, not that one caused the other: something else that comes with both (a hard training block, poor sleep, new shoes) could explain a link.")
	notes = append(notes, r.DiarySentence())
	if a.tested() && a.es.onsets < 20 {
		notes = append(notes, fmt.Sprintf("With %s, only strong links can show: a trigger that quadruples the risk is found in about 9 of 10 runners only from about 20 onsets on.", plural.Of(a.es.onsets, "pain episode onset", "pain episode onsets")))
	}
	notes = append(notes, fmt.Sprintf("Pain comes in episodes: pain days with at most %s between them are one episode (episode_gap_d). The evidence is when new episodes begin. Runs inside a pain episode are not counted as evidence of a new one; they are only compared with each other.",
		plural.Of(int(b.set.EpisodeGapD), "pain-free day", "pain-free days")))
	if a.tested() {
		tests := 0
		for _, s := range a.suspects {
			if s.testable {
				tests++
			}
		}
		notes = append(notes, fmt.Sprintf("The time test compares runs only within the same 8 weeks and the same pain history, so that training blocks, new habits and flare-ups do not pass for triggers. It ran for %s; the q-values (Benjamini–Hochberg) allow for that. A suspect is likely only when its q is below %s and it still stands out with the other suspects taken into account (or, for the strength suspects, in the episodes that began away from runs).",
			plural.Of(tests, "suspect", "suspects"), FormatSetting(QLikely)))
	}
	notes = append(notes, fmt.Sprintf("Pain is matched to a run when it came during the run or within %.0f h after it ended; a pain event with a date but no time goes with the last run of that day.", PainAfterRun.Hours()))
	if d.CheckIns > 0 {
		notes = append(notes, fmt.Sprintf("%s with severity 0 (no pain) %s days as logged without pain; %s never pain.", plural.Of(d.CheckIns, "check-in", "check-ins"),
			map[bool]string{true: "marks its", false: "mark their"}[d.CheckIns == 1], map[bool]string{true: "it is", false: "they are"}[d.CheckIns == 1]))
	}
	if dateOnly > 0 {
		notes = append(notes, fmt.Sprintf("%d of the pain events have a date but no time: they cannot say whether pain came during a run.", dateOnly))
	}
	if b.events > 0 && withRun < b.events {
		notes = append(notes, fmt.Sprintf("%d of %s belong to no run (no run that day or in the %.0f h before); an episode that begins with one is compared with the same weekday in other weeks for the strength suspects.", b.events-withRun, plural.Of(b.events, "pain event", "pain events"), PainAfterRun.Hours()))
	}
	unknown := func(get func(k int) bool) int {
		n := 0
		for k := range b.runs {
			if get(k) {
				n++
			}
		}
		return n
	}
	if n := unknown(func(k int) bool { return !b.runs[k].Exposure.Hilly.Known() }); n > 0 {
		notes = append(notes, fmt.Sprintf("%d of %s had no usable altitude (treadmill, or no elevation recorded) and are left out of the hilly-run test.", n, plural.Of(len(b.runs), "run", "runs")))
	}
	if n := unknown(func(k int) bool { return !b.runs[k].Exposure.CadenceDrift.Known() }); n > 0 {
		notes = append(notes, fmt.Sprintf("%d of %s had no cadence drift to measure (no cadence, or under 20 minutes) and are left out of the cadence test.", n, plural.Of(len(b.runs), "run", "runs")))
	}
	if n := unknown(func(k int) bool { return b.runs[k].Exposure.FormDrift.Known() }); n == 0 && len(b.runs) > 0 {
		notes = append(notes, "No run had ground contact times to compare late in the run (running dynamics from a chest strap, a pod, a Stryd or the watch itself, over 20 minutes or more), so form drift could not be tested.")
	} else if n < len(b.runs) {
		notes = append(notes, fmt.Sprintf("Only %d of %s had ground contact times to compare late in the run (running dynamics from a chest strap, a pod, a Stryd or the watch itself, over 20 minutes or more): only they enter the form-drift test.", n, plural.Of(len(b.runs), "run", "runs")))
	}
	if n := unknown(func(k int) bool { return b.runs[k].Exposure.BalanceShift.Known() }); n == 0 && len(b.runs) > 0 {
		notes = append(notes, "No run had a left/right balance to compare (it needs a chest strap or pod), so balance shifts could not be tested.")
	} else if n < len(b.runs) {
		notes = append(notes, fmt.Sprintf("Only %d of %s had a left/right balance to compare (it needs a chest strap or pod), against your usual on the same device: only they enter the balance-shift test.", n, plural.Of(len(b.runs), "run", "runs")))
	}
	if unknown(func(k int) bool {
		return b.runs[k].Exposure.FormDrift.Known() || b.runs[k].Exposure.BalanceShift.Known()
	}) > 0 {
		notes = append(notes, "What it cannot tell: flexibility, sleep, stress or anything else your watch and lifting log do not record; form only as far as the running dynamics show it; and a risk that depends on how heavy or how tired you were shows here only as far as the suspects above capture it.")
	} else {
		notes = append(notes, "What it cannot tell: form, flexibility, sleep, stress or anything else your watch and lifting log do not record; and a risk that depends on how heavy or how tired you were shows here only as far as the suspects above capture it.")
	}
	r.Notes = append(notes, r.Notes...)
}

// DiarySentence says plainly that runs with nothing logged count as
// pain-free, which diary period the analysis covers and by which rule, and
// how many runs lie outside it.
func (r *Report) DiarySentence() string {
	d := r.Data
	if d.DiaryFrom == "" {
		return "Nothing is in the pain diary for this period, so every run counts as pain-free and nothing can be tested."
	}
	rule := "from your first to your last diary entry"
	if d.DiaryRule == DiaryDeclared {
		rule = "from your diary_start setting"
	}
	s := fmt.Sprintf("Runs with nothing logged count as pain-free. The analysis covers %s to %s (%s)", d.DiaryFrom, d.DiaryTo, rule)
	if d.RunsOutsideDiary > 0 {
		s += fmt.Sprintf("; %s outside it %s left out", plural.Of(d.RunsOutsideDiary, "run", "runs"), map[bool]string{true: "is", false: "are"}[d.RunsOutsideDiary == 1])
	}
	return s + "."
}
