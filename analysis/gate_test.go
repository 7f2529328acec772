package analysis

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFitAdjustedScreens: a suspect column that is nearly constant (its
// rarer level has 1 row) and one identical to another leave the model with
// a note each; the other suspects are still fitted, never the whole model
// dropped.
func TestFitAdjustedScreens(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	n := 150
	a, b, h := make([]float64, n), make([]float64, n), make([]float64, n)
	y := make([]bool, n)
	rows := make([]int, n)
	for i := range n {
		rows[i] = i
		if rng.Float64() < 0.4 {
			a[i] = 1
		}
		if rng.Float64() < 0.3 {
			h[i] = 1
		}
		p := 0.05 + 0.25*a[i]
		y[i] = rng.Float64() < p
	}
	b[17] = 1 // one run of 150
	col := func(id, label string, v []float64) gateColumn {
		return gateColumn{id: id, label: label, val: func(k int) (float64, bool) { return v[k], true }}
	}
	cols := []gateColumn{col("a", "Suspect A", a), col("b", "Suspect B", b), col("c", "Suspect C", a), col("h", "Suspect H", h)}
	nuisance := []gateColumn{col("", "history", h)}
	var notes []string
	kept, fit := fitAdjusted(rows, y, cols, nuisance, map[string]bool{"a": true, "b": true, "c": true, "h": true}, &notes)
	if fit == nil || !fit.Converged {
		t.Fatalf("no fit: %v", notes)
	}
	var ids []string
	for _, c := range kept {
		ids = append(ids, c.id)
	}
	if strings.Join(ids, ",") != "a,h" {
		t.Errorf("kept %v, want a and h", ids)
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{"Suspect B was left out of the adjusted model: only 1 run of the 150 runs in it differed from the rest on it",
		"Suspect A and Suspect C happened on exactly the same runs"} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}
	// The history term is identical to H, so the first fit is singular:
	// the nuisance term goes first, without a note, and H stays.
	if strings.Contains(all, "history") {
		t.Errorf("a nuisance term got a note:\n%s", all)
	}
	if len(fit.Coef) != 3 { // intercept, a, h
		t.Errorf("%d coefficients, want 3 (the history term dropped)", len(fit.Coef))
	}
}
