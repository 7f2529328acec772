package analysis

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ErrSingularFisher reports that a logistic model's Fisher information is
// singular: a covariate is constant (an exposure that never or always
// happens) or a linear combination of others. Drop such columns and refit.
var ErrSingularFisher = errors.New("fisher information is singular")

// FirthResult is a fitted Firth logistic regression. Index 0 of every slice
// is the intercept; index j ≥ 1 is column j−1 of the caller's X. Odds ratios
// are exp(Coef), and exp(Lo), exp(Hi) bound them.
type FirthResult struct {
	// Coef holds the penalised maximum likelihood estimates (log odds).
	Coef []float64
	// SE holds the standard errors from the inverse Fisher information at Coef.
	SE []float64
	// Lo and Hi are the Wald 95% bounds Coef ± 1.959964·SE.
	Lo, Hi []float64
	// ProfileLo and ProfileHi are the profile penalised likelihood 95%
	// bounds, as logistf reports them: the values of each coefficient at
	// which the penalised likelihood ratio test reaches p = 0.05 (±Inf when
	// the likelihood never falls that far; NaN when a restricted fit
	// fails). Unlike the Wald bounds they agree with P: the interval
	// excludes 0 exactly when P < 0.05.
	ProfileLo, ProfileHi []float64
	// P holds the penalised likelihood ratio p-values, as logistf reports
	// them: 2·(l*(Coef) − l*(fit with that coefficient fixed at 0)) against a
	// chi-square on one degree of freedom. NaN when the restricted fit fails
	// or does not converge.
	P []float64
	// LogLik is the maximised penalised log-likelihood
	// l* = Σ [y ln π + (1−y) ln(1−π)] + ½ ln det I.
	LogLik float64
	// Converged reports whether Newton–Raphson met its tolerance (a Newton
	// step no larger than 1e-10 in any coefficient, or three in a row no
	// larger than 1e-8) within 100 iterations.
	Converged bool
	// Iter is the number of Newton–Raphson iterations used.
	Iter int
	// Bounds computes coefficient j's profile bounds (log odds) on demand;
	// set by FirthSelective, whose ProfileLo and ProfileHi hold only the
	// columns asked for (a profile interval costs about twenty refits).
	Bounds func(j int) (lo, hi float64)
}

// Newton–Raphson controls, as logistf's defaults except for tighter
// tolerances and more room: a step is scaled down so that no coefficient
// moves by more than firthMaxStep, and halved up to firthMaxHalf times while
// the penalised log-likelihood falls.
const (
	firthMaxIter   = 100
	firthMaxStep   = 5.0
	firthMaxHalf   = 40
	firthTol       = 1e-10
	firthSmallStep = 1e-8
)

// FirthLogistic fits Firth's penalised-likelihood logistic regression
// (Firth 1993; Heinze & Schemper 2002, as R's logistf): it maximises
// l*(β) = l(β) + ½ ln det I(β) by Newton–Raphson on the hat-matrix-modified
// score U*(β)ⱼ = Σᵢ xᵢⱼ (yᵢ − πᵢ + hᵢ(½ − πᵢ)), with step-halving. The
// estimates stay finite on separated data, where plain maximum likelihood
// runs off to infinity, and their small-sample bias is reduced.
//
// X holds one row per observation (one run) and one column per covariate,
// WITHOUT a column of ones: FirthLogistic adds the intercept itself, as
// coefficient 0. y holds 0 or 1 per row. The p-values are profile penalised
// likelihood ratio tests, one restricted refit per coefficient, in which the
// penalty keeps the full model's information matrix, as logistf does.
//
// It returns an error when the input is malformed (no rows, ragged rows,
// lengths that differ, values that are not finite, y not 0/1) and one that
// wraps ErrSingularFisher when the design is degenerate. A fit that does not
// converge is returned with Converged false.
func FirthLogistic(X [][]float64, y []float64) (FirthResult, error) {
	prob, fit, res, err := firthWald(X, y)
	if err != nil {
		return FirthResult{}, err
	}
	for j := range prob.k {
		res.P[j] = prob.profileP(fit, j, 0)
		res.ProfileLo[j] = prob.profileBound(fit, j, res.SE[j], -1)
		res.ProfileHi[j] = prob.profileBound(fit, j, res.SE[j], +1)
	}
	return res, nil
}

