package analysis

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// builder holds the state of one report while it is built.
type builder struct {
	in  ReportInput
	set Settings
	// runs are the runs sorted by start; long and spikes their long_run
	// and load_spike flags; longKm the long-run threshold.
	runs   []ReportRun
	long   []model.Flag
	spikes []model.Flag
	longKm float64
	// entries are every diary entry (in.Pain), with its link; pain and
	// links the pain events (severity 1 or more) and theirs.
	entries []entry
	pain    []model.PainEvent
	links   []PainLink
	hasPn   []bool // run k was followed by pain
	events  int    // pain events with severity ≥ 1
	// period is the diary period; defs the suspects; lifts the strength
	// sessions' index.
	period diaryPeriod
	defs   []suspectDef
	lifts  *liftIndex
	rep    *Report
	// dataStart is the first instant of the data (windows reaching before
	// it are unknown).
	dataStart time.Time
	zones     map[string]*time.Location
}

// zone loads a time zone once per report (UTC when it does not load).
func (b *builder) zone(name string) *time.Location {
	if loc, ok := b.zones[name]; ok {
		return loc
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		loc = time.UTC
	}
	b.zones[name] = loc
	return loc
}

// BuildReport computes the report from its input. It does not read a
// database or the clock: everything comes from in.
func BuildReport(in ReportInput) (*Report, error) {
	if err := in.Settings.Validate(); err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	b := &builder{in: in, set: in.Settings, zones: map[string]*time.Location{}}
	b.runs = slices.Clone(in.Runs)
	slices.SortStableFunc(b.runs, func(x, y ReportRun) int { return x.Start.Compare(y.Start) })
	all := LinkPain(b.runs, in.Pain)
	b.entries = diaryEntries(in.Pain, all, b.zone)
	checkIns := 0
	for i, e := range in.Pain {
		if e.Severity < 1 {
			checkIns++
			continue
		}
		b.pain = append(b.pain, e)
		b.links = append(b.links, all[i])
	}
	b.events = len(b.pain)
	b.hasPn = make([]bool, len(b.runs))
	r := &Report{Schema: ReportSchema, GeneratedAt: in.GeneratedAt.UTC(), Suspects: []Suspect{}, Notes: []string{}}
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
		CheckIns: checkIns,
	}
	r.Data.From, r.Data.To = b.span()
	b.longKm = b.longRunKm()
	b.long = b.longRuns()
	b.spikes = b.loadSpikes()
	b.lifts = newLiftIndex(in.Strength)
	b.period = b.findDiaryPeriod()
	r.Settings = ReportSettings{
		HillyClimbMPerKm: b.set.HillyClimbMPerKm, CadenceDriftPct: b.set.CadenceDriftPct,
		StrengthWindowH: b.set.StrengthWindowH, DeadliftWindowD: b.set.DeadliftWindowD, HysteresisM: b.set.HysteresisM,
		EpisodeGapD: b.set.EpisodeGapD, SeverityMin: b.set.SeverityMin, DiaryStart: b.set.DiaryStart,
		FormDriftGCTPct: b.set.FormDriftGCTPct, BalanceShiftPts: b.set.BalanceShiftPts,
		PainAfterRunH: PainAfterRun.Hours(), LongRunKm: Num(b.longKm),
		LoadSpikeRatio: LoadSpikeRatio, OnsetWindowMin: OnsetWindow.Minutes(),
		StratumD: StratumDays, ReferentWeeks: ReferentWeeks, MinOnsets: MinOnsets,
		QLikely: QLikely, QPossible: QPossible, PGate: PGate,
	}
	b.defs = b.suspectDefs()
	// The samples are read and measured while the suspects are analysed:
	// neither changes what the other reads.
	sampledc := make(chan *sampled, 1)
	go func() { sampledc <- b.readSamples() }()
	a := b.analyse(1, analyseFull)
	b.diaryData(a)
	b.severityLines(a)
	b.suspects(a)
	sm := <-sampledc
	b.painDuringRuns(sm)
	b.diary()
	b.summarizeOnset()
	b.charts(sm)
	b.notes(a, dateOnly, withRun)
	r.InShort = inShort(r)
	r.NextSteps = nextSteps(r)
	return r, nil
}

// diaryData fills the report's diary and episode counts.
func (b *builder) diaryData(a *suspectAnalysis) {
	d := &b.rep.Data
	es := a.es
	if b.period.ok {
		d.DiaryFrom, d.DiaryTo, d.DiaryRule = dayDate(b.period.from), dayDate(b.period.to), b.period.rule
	}
	d.RunsInDiary = count(es.inDiary)
	d.RunsOutsideDiary = len(b.runs) - d.RunsInDiary
	d.Episodes = len(es.episodes)
	d.EpisodeOnsets, d.OnsetsAfterRuns = es.onsets, es.runOnsets
	d.OnsetsNeeded = max(0, MinOnsets-es.onsets)
}

// longRuns returns each run's long_run flag.
func (b *builder) longRuns() []model.Flag {
	out := make([]model.Flag, len(b.runs))
	for k, r := range b.runs {
		d := r.DistanceM
		switch {
		case math.IsNaN(b.longKm) || !model.Known(d):
			out[k] = model.FlagUnknown
		case d/1000 >= b.longKm-0.05:
			out[k] = model.FlagYes
		default:
			out[k] = model.FlagNo
		}
	}
	return out
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

// pct formats a share as a whole percentage ("30%").
func pct(share float64) string {
	return fmt.Sprintf("%.0f%%", share*100)
}

// lowerFirst lowercases a subject's first letter for use mid-sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
