package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/backtrack/backtrack/internal/plural"
)

// The adjusted models: the gate a suspect must pass to be likely
// (docs/statistics.md, "The adjusted models").

// gateColumn is one column of an adjusted model.
type gateColumn struct {
	// id is the suspect's id, "" for a pain-history or period term.
	id string
	// label names it in a note.
	label string
	// val returns run k's value and whether it is known.
	val func(k int) (float64, bool)
}

// adjusted fits the adjusted models and fills the suspects' adjusted
// results. The main model holds deadlift_48h and the run suspects known
// for at least GateKnownShare of the rows; a run suspect known for fewer
// gets a fit of its own (the main columns plus it, on the rows where it is
// known); each nested suspect (strength_48h, deadlift_14d) is judged in the
// main model plus its own column, so that one effect is never split
// between parent and child; and the dose in the main model with its level
// in place of deadlift_48h. Every model also holds pain-history and
// calendar-period terms.
func (b *builder) adjusted(a *suspectAnalysis, u *units) {
	es := a.es
	var rows []int
	y := make([]bool, len(b.runs))
	for i := range b.runs {
		if _, yy, ok := u.key(i); ok {
			rows = append(rows, i)
			y[i] = yy
		}
	}
	if len(rows) == 0 {
		return
	}
	// Pain-history terms: at risk within RecencyDays of the last episode;
	// inside an episode at each position. Reference: at risk, longer after.
	hist := make([]int, len(b.runs))
	nPos := len(PositionDays) + 1
	for _, i := range rows {
		if es.atRisk[i] {
			hist[i] = u.recency(i)
		} else {
			hist[i] = 2 + u.position(i)
		}
	}
	var nuisance []gateColumn
	for h := 0; h < 2+nPos; h++ {
		if h == 1 {
			continue
		}
		nuisance = append(nuisance, gateColumn{label: fmt.Sprintf("history %d", h), val: func(k int) (float64, bool) {
			return boolCol(hist[k] == h)
		}})
	}
	span := es.period.to - es.period.from + 1
	w := PeriodDays
	if span/w > MaxPeriods {
		w = (span + MaxPeriods - 1) / MaxPeriods
	}
	for p := 1; p < periods(span, w); p++ {
		nuisance = append(nuisance, gateColumn{label: fmt.Sprintf("period %d", p), val: func(k int) (float64, bool) {
			return boolCol(periodOf(es.runDay[k]-es.period.from, span, w) == p)
		}})
	}
	col := func(s *suspectResult) gateColumn {
		return gateColumn{id: s.def.id, label: s.def.label, val: s.def.gateCol}
	}
	var main, own []gateColumn
	for _, s := range a.suspects {
		if s.def.gate != gateMain {
			continue
		}
		c := col(s)
		known := 0
		for _, k := range rows {
			if _, ok := c.val(k); ok {
				known++
			}
		}
		if float64(known) >= GateKnownShare*float64(len(rows)) {
			main = append(main, c)
		} else {
			own = append(own, c)
		}
	}
	want := map[string]bool{}
	for _, c := range main {
		want[c.id] = true
	}
	b.gateFit(a, rows, y, main, nuisance, want, nil)
	for _, c := range own {
		b.gateFit(a, rows, y, append(append([]gateColumn(nil), main...), c), nuisance, map[string]bool{c.id: true}, nil)
	}
	for _, s := range a.suspects {
		switch s.def.gate {
		case gateChild:
			var skip func(k int) bool
			if s.def.windowRule {
				skip = func(k int) bool { return u.painInWindow(k, s.def.lookBack) }
			}
			b.gateFit(a, rows, y, append(append([]gateColumn(nil), main...), col(s)), nuisance, map[string]bool{s.def.id: true}, skip)
		case gateDose:
			if math.IsNaN(a.doseCut) {
				continue
			}
			cols := []gateColumn{{id: s.def.id, label: s.def.label, val: func(k int) (float64, bool) {
				return float64(doseLevel(a.vol72[k], a.doseCut)), true
			}}}
			for _, c := range main {
				if d := a.get(c.id); d != nil && d.def.kind == kindRun {
					cols = append(cols, c)
				}
			}
			b.gateFit(a, rows, y, cols, nuisance, map[string]bool{s.def.id: true}, nil)
		}
	}
}

// periods returns how many calendar periods of w days a span of days
// has: a last one shorter than half of w joins the one before.
func periods(span, w int) int {
	n := (span + w - 1) / w
	if n > 1 && span-(n-1)*w < w/2 {
		n--
	}
	return n
}

// periodOf returns the period of day d (days from the start).
func periodOf(d, span, w int) int {
	return min(d/w, periods(span, w)-1)
}

