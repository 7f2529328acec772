package analysis

import (
	"math"
	"sort"
	"strings"

	"github.com/backtrack/backtrack/model"
)

// MetricsVersion numbers the metric definitions. Raise it whenever a change
// to this package changes any stored value (a new smoothing, a new window):
// stored metrics computed under an older version are then recomputed.
const MetricsVersion = 1

// RunMetricsResult is what a run's samples say about its hills and its
// cadence drift. Unknown values are NaN.
type RunMetricsResult struct {
	// Hills are the hill metrics; all unknown for a treadmill or a run
	// without altitude.
	Hills HillMetrics
	// Drift is the cadence drift; unknown for runs under 20 minutes of
	// moving time or without cadence.
	Drift DriftMetrics
}

// UnknownRunMetrics returns a RunMetricsResult with every value unknown.
func UnknownRunMetrics() RunMetricsResult {
	return RunMetricsResult{Hills: unknownHills(), Drift: unknownDrift()}
}

// RunMetrics computes the hill and drift metrics of session s. Only runs
// (sport running) have them: any other session gets every value unknown.
// A run indoors (see [IsIndoor]) gets no hill metrics, whatever its
// altitude column holds (a treadmill does not climb the building's
// barometric drift).
func RunMetrics(s *model.Session, set Settings) RunMetricsResult {
	r := UnknownRunMetrics()
	if s.Sport != model.Running {
		return r
	}
	if !IsIndoor(s.SubSport) {
		r.Hills = Hills(&s.Samples, set)
	}
	r.Drift = Drift(&s.Samples)
	return r
}

// IsIndoor reports whether a sub-sport word names an activity without real
// elevation: a treadmill, an indoor or a virtual activity ("treadmill",
// "indoor_running", "virtual_activity", "indoor_cycling").
func IsIndoor(subSport string) bool {
	return strings.Contains(subSport, "treadmill") || strings.HasPrefix(subSport, "indoor") ||
		strings.HasPrefix(subSport, "virtual")
}

// CategoryTotals sums a strength session's active sets of one exercise
// category.
type CategoryTotals struct {
	// Category is the exercise category ("deadlift", "squat", …).
	Category string
	// Sets counts the active sets.
	Sets int
	// Reps sums the recorded repetitions (sets without reps add none).
	Reps int
	// VolumeKg sums reps × weight in kilograms over the sets with both
	// recorded; NaN when no set has both (bodyweight work).
	VolumeKg float64
}

// StrengthSummary sums a session's strength sets.
type StrengthSummary struct {
	// Sets counts the active sets.
	Sets int
	// Reps sums the recorded repetitions.
	Reps int
	// VolumeKg sums reps × weight in kilograms over the sets with both
	// recorded; NaN when no set has both.
	VolumeKg float64
	// DeadliftSets counts the sets of the deadlift category.
	DeadliftSets int
	// DeadliftVolumeKg sums reps × weight over the deadlift sets: 0 without
	// deadlift sets, NaN when there are some but none has reps and weight.
	DeadliftVolumeKg float64
	// ByCategory has one entry per exercise category, by category name.
	ByCategory []CategoryTotals
}

// HasStrength reports whether a session counts as a strength session for
// the exposures: sport strength, or any recorded strength sets.
func HasStrength(s *model.Session) bool {
	return s.Sport == model.Strength || len(s.Sets) > 0
}

// StrengthMetrics sums the active sets of s (by category too). A session
// without sets has zero sets and unknown volume.
func StrengthMetrics(s *model.Session) StrengthSummary {
	sum := StrengthSummary{VolumeKg: math.NaN()}
	byCat := map[string]*CategoryTotals{}
	for _, st := range s.Sets {
		c := byCat[st.Category]
		if c == nil {
			c = &CategoryTotals{Category: st.Category, VolumeKg: math.NaN()}
			byCat[st.Category] = c
		}
		c.Sets++
		sum.Sets++
		if st.Reps > 0 {
			c.Reps += st.Reps
			sum.Reps += st.Reps
		}
		if st.Reps > 0 && model.Known(st.WeightKg) {
			v := st.VolumeKg()
			c.VolumeKg = addKnown(c.VolumeKg, v)
			sum.VolumeKg = addKnown(sum.VolumeKg, v)
		}
	}
	for _, c := range byCat {
		sum.ByCategory = append(sum.ByCategory, *c)
	}
	sort.Slice(sum.ByCategory, func(i, j int) bool { return sum.ByCategory[i].Category < sum.ByCategory[j].Category })
	if c := byCat[model.CategoryDeadlift]; c != nil {
		sum.DeadliftSets, sum.DeadliftVolumeKg = c.Sets, c.VolumeKg
	}
	return sum
}

// addKnown adds v to a sum that is NaN until its first term.
func addKnown(sum, v float64) float64 {
	if math.IsNaN(sum) {
		return v
	}
	return sum + v
}
