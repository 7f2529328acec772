package analysis_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// TestDriftGenerated: generated runs whose cadence drops by a known percent
// from 70% of the moving time (and whose speed drops by half as much) give
// the drift within ±0.5 percentage points, and steady runs give no drift
// (|drift| < 1%). Cadence is stored in whole strides per minute (2 steps/min
// apart), as most FIT files do.
func TestDriftGenerated(t *testing.T) {
	set := analysis.DefaultSettings()
	for _, drop := range []float64{0, 2, 3, 5, 8.5} {
		for seed := uint64(1); seed <= 5; seed++ {
			for _, p := range []profile{flat, hillRepeats} {
				t.Run(fmt.Sprintf("drop%.1f/%s/seed%d", drop, p.name, seed), func(t *testing.T) {
					spec := runSpec{seed: seed, minutes: 22 + 9*float64(seed), speedMPS: 2.9 + 0.1*float64(seed),
						prof: p, noise: noiseBaro, cadence: 164 + 2*float64(seed)}
					if drop > 0 {
						spec.dropPct, spec.slowPct, spec.dropAt = drop, drop/2, 0.7
					}
					s, _ := genRun(spec)
					d := analysis.Drift(&s.Samples)
					if math.Abs(d.CadenceDriftPct+drop) > 0.5 {
						t.Errorf("cadence drift %+.2f%%, want %+.1f ± 0.5", d.CadenceDriftPct, -drop)
					}
					if drop == 0 && !(math.Abs(d.CadenceDriftPct) < 1) {
						t.Errorf("steady run: drift %+.2f%%, want |drift| < 1%%", d.CadenceDriftPct)
					}
					if math.Abs(d.SpeedChangePct+drop/2) > 0.75 {
						t.Errorf("speed change %+.2f%%, want %+.2f ± 0.75", d.SpeedChangePct, -drop/2)
					}
					if math.Abs(d.CadenceEarlySPM-spec.cadence) > 1 {
						t.Errorf("early cadence %.2f, want about %.0f", d.CadenceEarlySPM, spec.cadence)
					}
					wantFlag := model.FlagNo
					if drop >= set.CadenceDriftPct+0.5 {
						wantFlag = model.FlagYes
					}
					if drop != set.CadenceDriftPct && set.CadenceDrift(d.CadenceDriftPct) != wantFlag {
						t.Errorf("cadence_drift flag %v at drift %+.2f%%, want %v", set.CadenceDrift(d.CadenceDriftPct), d.CadenceDriftPct, wantFlag)
					}
					if want := spec.minutes * 60; d.MovingS != want {
						t.Errorf("moving time %.0f s, want %.0f", d.MovingS, want)
					}
				})
			}
		}
	}
}

// TestDriftStops: a 5-minute standing stop (records go on with speed and
// cadence 0) and a 5-minute auto-pause (no records) are not moving time and
// change neither the early nor the late median.
func TestDriftStops(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		for _, at := range []float64{0.05, 0.3, 0.6, 0.9} {
			base := runSpec{seed: seed, minutes: 40, speedMPS: 3.1, prof: flat, noise: noiseBaro,
				cadence: 170, dropPct: 4, slowPct: 1, dropAt: 0.7}
			plain, _ := genRun(base)
			want := analysis.Drift(&plain.Samples)
			for _, kind := range []string{"standing", "auto-pause"} {
				t.Run(fmt.Sprintf("seed%d/at%.2f/%s", seed, at, kind), func(t *testing.T) {
					spec := base
					if kind == "standing" {
						spec.stopAt, spec.stopS = at, 300
					} else {
						spec.pauseAt, spec.pauseS = at, 300
					}
					s, _ := genRun(spec)
					if got := s.Samples.T[s.Samples.Len()-1] - plain.Samples.T[plain.Samples.Len()-1]; got != 300 {
						t.Fatalf("the stop adds %.0f s, want 300 (generator)", got)
					}
					got := analysis.Drift(&s.Samples)
					if d := cmp.Diff(want, got, cmpopts.EquateNaNs(), cmpopts.EquateApprox(0, 1e-9)); d != "" {
						t.Errorf("drift with a %s stop differs (-without +with):\n%s", kind, d)
					}
				})
			}
		}
	}
}