// firthWald fits the model with every coefficient free and returns the
// problem, the fit and the result with its Wald standard errors and
// intervals; every p and profile bound is NaN, for the caller to fill.
func firthWald(X [][]float64, y []float64) (*firthProblem, firthFit, FirthResult, error) {
	prob, err := newFirthProblem(X, y)
	if err != nil {
		return nil, firthFit{}, FirthResult{}, err
	}
	k := prob.k
	all := make([]bool, k)
	for j := range all {
		all[j] = true
	}
	fit, err := prob.fit(make([]float64, k), all)
	if err != nil {
		return nil, firthFit{}, FirthResult{}, fmt.Errorf("firth logistic: %w", err)
	}
	res := FirthResult{
		Coef: fit.beta, SE: make([]float64, k), Lo: make([]float64, k),
		Hi: make([]float64, k), P: make([]float64, k),
		ProfileLo: make([]float64, k), ProfileHi: make([]float64, k),
		LogLik: fit.loglik, Converged: fit.converged, Iter: fit.iter,
	}
	cov, err := prob.covariance(fit.beta)
	if err != nil {
		return nil, firthFit{}, FirthResult{}, fmt.Errorf("firth logistic: %w", err)
	}
	nan := math.NaN()
	for j := range k {
		res.SE[j] = math.Sqrt(cov.At(j, j))
		res.Lo[j] = fit.beta[j] - z95*res.SE[j]
		res.Hi[j] = fit.beta[j] + z95*res.SE[j]
		res.P[j], res.ProfileLo[j], res.ProfileHi[j] = nan, nan, nan
	}
	return prob, fit, res, nil
}

// firthProblem is a design with the intercept column added, stored row-major.
type firthProblem struct {
	n, k int       // n distinct covariate patterns, k coefficients
	x    []float64 // n×k, row-major, column 0 all ones
	y    []float64 // events among the rows of each pattern
	m    []float64 // rows of each pattern
	// nz lists each pattern's columns that are not zero: the report's
	// columns are indicators, mostly 0, and the sums over a pattern's
	// pairs of columns (the information, the hat values) skip the zeros.
	nz [][]int
}

// firthFit is the outcome of one (possibly restricted) fit.
type firthFit struct {
	beta      []float64
	loglik    float64
	converged bool
	iter      int
}

// firthState holds the quantities of the model at one β.
type firthState struct {
	loglik float64 // penalised
	pi     []float64
	chol   mat.Cholesky // of the full Fisher information
	info   *mat.SymDense
}

