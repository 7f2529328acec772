package analysis

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/backtrack/backtrack/model"
)

// The fixed exposure windows (the tunable ones are in [Settings]).
const (
	// DeadliftVolumeWindow is the window of model.Exposure.DeadliftVolume72hKg.
	DeadliftVolumeWindow = 72 * time.Hour
	// WeeklyVolumeWindow is the window of model.Exposure.DeadliftVolume7dKg.
	WeeklyVolumeWindow = 7 * 24 * time.Hour
)

// BalanceBaselines returns each device's balance baseline (by
// model.Recorder.FormDevice): the median early balance (left %) of the
// runs on it with a known balance. Balance differs between devices and
// sensors (Berzosa et al. 2024), so a run is compared with the runner's
// own runs on the same one only.
func BalanceBaselines(runs []model.ExposureRun) map[string]float64 {
	by := map[string][]float64{}
	for _, r := range runs {
		if r.FormDevice != "" && r.Form.BalanceLeftPct.Known() {
			by[r.FormDevice] = append(by[r.FormDevice], r.Form.BalanceLeftPct.Early)
		}
	}
	out := make(map[string]float64, len(by))
	for dev, v := range by {
		out[dev] = quickMedian(v)
	}
	return out
}

// Exposures returns the exposure of each run under set, out[i] for runs[i]:
// what the strength sessions before it were (see [model.Exposure]) and its
// own flags, hilly, cadence drift, form drift and balance shift, from its
// climb, drift and form (the balance against [BalanceBaselines]). Neither
// slice needs to be sorted; each run costs a few binary searches (plus the
// sessions of its week), so the whole is O((r + s) log s).
func Exposures(runs []model.ExposureRun, strength []model.ExposureStrength, set Settings) []model.Exposure {
	st := slices.Clone(strength)
	slices.SortStableFunc(st, func(a, b model.ExposureStrength) int { return a.Start.Compare(b.Start) })
	n := len(st)
	// Prefix counts over the sorted sessions: deadlift sessions, and the
	// index of the last deadlift session.
	dlCount := make([]int, n+1)
	lastDL := make([]int, n+1)
	lastDL[0] = -1
	for i, s := range st {
		dlCount[i+1], lastDL[i+1] = dlCount[i], lastDL[i]
		if s.DeadliftSets > 0 {
			dlCount[i+1]++
			lastDL[i+1] = i
		}
	}
	// volume sums the deadlift volume of st[lo:hi] (a few sessions: summed
	// directly, so that an empty window is exactly 0).
	volume := func(lo, hi int) float64 {
		v := 0.0
		for _, s := range st[lo:hi] {
			if s.DeadliftSets > 0 && !math.IsNaN(s.DeadliftVolumeKg) {
				v += s.DeadliftVolumeKg
			}
		}
		return v
	}
	// from returns the index of the first session starting at or after t.
	from := func(t time.Time) int {
		return sort.Search(n, func(i int) bool { return !st[i].Start.Before(t) })
	}
	strengthW, deadliftW := set.StrengthWindow(), set.DeadliftWindow()
	baselines := BalanceBaselines(runs)
	out := make([]model.Exposure, len(runs))
	for i, r := range runs {
		base := math.NaN()
		if b, ok := baselines[r.FormDevice]; ok && r.FormDevice != "" {
			base = b
		}
		e := model.Exposure{SessionID: r.SessionID, HoursSinceStrength: math.NaN(), HoursSinceDeadlift: math.NaN(),
			Hilly: set.Hilly(r.ClimbPerKm), CadenceDrift: set.CadenceDrift(r.CadenceDriftPct),
			FormDrift: set.FormDrift(r.Form.GroundContactMS.CorrectedPct()), BalanceBaselinePct: base,
			BalanceShift: set.BalanceShift(r.Form.BalanceShiftPts(base))}
		// hi: the sessions starting at or before the run's start.
		hi := sort.Search(n, func(i int) bool { return st[i].Start.After(r.Start) })
		if hi > 0 {
			e.HoursSinceStrength = r.Start.Sub(st[hi-1].Start).Hours()
		}
		if j := lastDL[hi]; j >= 0 {
			e.HoursSinceDeadlift = r.Start.Sub(st[j].Start).Hours()
		}
		lo := from(r.Start.Add(-strengthW))
		e.Strength48h = hi > lo
		e.Deadlift48h = dlCount[hi] > dlCount[lo]
		e.Deadlift14d = dlCount[hi] > dlCount[from(r.Start.Add(-deadliftW))]
		e.DeadliftVolume72hKg = volume(from(r.Start.Add(-DeadliftVolumeWindow)), hi)
		e.DeadliftVolume7dKg = volume(from(r.Start.Add(-WeeklyVolumeWindow)), hi)
		out[i] = e
	}
	return out
}
