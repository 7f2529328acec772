package model

import (
	"math"
	"time"
)

// Metrics are what the analysis computes for one session: package analysis
// computes them, package store keeps them. Unknown values are NaN.
type Metrics struct {
	// SessionID is the session's ID in the store (0 before it is stored).
	SessionID int64
	// Version is the analysis.MetricsVersion they were computed under.
	Version int
	// Params are the sample settings a run's metrics were computed under
	// (analysis.Settings.SampleParams); "" for other sessions.
	Params string
	// Hills are a run's hill metrics; all unknown for other sessions, a
	// treadmill or a run without usable altitude.
	Hills HillMetrics
	// Drift is a run's cadence drift; all unknown for other sessions and
	// for runs too short or without cadence.
	Drift DriftMetrics
	// Form is a run's late-run form drift; all unknown for other sessions
	// and for runs too short or without running dynamics.
	Form FormMetrics
	// Strength sums the session's strength sets; nil for a session that is
	// not a strength session.
	Strength *StrengthTotals
	// Exposure is what came before a run; nil for other sessions and for
	// runs whose exposures were never computed. The store fills it on read
	// only: storing metrics leaves the exposures to their own update.
	Exposure *Exposure
}

// UnknownMetrics returns metrics with every run value unknown (NaN), no
// strength totals and no exposure.
func UnknownMetrics() Metrics {
	return Metrics{Hills: UnknownHills(), Drift: UnknownDrift(), Form: UnknownForm()}
}

// HillMetrics are a run's hills from its altitude samples. Unknown values
// are NaN; AltitudeSource is "" when they are unknown.
type HillMetrics struct {
	// AltitudeSource is "barometric" or "gps", as the analysis infers it
	// from AltitudeNoiseM.
	AltitudeSource string
	// AltitudeNoiseM is the estimated sample-to-sample noise (σ) of the raw
	// altitude in metres.
	AltitudeNoiseM float64
	// AscentM and DescentM are the metres climbed and descended, from the
	// smoothed altitude with hysteresis.
	AscentM, DescentM float64
	// ClimbPerKm is AscentM per km of the distance the altitude covers, in
	// metres per km.
	ClimbPerKm float64
	// Grade5UpShare and Grade5DownShare are the shares (0–1) of that
	// distance at a grade of 5% or more uphill, and downhill.
	Grade5UpShare, Grade5DownShare float64
}

// UnknownHills returns hill metrics with every value unknown.
func UnknownHills() HillMetrics {
	return HillMetrics{AltitudeNoiseM: Missing, AscentM: Missing, DescentM: Missing, ClimbPerKm: Missing,
		Grade5UpShare: Missing, Grade5DownShare: Missing}
}

// DriftMetrics compare a run's cadence and speed late in the run with
// earlier. Unknown values are NaN.
type DriftMetrics struct {
	// MovingS is the moving time in seconds: stops excluded. NaN without
	// samples.
	MovingS float64
	// CadenceEarlySPM is the time-weighted median cadence in steps/min over
	// 10–50% of the moving time; CadenceLateSPM over the final 25%.
	CadenceEarlySPM, CadenceLateSPM float64
	// CadenceDriftPct is (late − early) / early × 100: negative when the
	// cadence fell. Known only for runs long enough, with cadence over most
	// of both spans.
	CadenceDriftPct float64
	// SpeedEarlyMPS and SpeedLateMPS are the median speeds in m/s over the
	// same spans, and SpeedChangePct their change in percent (negative:
	// slower late). Drift at constant speed is form breaking down; drift
	// with slowing is fatigue.
	SpeedEarlyMPS, SpeedLateMPS, SpeedChangePct float64
}

// UnknownDrift returns drift metrics with every value unknown.
func UnknownDrift() DriftMetrics {
	return DriftMetrics{MovingS: Missing, CadenceEarlySPM: Missing, CadenceLateSPM: Missing,
		CadenceDriftPct: Missing, SpeedEarlyMPS: Missing, SpeedLateMPS: Missing, SpeedChangePct: Missing}
}

// FormMeasure compares one running-form measure late in a run (the final
// 25% of the moving time) with earlier (10–50%), and with what the earlier
// part predicts for the late part at its own speed and grade. Unknown
// values are NaN.
type FormMeasure struct {
	// Early and Late are the measure's medians over the two spans (of
	// its 30-second medians, weighted by their moving time).
	Early, Late float64
	// LateExpected is what the late span would read had only speed and
	// grade changed: the early span's within-run regression of the measure
	// on speed and grade, applied at the late span's own speed and grade.
	LateExpected float64
}

// UnknownFormMeasure returns a measure with every value unknown.
func UnknownFormMeasure() FormMeasure {
	return FormMeasure{Early: Missing, Late: Missing, LateExpected: Missing}
}