// newFirthProblem checks the data and stores it with the intercept column
// added. Rows with the same covariates are collapsed into one row carrying
// their count and their number of events (binary exposures give at most a
// few hundred patterns however many runs there are): the penalised
// likelihood, its information matrix and the modified score are sums over
// identical rows, so the fit is the same and costs patterns, not runs.
func newFirthProblem(X [][]float64, y []float64) (*firthProblem, error) {
	n := len(X)
	if n == 0 {
		return nil, errors.New("firth logistic: no observations")
	}
	if len(y) != n {
		return nil, fmt.Errorf("firth logistic: %d rows in X but %d outcomes", n, len(y))
	}
	p := len(X[0])
	k := p + 1
	prob := &firthProblem{k: k}
	index := make(map[string]int, 64)
	key := make([]byte, 0, 8*p)
	for i, row := range X {
		if len(row) != p {
			return nil, fmt.Errorf("firth logistic: row %d has %d columns, row 0 has %d", i, len(row), p)
		}
		key = key[:0]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("firth logistic: X[%d][%d] is %v", i, j, v)
			}
			if v == 0 {
				v = 0 // −0 and 0 are one pattern
			}
			key = binary.LittleEndian.AppendUint64(key, math.Float64bits(v))
		}
		if y[i] != 0 && y[i] != 1 {
			return nil, fmt.Errorf("firth logistic: y[%d] is %v, want 0 or 1", i, y[i])
		}
		g, ok := index[string(key)]
		if !ok {
			g = prob.n
			index[string(key)] = g
			prob.n++
			prob.x = append(prob.x, 1)
			prob.x = append(prob.x, row...)
			prob.y = append(prob.y, 0)
			prob.m = append(prob.m, 0)
		}
		prob.y[g] += y[i]
		prob.m[g]++
	}
	prob.nz = make([][]int, prob.n)
	for i := range prob.n {
		for j, v := range prob.x[i*k : (i+1)*k] {
			if v != 0 {
				prob.nz[i] = append(prob.nz[i], j)
			}
		}
	}
	return prob, nil
}

// state evaluates the penalised log-likelihood and the Fisher information at
// beta. It fails with ErrSingularFisher when the information is not positive
// definite.
func (f *firthProblem) state(beta []float64) (*firthState, error) {
	k := f.k
	st := &firthState{pi: make([]float64, f.n), info: mat.NewSymDense(k, nil)}
	info := make([]float64, k*k)
	var ll float64
	for i := range f.n {
		row := f.x[i*k : (i+1)*k]
		nz := f.nz[i]
		var eta float64
		for _, j := range nz {
			eta += row[j] * beta[j]
		}
		// y·η − ln(1 + e^η), computed without overflow.
		ll += f.y[i]*eta - f.m[i]*softplus(eta)
		pi := 1 / (1 + math.Exp(-eta))
		st.pi[i] = pi
		w := f.m[i] * pi * (1 - pi)
		for ia, a := range nz {
			wa := w * row[a]
			for _, b := range nz[ia:] {
				info[a*k+b] += wa * row[b]
			}
		}
	}
	for a := range k {
		for b := a; b < k; b++ {
			st.info.SetSym(a, b, info[a*k+b])
		}
	}
	if ok := st.chol.Factorize(st.info); !ok {
		return nil, ErrSingularFisher
	}
	logdet := st.chol.LogDet()
	if math.IsNaN(logdet) || math.IsInf(logdet, 0) {
		return nil, ErrSingularFisher
	}
	st.loglik = ll + 0.5*logdet
	return st, nil
}

// softplus returns ln(1 + e^x) without overflow or loss for large |x|.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// covariance returns the inverse Fisher information at beta.
func (f *firthProblem) covariance(beta []float64) (*mat.SymDense, error) {
	st, err := f.state(beta)
	if err != nil {
		return nil, err
	}
	var cov mat.SymDense
	if err := st.chol.InverseTo(&cov); err != nil {
		return nil, fmt.Errorf("invert fisher information: %w", ErrSingularFisher)
	}
	return &cov, nil
}

