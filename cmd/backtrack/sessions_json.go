package main

import (
	"time"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// sessionDetailJSON is `sessions show --json`: the list fields plus laps and sets.
type sessionDetailJSON struct {
	sessionJSON
	OffsetOrigin string `json:"offset_origin"`
	// Samples is the number of samples the session records;
	// SamplesDamaged, when set, says why they cannot be read.
	Samples        int          `json:"samples"`
	SamplesDamaged string       `json:"samples_damaged,omitempty"`
	Laps           []lapJSON    `json:"laps"`
	SetList        []setJSON    `json:"set_list"`
	Sources        []sourceJSON `json:"sources"`
}

// sourceJSON is one file holding a recording of the session: the primary
// (role "primary") and every other recording merged into it.
type sourceJSON struct {
	Path   string `json:"path"`
	Format string `json:"format"`
	Role   string `json:"role"`
	Note   string `json:"note"`
}

type lapJSON struct {
	Start         string   `json:"start"`
	TimerS        *float64 `json:"timer_s"`
	ElapsedS      *float64 `json:"elapsed_s"`
	DistanceM     *float64 `json:"distance_m"`
	AscentM       *float64 `json:"ascent_m"`
	AvgHR         *float64 `json:"avg_hr"`
	AvgCadenceSPM *float64 `json:"avg_cadence_spm"`
}

type setJSON struct {
	Start     string   `json:"start"`
	DurationS *float64 `json:"duration_s"`
	Category  string   `json:"category"`
	Exercise  string   `json:"exercise"`
	Reps      *int     `json:"reps"`
	WeightKg  *float64 `json:"weight_kg"`
}

// RunMetricsJSON are a run's metric fields in the JSON of `sessions list`
// and `sessions show`; null when unknown. The names are stable: users'
// scripts read them.
type RunMetricsJSON struct {
	ClimbPerKm          *float64 `json:"climb_per_km"`
	Grade5UpShare       *float64 `json:"grade5_up_share"`
	Grade5DownShare     *float64 `json:"grade5_down_share"`
	CadenceDriftPct     *float64 `json:"cadence_drift_pct"`
	SpeedChangePct      *float64 `json:"speed_change_pct"`
	Hilly               *bool    `json:"hilly"`
	CadenceDrift        *bool    `json:"cadence_drift"`
	Deadlift48h         *bool    `json:"deadlift_48h"`
	Strength48h         *bool    `json:"strength_48h"`
	Deadlift14d         *bool    `json:"deadlift_14d"`
	HoursSinceStrength  *float64 `json:"hours_since_strength"`
	HoursSinceDeadlift  *float64 `json:"hours_since_deadlift"`
	DeadliftVolume72hKg *float64 `json:"deadlift_volume_72h_kg"`
	DeadliftVolume7dKg  *float64 `json:"deadlift_volume_7d_kg"`
	// The analysis's own ascent and descent (smoothed), beside the
	// device's ascent_m and descent_m.
	MetricsAscentM  *float64 `json:"metrics_ascent_m"`
	MetricsDescentM *float64 `json:"metrics_descent_m"`
	AltitudeSource  *string  `json:"altitude_source"`
	MovingS         *float64 `json:"moving_s"`
	CadenceEarlySPM *float64 `json:"cadence_early_spm"`
	CadenceLateSPM  *float64 `json:"cadence_late_spm"`
	SpeedEarlyMPS   *float64 `json:"speed_early_mps"`
	SpeedLateMPS    *float64 `json:"speed_late_mps"`
}

// StrengthMetricsJSON are a strength session's metric fields in the JSON of
// the sessions commands.
type StrengthMetricsJSON struct {
	Reps             *int     `json:"reps"`
	VolumeKg         *float64 `json:"volume_kg"`
	DeadliftSets     *int     `json:"deadlift_sets"`
	DeadliftVolumeKg *float64 `json:"deadlift_volume_kg"`
	// Categories, in `sessions show` only, sums the sets by exercise
	// category.
	Categories []CategoryJSON `json:"categories,omitempty"`
}

// CategoryJSON sums a strength session's sets of one exercise category.
type CategoryJSON struct {
	Category string   `json:"category"`
	Sets     int      `json:"sets"`
	Reps     int      `json:"reps"`
	VolumeKg *float64 `json:"volume_kg"`
}

// metricsJSON returns the metric fields of s for the sessions commands'
// JSON: run fields for a run, strength fields for a strength session (or
// any session with sets), nil otherwise. ok says whether m holds s's stored
// metrics.
func metricsJSON(s *store.StoredSession, m model.Metrics, ok bool) (*RunMetricsJSON, *StrengthMetricsJSON) {
	var run *RunMetricsJSON
	var str *StrengthMetricsJSON
	if !ok {
		m = model.UnknownMetrics()
	}
	if s.Sport == model.Running {
		h, d := &m.Hills, &m.Drift
		run = &RunMetricsJSON{
			ClimbPerKm: num(round(h.ClimbPerKm, 2)), Grade5UpShare: num(round(h.Grade5UpShare, 3)),
			Grade5DownShare: num(round(h.Grade5DownShare, 3)), CadenceDriftPct: num(round(d.CadenceDriftPct, 2)),
			SpeedChangePct: num(round(d.SpeedChangePct, 2)), MetricsAscentM: num(round(h.AscentM, 1)),
			MetricsDescentM: num(round(h.DescentM, 1)), MovingS: num(round(d.MovingS, 1)),
			CadenceEarlySPM: num(round(d.CadenceEarlySPM, 2)), CadenceLateSPM: num(round(d.CadenceLateSPM, 2)),
			SpeedEarlyMPS: num(round(d.SpeedEarlyMPS, 3)), SpeedLateMPS: num(round(d.SpeedLateMPS, 3)),
		}
		if h.AltitudeSource != "" {
			src := h.AltitudeSource
			run.AltitudeSource = &src
		}
		if e := m.Exposure; e != nil {
			run.Hilly, run.CadenceDrift = e.Hilly.Ptr(), e.CadenceDrift.Ptr()
			run.Deadlift48h, run.Strength48h, run.Deadlift14d = &e.Deadlift48h, &e.Strength48h, &e.Deadlift14d
			run.HoursSinceStrength, run.HoursSinceDeadlift = num(round(e.HoursSinceStrength, 2)), num(round(e.HoursSinceDeadlift, 2))
			run.DeadliftVolume72hKg, run.DeadliftVolume7dKg = num(round(e.DeadliftVolume72hKg, 1)), num(round(e.DeadliftVolume7dKg, 1))
		}
	}
	if st := m.Strength; st != nil || s.Sport == model.Strength {
		str = &StrengthMetricsJSON{}
		if st != nil {
			reps, dl := st.Reps, st.DeadliftSets
			str.Reps, str.DeadliftSets = &reps, &dl
			str.VolumeKg, str.DeadliftVolumeKg = num(round(st.VolumeKg, 1)), num(round(st.DeadliftVolumeKg, 1))
		}
	}
	return run, str
}

// sessionDetail returns the JSON of `sessions show` for d.
func sessionDetail(d *app.SessionDetail) sessionDetailJSON {
	s := d.Session
	zone := time.FixedZone("", s.OffsetS)
	j := sessionDetailJSON{sessionJSON: toSessionJSON(s), OffsetOrigin: string(s.OffsetOrigin),
		Samples: s.NSamples, Laps: []lapJSON{}, SetList: []setJSON{},
		Sources: []sourceJSON{{Path: s.SourcePath, Format: string(s.SourceFormat), Role: "primary", Note: "the session"}}}
	if d.SamplesErr != nil {
		j.SamplesDamaged = d.SamplesErr.Error()
	}
	for _, l := range d.Links {
		j.Sources = append(j.Sources, sourceJSON{Path: l.Path, Format: string(l.Format), Role: l.Role, Note: l.Note})
	}
	j.RunMetricsJSON, j.StrengthMetricsJSON = metricsJSON(s, d.Metrics, d.Analysed)
	if j.StrengthMetricsJSON != nil {
		for _, c := range d.Categories {
			j.Categories = append(j.Categories, CategoryJSON{Category: c.Category, Sets: c.Sets, Reps: c.Reps, VolumeKg: num(round(c.VolumeKg, 1))})
		}
	}
	for _, l := range s.Laps {
		j.Laps = append(j.Laps, lapJSON{Start: l.Start.In(zone).Format(time.RFC3339),
			TimerS: num(round(l.TimerS, 3)), ElapsedS: num(round(l.ElapsedS, 3)), DistanceM: num(round(l.DistanceM, 2)),
			AscentM: num(round(l.AscentM, 1)), AvgHR: num(round(l.AvgHR, 1)), AvgCadenceSPM: num(round(l.AvgCadenceSPM, 1))})
	}
	for _, st := range s.Sets {
		sj := setJSON{Start: st.Start.In(zone).Format(time.RFC3339), DurationS: num(round(st.DurationS, 3)),
			Category: st.Category, Exercise: st.Exercise, WeightKg: num(round(st.WeightKg, 3))}
		if st.Reps != model.NoReps {
			r := st.Reps
			sj.Reps = &r
		}
		j.SetList = append(j.SetList, sj)
	}
	return j
}