// Known reports whether the measure was compared. Every form measure is
// positive, so the zero FormMeasure is unknown too.
func (m FormMeasure) Known() bool { return m.Early > 0 && m.Late > 0 }

// ChangePct is the uncorrected change, (late − early) / early × 100.
func (m FormMeasure) ChangePct() float64 {
	if !(m.Early > 0) {
		return Missing
	}
	return (m.Late - m.Early) / m.Early * 100
}

// CorrectedPct is the change corrected for speed and grade: (late −
// expected) / expected × 100.
func (m FormMeasure) CorrectedPct() float64 {
	if !(m.LateExpected > 0) || !(m.Late > 0) {
		return Missing
	}
	return (m.Late - m.LateExpected) / m.LateExpected * 100
}

// FormMetrics are a run's running-form measures late in the run against
// earlier, each uncorrected and corrected for speed and grade.
type FormMetrics struct {
	// GroundContactMS is the ground contact time in ms: the watch's
	// (record.stance_time), else Stryd's ground time.
	GroundContactMS FormMeasure
	// BalanceLeftPct is the left foot's share of the ground contact time
	// in percent (50 even): a chest strap's or pod's only. Its changes are
	// in percentage points (see BalanceChangePts).
	BalanceLeftPct FormMeasure
	// VerticalOscillationMM is the vertical oscillation in mm: the
	// watch's, else Stryd's (its centimetres × 10).
	VerticalOscillationMM FormMeasure
	// StepLengthMM is the step length in mm (the watch's).
	StepLengthMM FormMeasure
	// PowerW is running power in watts: the watch's, else Stryd's.
	PowerW FormMeasure
	// GradeEarlyPct and GradeLatePct are the median grades of the spans in
	// percent; NaN without usable altitude (or indoors).
	GradeEarlyPct, GradeLatePct float64
}

// UnknownForm returns form metrics with every value unknown.
func UnknownForm() FormMetrics {
	u := UnknownFormMeasure()
	return FormMetrics{GroundContactMS: u, BalanceLeftPct: u, VerticalOscillationMM: u, StepLengthMM: u, PowerW: u,
		GradeEarlyPct: Missing, GradeLatePct: Missing}
}

// Known reports whether any measure was compared.
func (f FormMetrics) Known() bool {
	return f.GroundContactMS.Known() || f.BalanceLeftPct.Known() || f.VerticalOscillationMM.Known() ||
		f.StepLengthMM.Known() || f.PowerW.Known()
}

// BalanceChangePts is the balance's uncorrected change in percentage
// points (positive: more on the left foot late).
func (f FormMetrics) BalanceChangePts() float64 {
	if !f.BalanceLeftPct.Known() {
		return Missing
	}
	return f.BalanceLeftPct.Late - f.BalanceLeftPct.Early
}

// BalanceCorrectedPts is its change against the expected late balance,
// in percentage points.
func (f FormMetrics) BalanceCorrectedPts() float64 {
	if !f.BalanceLeftPct.Known() || !(f.BalanceLeftPct.LateExpected > 0) {
		return Missing
	}
	return f.BalanceLeftPct.Late - f.BalanceLeftPct.LateExpected
}

// BalanceShiftPts is how much farther from the runner's baseline (her
// usual left share on this device, in percent) the late balance lies than
// its expected value, in percentage points: positive when the balance
// moved away from her baseline late in the run; NaN when unknown.
func (f FormMetrics) BalanceShiftPts(baseline float64) float64 {
	b := f.BalanceLeftPct
	if !b.Known() || !(b.LateExpected > 0) || !(baseline > 0) {
		return Missing
	}
	return math.Abs(b.Late-baseline) - math.Abs(b.LateExpected-baseline)
}

// StrengthTotals are a strength session's sums over its active sets.
type StrengthTotals struct {
	// Sets and Reps count the active sets and their recorded repetitions.
	Sets, Reps int
	// VolumeKg sums reps × kg over the sets with both; NaN when none has.
	VolumeKg float64
	// DeadliftSets counts the deadlift-category sets.
	DeadliftSets int
	// DeadliftVolumeKg is their volume: 0 without deadlift sets, NaN when
	// there are some but none has reps and weight.
	DeadliftVolumeKg float64
}