// fit maximises the penalised log-likelihood over the coefficients marked
// free, the others held at their values in init. As in logistf the penalty
// and the hat matrix always use the full model's information; the Newton
// step for the free coefficients uses the inverse of their own block of it.
func (f *firthProblem) fit(init []float64, free []bool) (firthFit, error) {
	k := f.k
	beta := append([]float64(nil), init...)
	var idx []int
	for j, ok := range free {
		if ok {
			idx = append(idx, j)
		}
	}
	st, err := f.state(beta)
	if err != nil {
		return firthFit{}, err
	}
	out := firthFit{beta: beta, loglik: st.loglik}
	if len(idx) == 0 {
		out.converged = true
		return out, nil
	}
	var cov mat.SymDense
	covFull := make([]float64, k*k)
	h := make([]float64, f.n)
	ustar := mat.NewVecDense(len(idx), nil)
	sub := mat.NewSymDense(len(idx), nil)
	var subChol mat.Cholesky
	delta := mat.NewVecDense(len(idx), nil)
	trial := make([]float64, k)
	small := 0 // consecutive steps below firthSmallStep
	for out.iter < firthMaxIter {
		if err := st.chol.InverseTo(&cov); err != nil {
			return out, ErrSingularFisher
		}
		// The inverse information as a plain row-major slice: At's bounds
		// checks and symmetric indexing dominated the cost of the loop
		// below.
		for a := range k {
			for b := a; b < k; b++ {
				v := cov.At(a, b)
				covFull[a*k+b], covFull[b*k+a] = v, v
			}
		}
		// Hat diagonal hᵢ = wᵢ xᵢᵀ I⁻¹ xᵢ and the modified score U*.
		for a := range idx {
			ustar.SetVec(a, 0)
		}
		for i := range f.n {
			row := f.x[i*k : (i+1)*k]
			nz := f.nz[i]
			var q float64
			for _, a := range nz {
				c := covFull[a*k : (a+1)*k]
				var s float64
				for _, b := range nz {
					s += c[b] * row[b]
				}
				q += row[a] * s
			}
			pi := st.pi[i]
			h[i] = f.m[i] * pi * (1 - pi) * q // the pattern's rows' hat values summed
			r := f.y[i] - f.m[i]*pi + h[i]*(0.5-pi)
			for a, j := range idx {
				ustar.SetVec(a, ustar.AtVec(a)+row[j]*r)
			}
		}
		for a, ja := range idx {
			for b := a; b < len(idx); b++ {
				sub.SetSym(a, b, st.info.At(ja, idx[b]))
			}
		}
		if ok := subChol.Factorize(sub); !ok {
			return out, ErrSingularFisher
		}
		if err := subChol.SolveVecTo(delta, ustar); err != nil {
			return out, ErrSingularFisher
		}
		step := 0.0
		for a := range idx {
			step = math.Max(step, math.Abs(delta.AtVec(a)))
		}
		out.iter++
		scale := 1.0
		if step > firthMaxStep {
			scale = firthMaxStep / step
		}
		// Step-halving: accept the first trial that does not lower l*.
		var next *firthState
		for half := 0; half <= firthMaxHalf; half++ {
			copy(trial, beta)
			for a, j := range idx {
				trial[j] += scale * delta.AtVec(a)
			}
			s, err := f.state(trial)
			if err == nil && s.loglik >= st.loglik-1e-12*math.Abs(st.loglik) {
				next = s
				break
			}
			scale /= 2
		}
		if next == nil {
			// No step improves l*: beta is the optimum to machine precision
			// when the Newton step was already small.
			out.converged = step < 1e-6
			return out, nil
		}
		copy(beta, trial)
		st = next
		out.loglik = st.loglik
		if step <= firthTol {
			out.converged = true
			return out, nil
		}
		// Rounding can keep steps just above firthTol on large or nearly
		// separated data: three small steps in a row also count.
		if step <= firthSmallStep {
			small++
		} else {
			small = 0
		}
		if small == 3 {
			out.converged = true
			return out, nil
		}
	}
	return out, nil
}

// profileP returns the penalised likelihood ratio p-value for coefficient j
// equal to value, given the unrestricted fit: the model is refitted with
// coefficient j fixed at value (the others free, starting from the
// unrestricted estimates).
func (f *firthProblem) profileP(full firthFit, j int, value float64) float64 {
	lr, err := f.profileLR(full, j, value)
	if err != nil {
		return math.NaN()
	}
	return distuv.ChiSquared{K: 1}.Survival(lr)
}

