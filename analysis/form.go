package analysis

import (
	"math"
	"sort"

	"github.com/backtrack/backtrack/model"
)

// The form-drift definitions (docs/definitions.md, "Form drift"). The spans
// are those of the cadence drift: 10–50% of the moving time against the
// final 25%.
const (
	// formSegmentS is the length of the segments, in seconds of moving
	// time, whose medians the comparison and the regression use: a median
	// over 30 s damps the stride-to-stride scatter and the quantisation
	// of 1 Hz values (Zandbergen et al. 2023 used 25-stride medians).
	formSegmentS = 30.0
	// formMinSpeedMPS: slower samples are walking or standing still, whose
	// contact times belong to another gait.
	formMinSpeedMPS = 1.5
	// formMinCoverage is the least share of each span, and of each
	// segment, that must have believable values of a measure.
	formMinCoverage = 0.5
	// formMinEarlySegments and formMinLateSegments are the fewest
	// segments with values in the early and the late span.
	formMinEarlySegments = 6
	formMinLateSegments  = 3
	// formPriorSegments is the weight, in segments, of the prior slopes
	// the regression shrinks towards: a run at an even pace on the flat
	// cannot tell its own speed slope, so it takes the usual one rather
	// than extrapolating a noisy one.
	formPriorSegments = 6.0
	// formPriorSpeedSD and formPriorGradeSD set the prior's scale: the
	// spread of speed (m/s) and grade (a fraction) over which its weight
	// equals formPriorSegments segments.
	formPriorSpeedSD = 0.3
	formPriorGradeSD = 0.02
)

// formSpec defines one form measure.
type formSpec struct {
	// cols are the sample columns that carry it, the preferred first (a
	// run uses the first it has), with the factor to the measure's unit.
	cols  []int
	scale []float64
	// lo and hi bound believable values (both inclusive); others, such
	// as the zeros many devices write while stopped, are left out.
	lo, hi float64
	// speedRel and gradeRel are the prior slopes, relative to the early
	// level: per m/s of speed and per unit of grade (1 = 100%). From 20
	// public runs (docs/definitions.md): contact time −13% per m/s, step
	// length +25% per m/s, power +25% per m/s and +2.6 per unit grade
	// (+7 W per % at 270 W); no effect for the others.
	speedRel, gradeRel float64
}

// formSpecs are the measures, in the order of model.FormMetrics.
var formSpecs = [...]formSpec{
	{cols: []int{model.ColGroundContact, model.ColStrydGroundTime}, scale: []float64{1, 1}, lo: 120, hi: 500, speedRel: -0.13},
	{cols: []int{model.ColGCTBalance}, scale: []float64{1}, lo: 40, hi: 60},
	{cols: []int{model.ColVerticalOscillation, model.ColStrydVerticalOscillation}, scale: []float64{1, 10}, lo: 20, hi: 200},
	{cols: []int{model.ColStepLength}, scale: []float64{1}, lo: 300, hi: 2500, speedRel: 0.25},
	{cols: []int{model.ColPower, model.ColStrydPower}, scale: []float64{1, 1}, lo: 50, hi: 1500, speedRel: 0.25, gradeRel: 2.6},
}

// formMeasures returns pointers to f's measures in the order of formSpecs.
func formMeasures(f *model.FormMetrics) [len(formSpecs)]*model.FormMeasure {
	return [...]*model.FormMeasure{&f.GroundContactMS, &f.BalanceLeftPct, &f.VerticalOscillationMM, &f.StepLengthMM, &f.PowerW}
}

// formSegment is a stretch of formSegmentS of moving time in one span:
// the early one (the regression's), or the late one (late, compared).
type formSegment struct {
	late bool
	// lo and hi bound its samples (those of them that move); span is its
	// moving seconds.
	lo, hi int
	span   float64
	// grade is the ground's grade there (0.05 for 5%), NaN unknown (see
	// segmentGrades).
	grade float64
}