// TestDriftUnknown: runs under 20 minutes of moving time, without cadence,
// or whose cadence covers too little of a span, have no drift; a run of 20
// minutes exactly has one.
func TestDriftUnknown(t *testing.T) {
	long, _ := genRun(runSpec{seed: 2, minutes: 40, speedMPS: 3, prof: flat, noise: noiseBaro, cadence: 170})
	patchy := long
	patchy.Samples.CadenceSPM = append([]float64(nil), long.Samples.CadenceSPM...)
	n := patchy.Samples.Len()
	for i := n * 3 / 4; i < n; i++ {
		if i%3 != 0 {
			patchy.Samples.CadenceSPM[i] = model.Missing // a third of the late span left
		}
	}
	// 19 minutes of running plus a 5-minute standing stop: 24 minutes
	// elapsed, 19 moving.
	stopped, _ := genRun(runSpec{seed: 3, minutes: 19, speedMPS: 3, prof: flat, noise: noiseBaro, cadence: 170, stopAt: 0.5, stopS: 300})
	noCad, _ := genRun(runSpec{seed: 3, minutes: 40, speedMPS: 3, prof: flat, noise: noiseBaro, cadence: 170, noCadence: true})
	exactly20, _ := genRun(runSpec{seed: 3, minutes: 20, speedMPS: 3, prof: flat, noise: noiseBaro, cadence: 170})
	tests := []struct {
		name      string
		s         model.Session
		wantDrift bool
		moving    float64
	}{
		{"19 minutes moving, 24 elapsed", stopped, false, 19 * 60},
		{"no cadence", noCad, false, 40 * 60},
		{"cadence on a third of the late span", patchy, false, 40 * 60},
		{"exactly 20 minutes", exactly20, true, 20 * 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analysis.Drift(&tt.s.Samples)
			if got := !math.IsNaN(d.CadenceDriftPct); got != tt.wantDrift {
				t.Errorf("drift known = %v (%v), want %v", got, d.CadenceDriftPct, tt.wantDrift)
			}
			if !tt.wantDrift && (!math.IsNaN(d.SpeedChangePct) || !math.IsNaN(d.CadenceEarlySPM)) {
				t.Errorf("speed change %v, early cadence %v: want unknown beside an unknown drift", d.SpeedChangePct, d.CadenceEarlySPM)
			}
			if d.MovingS != tt.moving {
				t.Errorf("moving time %.0f s, want %.0f", d.MovingS, tt.moving)
			}
		})
	}
}

// TestDriftSmartRecording: records every few seconds (Garmin's "smart"
// recording) weigh by their interval, and give the drift a 1 Hz recording
// of the same run gives.
func TestDriftSmartRecording(t *testing.T) {
	full, _ := genRun(runSpec{seed: 5, minutes: 45, speedMPS: 3, prof: flat, noise: noiseBaro, cadence: 172, dropPct: 5, dropAt: 0.7})
	var smart model.Samples
	for i := 0; i < full.Samples.Len(); i += 1 + i%7 {
		smart.Append(full.Samples.At(i))
	}
	want := analysis.Drift(&full.Samples)
	got := analysis.Drift(&smart)
	if math.Abs(got.CadenceDriftPct-want.CadenceDriftPct) > 0.5 || math.Abs(got.MovingS-want.MovingS) > 10 {
		t.Errorf("smart recording: drift %+.2f%%, moving %.0f s; 1 Hz: %+.2f%%, %.0f s", got.CadenceDriftPct, got.MovingS, want.CadenceDriftPct, want.MovingS)
	}
}

// TestDriftTreadmillWithoutSpeed: a treadmill recording whose speed column
// is all zeros still has moving time and drift from its cadence.
func TestDriftTreadmillWithoutSpeed(t *testing.T) {
	s, _ := genRun(runSpec{seed: 6, minutes: 30, speedMPS: 3, cadence: 170, dropPct: 4, dropAt: 0.7})
	for i := range s.Samples.SpeedMPS {
		s.Samples.SpeedMPS[i] = 0
		s.Samples.DistM[i] = model.Missing
	}
	d := analysis.Drift(&s.Samples)
	if d.MovingS != 30*60 || math.Abs(d.CadenceDriftPct+4) > 0.5 || !math.IsNaN(d.SpeedChangePct) {
		t.Errorf("moving %.0f s, drift %+.2f%%, speed change %v; want 1800 s, −4%%, unknown", d.MovingS, d.CadenceDriftPct, d.SpeedChangePct)
	}
}