// profileLR returns 2·(l*(full) − l*(fit with coefficient j fixed at value)),
// floored at 0.
func (f *firthProblem) profileLR(full firthFit, j int, value float64) (float64, error) {
	init := append([]float64(nil), full.beta...)
	init[j] = value
	free := make([]bool, f.k)
	for a := range free {
		free[a] = a != j
	}
	r, err := f.fit(init, free)
	if err != nil {
		return math.NaN(), err
	}
	if !r.converged {
		return math.NaN(), errors.New("restricted fit did not converge")
	}
	return math.Max(0, 2*(full.loglik-r.loglik)), nil
}

// chi2Crit95 is the 95% quantile of the chi-square distribution on one
// degree of freedom (1.959964²).
const chi2Crit95 = 3.841458820694124

// profileBound returns the profile penalised likelihood bound of coefficient
// j on side dir (−1 lower, +1 upper): the value b beyond the estimate where
// 2·(l*(full) − l*(b)) = chi2Crit95. It brackets the root by steps of the
// standard error, then solves g(b) = √LR(b) − 1.959964 (nearly linear in b)
// by the Illinois variant of regula falsi to 1e-6 in b. ±Inf when LR stays
// below the critical value within 40 standard errors (as with separated
// data); NaN when a restricted fit fails.
func (f *firthProblem) profileBound(full firthFit, j int, se float64, dir float64) float64 {
	beta := full.beta[j]
	root := math.Sqrt(chi2Crit95)
	g := func(b float64) (float64, bool) {
		lr, err := f.profileLR(full, j, b)
		if err != nil || math.IsNaN(lr) {
			return 0, false
		}
		return math.Sqrt(lr) - root, true
	}
	if !(se > 0) || math.IsInf(se, 0) {
		se = 1
	}
	// Bracket: a inside (g < 0), c outside (g ≥ 0).
	a, ga := beta, -root
	step := se * root
	c := beta + dir*step
	gc, ok := g(c)
	for tries := 0; ok && gc < 0; tries++ {
		if math.Abs(c-beta) > 40*se || tries > 20 {
			return dir * math.Inf(1)
		}
		a, ga = c, gc
		step *= 2
		c = beta + dir*step
		gc, ok = g(c)
	}
	if !ok {
		return math.NaN()
	}
	side := 0
	for range 60 {
		x := c - gc*(c-a)/(gc-ga)
		gx, ok := g(x)
		if !ok {
			return math.NaN()
		}
		if math.Abs(x-c) < 1e-6 || math.Abs(gx) < 1e-9 {
			return x
		}
		if gx < 0 {
			a, ga = x, gx
			if side == -1 {
				gc /= 2
			}
			side = -1
		} else {
			c, gc = x, gx
			if side == +1 {
				ga /= 2
			}
			side = +1
		}
	}
	return (a + c) / 2
}

// FirthSelective fits the model as FirthLogistic does but computes the
// profile p-value only for the coefficients in pCols and the profile
// bounds only for those in boundCols (indices into the coefficients, 0 the
// intercept); the others are NaN, and Bounds computes any coefficient's
// bounds later. This is what the report needs: the suspects' tests, never
// the intercept's or the nuisance terms', and intervals only for the
// suspects whose sentence shows one. When the fit does not converge,
// every p and bound is NaN and Bounds is nil.
func FirthSelective(X [][]float64, y []float64, pCols, boundCols []int) (FirthResult, error) {
	prob, fit, res, err := firthWald(X, y)
	if err != nil {
		return FirthResult{}, err
	}
	if !fit.converged {
		return res, nil
	}
	res.Bounds = func(j int) (float64, float64) {
		return prob.profileBound(fit, j, res.SE[j], -1), prob.profileBound(fit, j, res.SE[j], +1)
	}
	for _, j := range pCols {
		res.P[j] = prob.profileP(fit, j, 0)
	}
	for _, j := range boundCols {
		res.ProfileLo[j], res.ProfileHi[j] = res.Bounds(j)
	}
	return res, nil
}