// Form computes a run's late-run form drift from its samples (see
// model.FormMetrics; indoor says the run has no real grade). For each
// measure the run has, over the samples that move at formMinSpeedMPS or
// more with a believable value: the 30-second segments of the early (10–50%
// of moving time) and late (final 25%) spans each give the mean of the
// measure and of the speed, and the grade there (segmentGrades); Early and
// Late are the medians of the segments' means, weighted by the moving time
// with values. LateExpected fits the measure on speed and grade over the
// early segments (least squares shrunk towards the usual slopes, formSpec)
// and takes the late span's residuals: Late less the median late residual
// plus the median early one.
func Form(smp *model.Samples, indoor bool) model.FormMetrics {
	f := model.UnknownForm()
	has := false
	for _, sp := range formSpecs {
		for _, c := range sp.cols {
			has = has || len(smp.Column(c)) > 0
		}
	}
	if !has {
		return f
	}
	mv := movingTime(smp)
	if mv == nil || mv.total < MinDriftMovingS {
		return f
	}
	segs, earlySpan, lateSpan := formSegments(mv)
	grade := !indoor && segmentGrades(smp, segs, mv.dt)
	speed := movingSpeeds(smp, mv)
	var buf formBuffers
	for k, sp := range formSpecs {
		col, scale := -1, 1.0
		for j, c := range sp.cols {
			if smp.Has(c) {
				col, scale = c, sp.scale[j]
				break
			}
		}
		if col < 0 {
			continue
		}
		m := formMeasure(smp.Column(col), scale, sp, segs, speed, grade, mv.dt, earlySpan, lateSpan,
			formMinEarlySegments, formMinLateSegments, &buf)
		*formMeasures(&f)[k] = m
		if m.Known() && grade && math.IsNaN(f.GradeEarlyPct) {
			f.GradeEarlyPct, f.GradeLatePct = buf.gradeEarly*100, buf.gradeLate*100
		}
	}
	return f
}

// formSegments cuts the moving samples of the two spans into segments of
// formSegmentS of moving time, and returns them with the spans' lengths.
func formSegments(mv *moving) (segs []formSegment, earlySpan, lateSpan float64) {
	tau := 0.0
	cur := -1
	for i, dt := range mv.dt {
		if dt == 0 {
			continue
		}
		mid := (tau + dt/2) / mv.total
		tau += dt
		var late bool
		switch {
		case mid > earlyFrom && mid <= earlyTo:
			earlySpan += dt
		case mid > lateFrom:
			late = true
			lateSpan += dt
		default:
			cur = -1
			continue
		}
		if cur < 0 || segs[cur].late != late || segs[cur].span >= formSegmentS {
			segs = append(segs, formSegment{late: late, lo: i})
			cur = len(segs) - 1
		}
		segs[cur].hi = i + 1
		segs[cur].span += dt
	}
	return segs, earlySpan, lateSpan
}

// formBuffers are scratch space reused between measures.
type formBuffers struct {
	y, v, g, w []float64 // per segment
	late       []bool
	gradeEarly float64 // the last measure's span grades
	gradeLate  float64
}