// Exposure is what came before one run, and the run's own flags, under the
// analysis settings. Every window ends at the run's start and includes both
// ends (a session 48 h 00 m before is within 48 h); times compare as UTC
// instants, so a window across a daylight-saving change still spans exactly
// its hours.
type Exposure struct {
	// SessionID is the run's ID in the store.
	SessionID int64
	// Deadlift48h: a deadlift session started 0 to the strength window
	// (analysis.Settings.StrengthWindowH) hours before the run's start.
	Deadlift48h bool
	// Strength48h: any strength session started in that window.
	Strength48h bool
	// Deadlift14d: a deadlift session started 0 to the deadlift window
	// (analysis.Settings.DeadliftWindowD) days before: the weeks-scale
	// view.
	Deadlift14d bool
	// HoursSinceStrength and HoursSinceDeadlift are the hours from the
	// start of the last strength (deadlift) session at or before the run's
	// start; NaN when there was none.
	HoursSinceStrength, HoursSinceDeadlift float64
	// DeadliftVolume72hKg sums the deadlift volume (kg) of the sessions
	// started in the 72 hours before; DeadliftVolume7dKg in the 7 days
	// before (weekly deadlift volume). 0 when there were none.
	DeadliftVolume72hKg, DeadliftVolume7dKg float64
	// Hilly and CadenceDrift are the run's own flags under the settings'
	// thresholds; FlagUnknown when its climb (drift) is unknown.
	Hilly, CadenceDrift Flag
	// FormDrift says the run's ground contact time rose late in the run by
	// the settings' threshold or more at equal speed and grade (corrected);
	// FlagUnknown for a run without ground contact times to compare.
	FormDrift Flag
	// BalanceShift says the run's left/right balance moved away from the
	// runner's baseline on its device late in the run by the settings'
	// threshold or more; FlagUnknown without a balance to compare.
	BalanceShift Flag
	// BalanceBaselinePct is that baseline: the median early balance (left
	// %) of the runner's runs on the same device and sensor; NaN without.
	BalanceBaselinePct float64
	// Settings is the fingerprint of the settings the exposure was
	// computed under (analysis.Settings.Fingerprint); "" until stored or
	// stamped.
	Settings string
}

// ExposureRun is a run as the exposures need it.
type ExposureRun struct {
	// SessionID is the run's ID in the store.
	SessionID int64
	// Start is its start instant (UTC).
	Start time.Time
	// ClimbPerKm and CadenceDriftPct are its metrics, for its flags; NaN
	// when unknown or never computed.
	ClimbPerKm, CadenceDriftPct float64
	// Form are its form metrics (unknown when never computed), and
	// FormDevice the device and sensor that measured them
	// (Recorder.FormDevice), whose runs share a balance baseline.
	Form       FormMetrics
	FormDevice string
}

// ExposureStrength is a strength session as the exposures need it.
type ExposureStrength struct {
	// SessionID is the session's ID in the store.
	SessionID int64
	// Start is its start instant (UTC).
	Start time.Time
	// DeadliftSets counts its active deadlift-category sets; a session with
	// any is a deadlift session.
	DeadliftSets int
	// DeadliftVolumeKg is their volume (reps × kg); NaN (unknown) adds
	// nothing to a window's volume.
	DeadliftVolumeKg float64
}

// ExposureInputs are every run and every analysed strength session: what
// the exposures are computed from.
type ExposureInputs struct {
	// Runs are every running session, in start order.
	Runs []ExposureRun
	// Strength are the sessions with strength totals, in start order.
	Strength []ExposureStrength
}

// Flag is a yes/no that may be unknown (a run without altitude is neither
// hilly nor flat). Its zero value is FlagUnknown.
type Flag int8

// The values of a Flag.
const (
	FlagUnknown Flag = iota
	FlagNo
	FlagYes
)

// FlagOf returns FlagYes for true and FlagNo for false.
func FlagOf(b bool) Flag {
	if b {
		return FlagYes
	}
	return FlagNo
}

// FlagFromPtr is the inverse of Ptr: nil is FlagUnknown.
func FlagFromPtr(b *bool) Flag {
	if b == nil {
		return FlagUnknown
	}
	return FlagOf(*b)
}

// Known reports whether f is FlagYes or FlagNo.
func (f Flag) Known() bool { return f == FlagYes || f == FlagNo }

// Yes reports whether f is FlagYes.
func (f Flag) Yes() bool { return f == FlagYes }

// Ptr returns a pointer to f's value, or nil when it is unknown: JSON's
// true, false or null.
func (f Flag) Ptr() *bool {
	if !f.Known() {
		return nil
	}
	b := f.Yes()
	return &b
}

// String returns "yes", "no" or "unknown".
func (f Flag) String() string {
	switch f {
	case FlagYes:
		return "yes"
	case FlagNo:
		return "no"
	}
	return "unknown"
}

// MarshalJSON encodes f as true, false or null.
func (f Flag) MarshalJSON() ([]byte, error) {
	switch f {
	case FlagYes:
		return []byte("true"), nil
	case FlagNo:
		return []byte("false"), nil
	}
	return []byte("null"), nil
}