// gateFit fits one adjusted model over the rows where every column is
// known (and skip is not set) and fills the results of the suspects in
// want. It needs MinOnsets onsets among its at-risk rows.
func (b *builder) gateFit(a *suspectAnalysis, rows []int, y []bool, cols, nuisance []gateColumn, want map[string]bool, skip func(k int) bool) {
	var rr []int
	for _, k := range rows {
		if skip != nil && skip(k) {
			continue
		}
		ok := true
		for _, c := range cols {
			if _, known := c.val(k); !known {
				ok = false
				break
			}
		}
		if ok {
			rr = append(rr, k)
		}
	}
	ons := 0
	for _, k := range rr {
		if y[k] && a.es.atRisk[k] {
			ons++
		}
	}
	if ons < MinOnsets {
		return
	}
	kept, fit := fitAdjusted(rr, y, cols, nuisance, want, &a.notes)
	if fit == nil {
		return
	}
	var names []string
	for _, c := range kept {
		names = append(names, c.id)
	}
	model := strings.Join(names, ", ") + " + pain-history and calendar-period terms"
	for j, c := range kept {
		if !want[c.id] {
			continue
		}
		s := a.get(c.id)
		s.inModel = true
		s.adjOR = math.Exp(fit.Coef[j+1])
		s.adjP = fit.P[j+1]
		s.adjModel = model
		bounds, jj := fit.Bounds, j+1
		if bounds != nil {
			s.adjBounds = func() (float64, float64) {
				lo, hi := bounds(jj)
				return math.Exp(lo), math.Exp(hi)
			}
		}
	}
}

// fitAdjusted fits Firth's model on the rows. Before the fit a suspect
// column whose rarer level has fewer than MinMinority rows is left out
// (with a note when it is one the fit is for), and so is a column identical
// to an earlier one (with a note); a nuisance column that thin is dropped
// silently. When the fit fails or does not converge, the nuisance column
// with the fewest rows on its rarer level is dropped and the fit rerun;
// with no nuisance column left, the suspect column with the fewest (with a
// note). The model is never abandoned while a suspect column remains. It
// returns the suspect columns kept and the fit (nil when none is left).
func fitAdjusted(rows []int, y []bool, cols, nuisance []gateColumn, want map[string]bool, notes *[]string) ([]gateColumn, *FirthResult) {
	minority := func(v []float64) int {
		ones := 0
		for _, x := range v {
			if x != 0 {
				ones++
			}
		}
		return min(ones, len(v)-ones)
	}
	for {
		var kept []gateColumn
		var vecs [][]float64
		for _, c := range cols {
			v := make([]float64, len(rows))
			for i, k := range rows {
				v[i], _ = c.val(k)
			}
			if m := minority(v); m < MinMinority {
				if want[c.id] {
					*notes = append(*notes, fmt.Sprintf("%s was left out of the adjusted model: only %s of the %d runs in it differed from the rest on it; the other suspects were still checked together.",
						c.label, plural.Of(m, "run", "runs"), len(rows)))
				}
				continue
			}
			twin := ""
			for j, w := range vecs {
				if equalFloats(v, w) {
					twin = kept[j].label
					break
				}
			}
			if twin != "" {
				*notes = append(*notes, fmt.Sprintf("%s and %s happened on exactly the same runs, so the adjusted model cannot tell them apart; it keeps the first only.", twin, c.label))
				continue
			}
			kept = append(kept, c)
			vecs = append(vecs, v)
		}
		nSus := len(kept)
		if nSus == 0 {
			return nil, nil
		}
		for _, c := range nuisance {
			v := make([]float64, len(rows))
			for i, k := range rows {
				v[i], _ = c.val(k)
			}
			if minority(v) < MinMinority {
				continue
			}
			kept = append(kept, c)
			vecs = append(vecs, v)
		}
		X := make([][]float64, len(rows))
		Y := make([]float64, len(rows))
		for i, k := range rows {
			X[i] = make([]float64, len(kept))
			for j := range kept {
				X[i][j] = vecs[j][i]
			}
			if y[k] {
				Y[i] = 1
			}
		}
		var pCols []int
		for j := 0; j < nSus; j++ {
			if want[kept[j].id] {
				pCols = append(pCols, j+1)
			}
		}
		res, err := FirthSelective(X, Y, pCols, nil)
		if err == nil && res.Converged {
			return kept[:nSus], &res
		}
		// Drop the column with the fewest rows on its rarer level (the
		// likeliest cause of a degenerate fit), nuisance terms first.
		worst, wm := -1, math.MaxInt
		for j := len(kept) - 1; j >= nSus; j-- {
			if m := minority(vecs[j]); m < wm {
				worst, wm = j, m
			}
		}
		if worst >= 0 {
			label := kept[worst].label
			var next []gateColumn
			for _, c := range nuisance {
				if c.label != label {
					next = append(next, c)
				}
			}
			nuisance = next
			continue
		}
		for j := 0; j < nSus; j++ {
			if m := minority(vecs[j]); m < wm {
				worst, wm = j, m
			}
		}
		why := "did not settle on an answer"
		if errors.Is(err, ErrSingularFisher) {
			why = "could not separate the suspects"
		}
		*notes = append(*notes, fmt.Sprintf("The adjusted model %s with %s in it, so it was fitted again without it; the other suspects were still checked together.",
			why, lowerFirst(kept[worst].label)))
		var next []gateColumn
		for _, c := range cols {
			if c.id != kept[worst].id {
				next = append(next, c)
			}
		}
		cols = next
	}
}

// equalFloats reports whether two slices hold the same values.
func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