// formMeasure compares one measure (column col × scale) over the segments:
// at least minE early and minL late ones with values, covering
// formMinCoverage of the spans' earlySpan and lateSpan seconds.
func formMeasure(col []float64, scale float64, sp formSpec, segs []formSegment, speed []float64, grade bool, dt []float64,
	earlySpan, lateSpan float64, minE, minL int, b *formBuffers) model.FormMeasure {
	m := model.UnknownFormMeasure()
	b.y, b.v, b.g, b.w, b.late = b.y[:0], b.v[:0], b.g[:0], b.w[:0], b.late[:0]
	var covE, covL float64
	nE, nL := 0, 0
	useGrade := grade
	for _, s := range segs {
		covered, vSum, ySum, cnt := 0.0, 0.0, 0.0, 0
		for i := s.lo; i < s.hi; i++ {
			if dt[i] == 0 {
				continue // standing, or the cut of a span
			}
			x := col[i] * scale
			if !(x >= sp.lo && x <= sp.hi) || !(speed[i] >= formMinSpeedMPS) || math.IsInf(speed[i], 0) {
				continue
			}
			ySum += x
			vSum += speed[i]
			cnt++
			covered += dt[i]
		}
		if covered < formMinCoverage*s.span || cnt == 0 {
			continue
		}
		// The means of the measure's believable values and of the speed
		// over the segment (the spans' medians of them are what resists a
		// stray segment).
		g := s.grade
		v := vSum / float64(cnt)
		b.y = append(b.y, ySum/float64(cnt))
		b.v = append(b.v, v)
		b.g = append(b.g, g)
		b.w = append(b.w, covered)
		b.late = append(b.late, s.late)
		if s.late {
			covL += covered
			nL++
		} else {
			covE += covered
			nE++
		}
	}
	if nE < minE || nL < minL ||
		covE < formMinCoverage*earlySpan || covL < formMinCoverage*lateSpan {
		return m
	}
	m.Early, m.Late = spanMedian(b.y, b.w, b.late, false), spanMedian(b.y, b.w, b.late, true)
	b.gradeEarly, b.gradeLate = math.NaN(), math.NaN()
	if useGrade {
		// A segment without a grade (a lone sample at a span's end, a gap
		// in the altitude) stays out of the fit; too few with one, and the
		// fit goes without grade.
		gE, gL := 0, 0
		for k, g := range b.g {
			if !math.IsNaN(g) && b.late[k] {
				gL++
			} else if !math.IsNaN(g) {
				gE++
			}
		}
		useGrade = gE >= minE && gL >= minL
	}
	if useGrade {
		b.gradeEarly, b.gradeLate = spanMedian(b.g, b.w, b.late, false), spanMedian(b.g, b.w, b.late, true)
	}
	use := func(k int) bool { return !useGrade || !math.IsNaN(b.g[k]) }
	// The early segments' regression, centred on their weighted means and
	// shrunk towards the prior slopes.
	var sw, mx, mz, my float64
	nFit := 0
	for k := range b.y {
		if !b.late[k] && use(k) {
			nFit++
			sw += b.w[k]
			mx += b.w[k] * b.v[k]
			my += b.w[k] * b.y[k]
			if useGrade {
				mz += b.w[k] * b.g[k]
			}
		}
	}
	mx, my, mz = mx/sw, my/sw, mz/sw
	norm := float64(nFit) / sw // weights summing to the number of segments
	var sxx, szz, sxz, sxy, szy float64
	for k := range b.y {
		if b.late[k] || !use(k) {
			continue
		}
		w := b.w[k] * norm
		dx, dy := b.v[k]-mx, b.y[k]-my
		sxx += w * dx * dx
		sxy += w * dx * dy
		if useGrade {
			dz := b.g[k] - mz
			szz += w * dz * dz
			sxz += w * dx * dz
			szy += w * dz * dy
		}
	}
	lx := formPriorSegments * formPriorSpeedSD * formPriorSpeedSD
	lz := formPriorSegments * formPriorGradeSD * formPriorGradeSD
	b0, c0 := sp.speedRel*my, sp.gradeRel*my
	var bs, cs float64
	if useGrade {
		a11, a12, a22 := sxx+lx, sxz, szz+lz
		r1, r2 := sxy+lx*b0, szy+lz*c0
		det := a11*a22 - a12*a12
		bs, cs = (r1*a22-a12*r2)/det, (a11*r2-a12*r1)/det
	} else {
		bs = (sxy + lx*b0) / (sxx + lx)
	}
	res := make([]float64, len(b.y))
	for k := range b.y {
		if !use(k) {
			res[k] = math.NaN()
			continue
		}
		pred := my + bs*(b.v[k]-mx)
		if useGrade {
			pred += cs * (b.g[k] - mz)
		}
		res[k] = b.y[k] - pred
	}
	re, rl := spanMedian(res, b.w, b.late, false), spanMedian(res, b.w, b.late, true)
	m.LateExpected = m.Late - (rl - re)
	return m
}

