package analysis

import (
	"math"
	"slices"
	"sort"
	"time"
)

// The fixed exposure windows (the tunable ones are in [Settings]).
const (
	// DeadliftVolumeWindow is the window of Exposure.DeadliftVolume72hKg.
	DeadliftVolumeWindow = 72 * time.Hour
	// WeeklyVolumeWindow is the window of Exposure.DeadliftVolume7dKg.
	WeeklyVolumeWindow = 7 * 24 * time.Hour
)

// RunRef is a run as the exposures need it.
type RunRef struct {
	// ID identifies the run (the store's session ID).
	ID int64
	// Start is the run's start instant.
	Start time.Time
}

// StrengthRef is a strength session as the exposures need it.
type StrengthRef struct {
	// ID identifies the session.
	ID int64
	// Start is the session's start instant.
	Start time.Time
	// DeadliftSets counts its active deadlift-category sets; a session
	// with any is a deadlift session.
	DeadliftSets int
	// DeadliftVolumeKg is its deadlift volume (reps × kg); NaN (unknown)
	// adds nothing to a window's volume.
	DeadliftVolumeKg float64
}

// Exposure is what came before one run. Every window ends at the run's start
// and includes both ends (a session 48 h 00 m before is within 48 h); times
// compare as UTC instants, so a window across a daylight-saving change still
// spans exactly its hours.
type Exposure struct {
	// RunID is the run's RunRef.ID.
	RunID int64
	// Deadlift48h: a deadlift session started 0 to Settings.StrengthWindowH
	// hours before the run's start.
	Deadlift48h bool
	// Strength48h: any strength session started in that window.
	Strength48h bool
	// Deadlift14d: a deadlift session started 0 to Settings.DeadliftWindowD
	// days before (the weeks-scale view).
	Deadlift14d bool
	// HoursSinceStrength and HoursSinceDeadlift are the hours from the
	// start of the last strength (deadlift) session at or before the run's
	// start; NaN when there was none.
	HoursSinceStrength, HoursSinceDeadlift float64
	// DeadliftVolume72hKg sums the deadlift volume (kg) of the sessions
	// started in the 72 hours before; DeadliftVolume7dKg in the 7 days
	// before (weekly deadlift volume). 0 when there were none.
	DeadliftVolume72hKg, DeadliftVolume7dKg float64
}

// Exposures returns the exposure of each run, out[i] for runs[i], from the
// strength sessions. Neither slice needs to be sorted; each run costs a few
// binary searches (plus the sessions of its week), so the whole is
// O((r + s) log s).
func Exposures(runs []RunRef, strength []StrengthRef, set Settings) []Exposure {
	st := slices.Clone(strength)
	slices.SortStableFunc(st, func(a, b StrengthRef) int { return a.Start.Compare(b.Start) })
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
	out := make([]Exposure, len(runs))
	for i, r := range runs {
		e := Exposure{RunID: r.ID, HoursSinceStrength: math.NaN(), HoursSinceDeadlift: math.NaN()}
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
