package main

import (
	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// The running-form parts of `sessions show --json`.

// recorderJSON is the recording device in `sessions show --json`.
type recorderJSON struct {
	Manufacturer string `json:"manufacturer"`
	Product      string `json:"product"`
	Serial       *int64 `json:"serial"`
	FormSensor   string `json:"form_sensor"`
}

func recorderOf(r model.Recorder) *recorderJSON {
	if r == (model.Recorder{}) {
		return nil
	}
	j := &recorderJSON{Manufacturer: r.Manufacturer, Product: r.Product, FormSensor: r.FormSensor}
	if r.Serial != 0 {
		s := r.Serial
		j.Serial = &s
	}
	return j
}

// formValueJSON is one typical running-form value.
type formValueJSON struct {
	Column string   `json:"column"`
	Median *float64 `json:"median"`
}

func formValuesOf(vs []analysis.FormValue) []formValueJSON {
	var out []formValueJSON
	for _, v := range vs {
		out = append(out, formValueJSON{Column: v.Column, Median: num(round(v.Median, 2))})
	}
	return out
}

// formMeasureJSON is one measure of the form drift.
type formMeasureJSON struct {
	Early        *float64 `json:"early"`
	Late         *float64 `json:"late"`
	LateExpected *float64 `json:"late_expected"`
	ChangePct    *float64 `json:"change_pct"`
	CorrectedPct *float64 `json:"corrected_pct"`
}

// balanceJSON is the balance's form drift, in percentage points: its
// distance from even (50%) is positive to the left.
type balanceJSON struct {
	Early         *float64 `json:"early"`
	Late          *float64 `json:"late"`
	LateExpected  *float64 `json:"late_expected"`
	ChangePts     *float64 `json:"change_pts"`
	CorrectedPts  *float64 `json:"corrected_pts"`
	EarlyFromEven *float64 `json:"early_from_even_pts"`
	LateFromEven  *float64 `json:"late_from_even_pts"`
}

// formMetricsJSON is a run's late-run form drift in `sessions show --json`;
// the flags and the balance baseline are null when unknown.
type formMetricsJSON struct {
	GroundContactMS       formMeasureJSON `json:"ground_contact_ms"`
	BalanceLeftPct        balanceJSON     `json:"balance_left_pct"`
	VerticalOscillationMM formMeasureJSON `json:"vertical_oscillation_mm"`
	StepLengthMM          formMeasureJSON `json:"step_length_mm"`
	PowerW                formMeasureJSON `json:"power_w"`
	GradeEarlyPct         *float64        `json:"grade_early_pct"`
	GradeLatePct          *float64        `json:"grade_late_pct"`
	FormDrift             *bool           `json:"form_drift"`
	BalanceShift          *bool           `json:"balance_shift"`
	BalanceBaselinePct    *float64        `json:"balance_baseline_pct"`
	BalanceShiftPts       *float64        `json:"balance_shift_pts"`
}

func formMetricsOf(m model.Metrics) *formMetricsJSON {
	f := m.Form
	mj := func(x model.FormMeasure) formMeasureJSON {
		if !x.Known() {
			return formMeasureJSON{}
		}
		return formMeasureJSON{Early: num(round(x.Early, 2)), Late: num(round(x.Late, 2)), LateExpected: num(round(x.LateExpected, 2)),
			ChangePct: num(round(x.ChangePct(), 2)), CorrectedPct: num(round(x.CorrectedPct(), 2))}
	}
	var bal balanceJSON
	if b := f.BalanceLeftPct; b.Known() {
		bal = balanceJSON{Early: num(round(b.Early, 2)), Late: num(round(b.Late, 2)), LateExpected: num(round(b.LateExpected, 2)),
			ChangePts: num(round(f.BalanceChangePts(), 2)), CorrectedPts: num(round(f.BalanceCorrectedPts(), 2)),
			EarlyFromEven: num(round(b.Early-50, 2)), LateFromEven: num(round(b.Late-50, 2))}
	}
	j := &formMetricsJSON{GroundContactMS: mj(f.GroundContactMS), BalanceLeftPct: bal,
		VerticalOscillationMM: mj(f.VerticalOscillationMM), StepLengthMM: mj(f.StepLengthMM), PowerW: mj(f.PowerW),
		GradeEarlyPct: num(round(f.GradeEarlyPct, 2)), GradeLatePct: num(round(f.GradeLatePct, 2))}
	if e := m.Exposure; e != nil {
		j.FormDrift, j.BalanceShift = e.FormDrift.Ptr(), e.BalanceShift.Ptr()
		j.BalanceBaselinePct = num(round(e.BalanceBaselinePct, 2))
		j.BalanceShiftPts = num(round(f.BalanceShiftPts(e.BalanceBaselinePct), 2))
	}
	return j
}