// onsetSegments cuts the moving samples into segments of formSegmentS:
// those of the samples timed in [from, to) are late (the 10 minutes before a
// pain), the others early (the rest of the run).
func onsetSegments(mv *moving, t []float64, from, to float64) (segs []formSegment, restSpan, beforeSpan float64) {
	cur := -1
	for i, dt := range mv.dt {
		if dt == 0 {
			continue
		}
		before := t[i] >= from && t[i] < to
		if before {
			beforeSpan += dt
		} else {
			restSpan += dt
		}
		if cur < 0 || segs[cur].late != before || segs[cur].span >= formSegmentS {
			segs = append(segs, formSegment{late: before, lo: i})
			cur = len(segs) - 1
		}
		segs[cur].hi = i + 1
		segs[cur].span += dt
	}
	return segs, restSpan, beforeSpan
}

// formOnsetMinSegments is the fewest segments with values a side of a
// pain onset needs (3 minutes of the 10 before it).
const formOnsetMinSegments = 6

// formOnsetReachS is how far from the 10 minutes before a pain the rest of
// the run is read, on each side (40 minutes): enough segments for the
// regression, and a long run costs no more than an hour and a half.
const formOnsetReachS = 15 * 60

// FormOnset compares a run's running form over the samples timed in [from,
// to) (the 10 minutes before a pain that came during it) with the rest of
// the run within 40 minutes of them, as Form compares the late span with
// the early one: each measure's Late is its median over [from, to), Early
// its median over the rest, LateExpected what the rest's regression on
// speed and grade predicts at the window's own speed and grade.
func FormOnset(smp *model.Samples, indoor bool, from, to float64) model.FormMetrics {
	f := model.UnknownForm()
	if !smp.Has(model.ColGroundContact) && !smp.Has(model.ColStrydGroundTime) && !smp.Has(model.ColGCTBalance) {
		return f
	}
	i0 := sort.SearchFloat64s(smp.T, from-formOnsetReachS)
	i1 := sort.SearchFloat64s(smp.T, to+formOnsetReachS)
	smp = smp.Slice(i0, i1)
	mv := movingTime(smp)
	if mv == nil {
		return f
	}
	segs, restSpan, beforeSpan := onsetSegments(mv, smp.T, from, to)
	grade := !indoor && segmentGrades(smp, segs, mv.dt)
	speed := movingSpeeds(smp, mv)
	var buf formBuffers
	for k, sp := range formSpecs[:2] { // contact time and balance
		for j, c := range sp.cols {
			if smp.Has(c) {
				*formMeasures(&f)[k] = formMeasure(smp.Column(c), sp.scale[j], sp, segs, speed, grade, mv.dt,
					restSpan, beforeSpan, formOnsetMinSegments, formOnsetMinSegments, &buf)
				break
			}
		}
	}
	return f
}

// spanMedian returns the weighted median of the values of one span (late
// or early), NaN without any.
func spanMedian(v, w []float64, late []bool, which bool) float64 {
	x := newWeighted(len(v))
	for k := range v {
		if late[k] == which && !math.IsNaN(v[k]) {
			x.add(v[k], w[k])
		}
	}
	return x.median()
}

