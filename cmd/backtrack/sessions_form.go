package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// The running-form parts of `sessions show`: the recording device, the
// typical running-form values and a run's late-run form drift.

// printRecorder writes the recording device's line, when the file named
// one (FIT files).
func printRecorder(w io.Writer, r model.Recorder) {
	if r == (model.Recorder{}) {
		return
	}
	var parts []string
	if dev := strings.TrimSpace(r.Manufacturer + " " + r.Product); dev != "" {
		parts = append(parts, termSafe(dev))
	}
	if r.Serial != 0 {
		parts = append(parts, "serial "+strconv.FormatInt(r.Serial, 10))
	}
	switch r.FormSensor {
	case "":
	case "wrist":
		parts = append(parts, "running dynamics from the wrist")
	default:
		parts = append(parts, "running dynamics from "+termSafe(r.FormSensor))
	}
	fmt.Fprintf(w, "  recorder:  %s\n", strings.Join(parts, ", "))
}

// printFormValues writes the typical running-form values, the watch's on
// one line and Stryd's on the next.
func printFormValues(w io.Writer, vs []analysis.FormValue) {
	var own, stryd []string
	for _, v := range vs {
		if math.IsNaN(v.Median) {
			continue
		}
		s := v.Label + " " + formNum(v.Median) + " " + v.Unit
		if v.Stryd {
			stryd = append(stryd, s)
		} else {
			own = append(own, s)
		}
	}
	label := "  form:      "
	if len(own) > 0 {
		fmt.Fprintf(w, "%s%s (medians while running)\n", label, strings.Join(own, ", "))
		label = "             "
	}
	if len(stryd) > 0 {
		fmt.Fprintf(w, "%sStryd: %s\n", label, strings.Join(stryd, ", "))
	}
}

// formNum formats a typical value with three significant digits or whole.
func formNum(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	case a >= 10:
		return strconv.FormatFloat(round(v, 1), 'f', -1, 64)
	}
	return strconv.FormatFloat(round(v, 2), 'f', -1, 64)
}

// printFormDrift writes a run's late-run form drift.
func printFormDrift(w io.Writer, m model.Metrics, set analysis.Settings) {
	f := m.Form
	if !f.Known() {
		fmt.Fprintf(w, "  form:      - (form drift needs %d+ minutes of moving time with running dynamics or power)\n",
			analysis.MinDriftMovingS/60)
		return
	}
	e := m.Exposure
	var lines []string
	if g := f.GroundContactMS; g.Known() {
		s := fmt.Sprintf("contact time %.0f → %.0f ms late (%+.1f%%)", g.Early, g.Late, g.ChangePct())
		if c := g.CorrectedPct(); !math.IsNaN(c) {
			s += fmt.Sprintf(", %+.1f%% against the %.0f ms its speed and grade predict", c, g.LateExpected)
		}
		if e != nil && e.FormDrift.Yes() {
			s += ": form drift (≥ " + analysis.FormatSetting(set.FormDriftGCTPct) + "%)"
		}
		lines = append(lines, s)
	}
	if b := f.BalanceLeftPct; b.Known() {
		s := fmt.Sprintf("balance %.1f%% → %.1f%% left, %s → %s (%s late", b.Early, b.Late, fromEven(b.Early), fromEven(b.Late),
			points(f.BalanceChangePts()))
		if c := f.BalanceCorrectedPts(); !math.IsNaN(c) {
			s += fmt.Sprintf(", %s against the %.1f%% expected", points(c), b.LateExpected)
		}
		s += ")"
		if e != nil && !math.IsNaN(e.BalanceBaselinePct) {
			s += fmt.Sprintf("; your usual on this device %.1f%%", e.BalanceBaselinePct)
			if e.BalanceShift.Yes() {
				s += ": balance shift (≥ " + analysis.PointsWords(set.BalanceShiftPts) + " farther)"
			}
		}
		lines = append(lines, s)
	}
	var rest []string
	for _, x := range []struct {
		name, unit string
		m          model.FormMeasure
	}{{"vertical oscillation", "mm", f.VerticalOscillationMM}, {"step length", "mm", f.StepLengthMM}, {"power", "W", f.PowerW}} {
		if x.m.Known() {
			rest = append(rest, fmt.Sprintf("%s %s → %s %s (%+.1f%%, corrected %+.1f%%)", x.name, formNum(x.m.Early), formNum(x.m.Late),
				x.unit, x.m.ChangePct(), x.m.CorrectedPct()))
		}
	}
	if len(rest) > 0 {
		lines = append(lines, strings.Join(rest, ", "))
	}
	fmt.Fprintf(w, "  form:      %s\n", strings.Join(lines, "\n             "))
}

// fromEven says how far a left share lies from 50% and to which side
// ("0.8 points left of even").
func fromEven(left float64) string {
	d := round(left-50, 1)
	switch {
	case d > 0:
		return strconv.FormatFloat(d, 'f', -1, 64) + " points left of even"
	case d < 0:
		return strconv.FormatFloat(-d, 'f', -1, 64) + " points right of even"
	}
	return "even"
}

// points formats a change in percentage points ("+1.2 points").
func points(v float64) string { return fmt.Sprintf("%+.1f points", v) }
