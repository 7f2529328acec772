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
const MetricsVersion = 2

// SessionMetrics computes the metrics of session s under set: the hill and
// drift metrics of a run, the strength totals of a strength session (see
// [HasStrength]), stamped with MetricsVersion and, for a run, the sample
// parameters. Only runs (sport running) have hill and drift metrics: any
// other session gets every run value unknown. A run indoors (see
// [IsIndoor]) gets no hill metrics, whatever its altitude column holds (a
// treadmill does not climb the building's barometric drift). The session's
// ID and its exposures are left to the caller (see [Exposures]).
func SessionMetrics(s *model.Session, set Settings) model.Metrics {
	m := model.UnknownMetrics()
	m.Version = MetricsVersion
	if s.Sport == model.Running {
		m.Params = set.SampleParams()
		if !IsIndoor(s.SubSport) {
			m.Hills = Hills(&s.Samples, set)
		}
		m.Drift = Drift(&s.Samples)
		m.Form = Form(&s.Samples, IsIndoor(s.SubSport))
	}
	if HasStrength(s) {
		st := StrengthTotals(s)
		m.Strength = &st
	}
	return m
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

// HasStrength reports whether a session counts as a strength session for
// the exposures: sport strength, or any recorded strength sets.
func HasStrength(s *model.Session) bool {
	return s.Sport == model.Strength || len(s.Sets) > 0
}

// StrengthTotals sums the active sets of s. A session without sets has
// zero sets and unknown volume.
func StrengthTotals(s *model.Session) model.StrengthTotals {
	sum := model.StrengthTotals{VolumeKg: math.NaN()}
	for _, st := range s.Sets {
		sum.Sets++
		if st.Reps > 0 {
			sum.Reps += st.Reps
		}
		if st.Reps > 0 && model.Known(st.WeightKg) {
			sum.VolumeKg = addKnown(sum.VolumeKg, st.VolumeKg())
		}
	}
	for _, c := range StrengthByCategory(s) {
		if c.Category == model.CategoryDeadlift {
			sum.DeadliftSets, sum.DeadliftVolumeKg = c.Sets, c.VolumeKg
		}
	}
	return sum
}

// StrengthByCategory sums the active sets of s by exercise category, one
// entry per category, by category name.
func StrengthByCategory(s *model.Session) []CategoryTotals {
	var out []CategoryTotals
	byCat := map[string]*CategoryTotals{}
	for _, st := range s.Sets {
		c := byCat[st.Category]
		if c == nil {
			c = &CategoryTotals{Category: st.Category, VolumeKg: math.NaN()}
			byCat[st.Category] = c
		}
		c.Sets++
		if st.Reps > 0 {
			c.Reps += st.Reps
		}
		if st.Reps > 0 && model.Known(st.WeightKg) {
			c.VolumeKg = addKnown(c.VolumeKg, st.VolumeKg())
		}
	}
	for _, c := range byCat {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Category < out[j].Category })
	return out
}

// addKnown adds v to a sum that is NaN until its first term.
func addKnown(sum, v float64) float64 {
	if math.IsNaN(sum) {
		return v
	}
	return sum + v
}