// segmentGrades sets each segment's grade: the altitude's change over
// the distance between its neighbours in the same span (or to its one
// neighbour), each segment's altitude being the median over its moving
// samples (robust to spikes; over 30 s even GPS altitude's metres of noise
// shrink) at their mean distance. It reports whether the run has usable
// altitude; without, every grade is NaN.
func segmentGrades(smp *model.Samples, segs []formSegment, dt []float64) bool {
	for k := range segs {
		segs[k].grade = math.NaN()
	}
	n := smp.Len()
	alt := smp.AltM
	if len(alt) != n || !anyKnown(alt) {
		return false
	}
	dist := smp.DistM
	if len(dist) != n || !anyKnown(dist) {
		if dist = trackDistance(smp); dist == nil {
			return false
		}
	}
	xs := make([]float64, len(segs))
	as := make([]float64, len(segs))
	var buf []float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, s := range segs {
		buf = buf[:0]
		xSum := 0.0
		for i := s.lo; i < s.hi; i++ {
			a, x := alt[i], dist[i]
			if dt[i] == 0 || !(a >= minAltM && a <= maxAltM) || !(math.Abs(x) <= maxDistM) {
				continue
			}
			buf = append(buf, a)
			xSum += x
		}
		xs[k], as[k] = math.NaN(), math.NaN()
		if len(buf) >= 3 {
			xs[k] = xSum / float64(len(buf))
			as[k] = quickMedian(buf)
			lo, hi = min(lo, as[k]), max(hi, as[k])
		}
	}
	if !(hi > lo) {
		return false // no altitude, or a device writing a constant
	}
	for k := range segs {
		if math.IsNaN(as[k]) {
			continue
		}
		a, b := k, k
		if k > 0 && segs[k-1].late == segs[k].late && !math.IsNaN(as[k-1]) {
			a = k - 1
		}
		if k+1 < len(segs) && segs[k+1].late == segs[k].late && !math.IsNaN(as[k+1]) {
			b = k + 1
		}
		if dx := xs[b] - xs[a]; dx >= 20 {
			if g := (as[b] - as[a]) / dx; math.Abs(g) <= 0.4 {
				segs[k].grade = g
			}
		}
	}
	return true
}

// FormValue is a session's typical value of one running-form column.
type FormValue struct {
	// Column is the sample column (model.SampleColumns), Label names it
	// in words and Unit gives its unit ("ms", "%", "kN/m").
	Column, Label, Unit string
	// Median is the median of its values while moving (at least
	// formMinSpeedMPS when the speed is known), without the zeros devices
	// write while stopped and, for the measures the form drift compares,
	// without values outside their believable range; NaN without any.
	Median float64
	// Stryd says the column is one of Stryd's developer fields.
	Stryd bool
}

// formColumns words the running-form columns, in the order of
// model.SampleColumns.
var formColumns = [...]struct{ label, unit string }{
	{"ground contact time", "ms"}, {"ground contact balance", "% left"}, {"vertical oscillation", "mm"},
	{"vertical ratio", "%"}, {"step length", "mm"}, {"power", "W"}, {"form power", "W"}, {"air power", "W"},
	{"leg spring stiffness", "kN/m"}, {"ground time", "ms"}, {"vertical oscillation", "cm"},
	{"impact loading rate", "body weights/s"},
}

// FormSummary returns the typical value of each running-form column the
// samples hold (power_w included when the session has running dynamics
// too), in column order.
func FormSummary(smp *model.Samples) []FormValue {
	var out []FormValue
	has := false
	for c := model.CoreSampleColumns; c < model.NumSampleColumns; c++ {
		has = has || smp.Has(c)
	}
	if !has {
		return nil
	}
	n := smp.Len()
	var buf []float64
	add := func(c int, label, unit string, stryd bool) {
		lo, hi := math.SmallestNonzeroFloat64, math.Inf(1)
		for _, sp := range formSpecs {
			for j, sc := range sp.cols {
				if sc == c {
					lo, hi = sp.lo/sp.scale[j], sp.hi/sp.scale[j]
				}
			}
		}
		buf = buf[:0]
		col := smp.Column(c)
		for i, v := range col {
			if v >= lo && v <= hi && (len(smp.SpeedMPS) != n || !(smp.SpeedMPS[i] < formMinSpeedMPS)) {
				buf = append(buf, v)
			}
		}
		m := math.NaN()
		if len(buf) > 0 {
			m = quickMedian(buf)
		}
		out = append(out, FormValue{Column: model.SampleColumns[c], Label: label, Unit: unit, Median: m, Stryd: stryd})
	}
	if smp.Has(model.ColPower) {
		add(model.ColPower, "power", "W", false)
	}
	for c := model.CoreSampleColumns; c < model.NumSampleColumns; c++ {
		if smp.Has(c) {
			w := formColumns[c-model.CoreSampleColumns]
			add(c, w.label, w.unit, c >= model.ColStrydPower)
		}
	}
	return out
}
