package analysis

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"github.com/backtrack/backtrack/model"
)

// ReportSchema names the report's JSON layout. A change that breaks a reader
// of the JSON gets a new name; fields may be added under the same one.
const ReportSchema = "backtrack.report/v1"

// The fixed parts of the analysis (the tunable ones are in [Settings]).
const (
	// MinPainEvents is the fewest pain events a test is run on.
	MinPainEvents = 5
	// PainAfterRun is how long after a run ends a pain event still
	// belongs to it.
	PainAfterRun = 24 * time.Hour
	// OnsetWindow is the span before a pain event during a run that is
	// compared with the rest of that run.
	OnsetWindow = 10 * time.Minute
	// LongRunQuantile is the share of runs shorter than a long run: the
	// long_run exposure marks the longest quarter of the runs.
	LongRunQuantile = 0.75
	// LoadSpikeRatio is the running distance of the 7 days before a run,
	// against the weekly average of the 4 weeks before those, from which
	// the run follows a load spike (the acute:chronic ratio of 1.3 that
	// sports-science papers use as the edge of the "sweet spot").
	LoadSpikeRatio = 1.3
	// Significance is the q-value below which a finding holds (with its
	// interval clear of no effect).
	Significance = 0.05
)

// CaseCrossoverLags are the control windows' distances back in time from
// each hazard window: the same window 1, 2, 3 and 4 weeks earlier.
var CaseCrossoverLags = []time.Duration{7 * 24 * time.Hour, 14 * 24 * time.Hour, 21 * 24 * time.Hour, 28 * 24 * time.Hour}

// The exposure ids of the findings; stable, as the JSON carries them.
const (
	ExpDeadlift48h  = "deadlift_48h"
	ExpStrength48h  = "strength_48h"
	ExpDeadlift14d  = "deadlift_14d"
	ExpHillyRun     = "hilly_run"
	ExpCadenceDrift = "cadence_drift"
	ExpLongRun      = "long_run"
	ExpLoadSpike    = "load_spike"
)

// The method ids of the findings; stable.
const (
	MethodRunRiskRatio  = "run_risk_ratio"
	MethodCaseCrossover = "case_crossover"
	MethodAdjusted      = "adjusted"
)

// Num is a number in the report that may be missing: NaN (and ±Inf, which
// JSON cannot hold) marshal as null.
type Num float64

// MarshalJSON writes n, or null when it is not finite.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, roundSig(f, 6), 'g', -1, 64), nil
}

// UnmarshalJSON reads a number, or null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Num(f)
	return nil
}

// Known reports whether n is a finite number.
func (n Num) Known() bool { return !math.IsNaN(float64(n)) && !math.IsInf(float64(n), 0) }

// roundSig rounds x to sig significant digits, so that the JSON does not
// carry the last bits of floating-point noise (and golden files stay put).
func roundSig(x float64, sig int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', sig, 64), 64)
	if err != nil {
		return x
	}
	return f
}

// Report is the correlation report: what the data holds, each test's
// finding, and the notes that qualify them. Package report renders it as
// Markdown, HTML and JSON; the JSON field names are stable.
type Report struct {
	// Schema is ReportSchema.
	Schema string `json:"schema"`
	// GeneratedAt is when the report was made (UTC).
	GeneratedAt time.Time `json:"generated_at"`
	// Data counts what the report was computed from.
	Data ReportData `json:"data"`
	// Settings are the thresholds and windows used.
	Settings ReportSettings `json:"settings"`
	// Findings hold one entry per exposure and method, in a stable order:
	// the exposures in the order of ExposureIDs, each with its run-level,
	// case-crossover (strength exposures only) and adjusted finding.
	Findings []Finding `json:"findings"`
	// PainDuringRuns looks at the pain events that came during a run.
	PainDuringRuns PainDuringRuns `json:"pain_during_runs"`
	// Diary lists every pain event of the period (severity 1 or more) in
	// time order, with the run the outcome rule matched it to.
	Diary []DiaryEntry `json:"diary"`
	// Notes are the caveats and the reasons a test was not run, in plain
	// words.
	Notes []string `json:"notes"`
	// Charts hold what the HTML charts draw; not part of the JSON.
	Charts Charts `json:"-"`
}

// HoldingFindings returns the findings that hold, in report order.
func (r *Report) HoldingFindings() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Holds {
			out = append(out, f)
		}
	}
	return out
}

// ReportData counts what a report was computed from.
type ReportData struct {
	// From and To are the first and last local dates of the data (or the
	// dates asked for with --since and --until); "" when there is none.
	From string `json:"from"`
	To   string `json:"to"`
	// Sessions counts every session; Runs the running sessions;
	// StrengthSessions those with strength sets.
	Sessions         int `json:"sessions"`
	Runs             int `json:"runs"`
	StrengthSessions int `json:"strength_sessions"`
	// PainEvents counts the pain events with a severity of 1 or more;
	// RunsWithPain the runs that one or more of them belong to (the
	// outcome rule).
	PainEvents   int `json:"pain_events"`
	RunsWithPain int `json:"runs_with_pain"`
	// PainEventsWithRun counts the pain events that belong to a run;
	// PainEventsDuringRuns those that came during one.
	PainEventsWithRun    int `json:"pain_events_with_run"`
	PainEventsDuringRuns int `json:"pain_events_during_runs"`
}

// ReportSettings are the thresholds and windows a report used.
type ReportSettings struct {
	HillyClimbMPerKm   float64 `json:"hilly_climb_m_per_km"`
	CadenceDriftPct    float64 `json:"cadence_drift_pct"`
	StrengthWindowH    float64 `json:"strength_window_h"`
	DeadliftWindowD    float64 `json:"deadlift_weeks_window_d"`
	HysteresisM        float64 `json:"hysteresis_m"`
	PainAfterRunH      float64 `json:"pain_after_run_h"`
	CaseCrossoverLagsD []int   `json:"case_crossover_lags_d"`
	MinPainEvents      int     `json:"min_pain_events"`
	LongRunKm          Num     `json:"long_run_km"`
	LoadSpikeRatio     float64 `json:"load_spike_ratio"`
	OnsetWindowMin     float64 `json:"onset_window_min"`
	Significance       float64 `json:"significance"`
}

// Group counts one side of a comparison.
type Group struct {
	// N counts the units: runs (run_risk_ratio, adjusted) or 48 h windows
	// (case_crossover: each pain event's hazard window and its control
	// windows).
	N int `json:"n"`
	// Events counts the units with pain: runs followed by pain, or the
	// hazard windows (one per pain event) on this side.
	Events int `json:"events"`
}

// Finding is one test of one exposure.
type Finding struct {
	// Exposure is the exposure id (ExpDeadlift48h, …).
	Exposure string `json:"exposure"`
	// Label names the exposure for a table.
	Label string `json:"label"`
	// Method is the method id (MethodRunRiskRatio, …).
	Method string `json:"method"`
	// Measure names the estimate: "risk ratio" or "odds ratio".
	Measure string `json:"measure"`
	// Exposed and Unexposed count the two sides.
	Exposed   Group `json:"exposed"`
	Unexposed Group `json:"unexposed"`
	// Estimate is the ratio; CILow and CIHigh its 95% interval; PValue the
	// test's p and QValue the Benjamini–Hochberg q across every test of
	// the report. All null when the test was not run.
	Estimate Num `json:"estimate"`
	CILow    Num `json:"ci_low"`
	CIHigh   Num `json:"ci_high"`
	PValue   Num `json:"p_value"`
	QValue   Num `json:"q_value"`
	// Tested reports whether the test was run.
	Tested bool `json:"tested"`
	// Holds reports a finding that stands: q below Significance and an
	// interval clear of 1.
	Holds bool `json:"holds"`
	// Summary is the finding in one or two plain sentences.
	Summary string `json:"summary"`
}

// PainDuringRuns compares the 10 minutes before each pain event that came
// during a run with the rest of that run.
type PainDuringRuns struct {
	// Events lists each such event.
	Events []OnsetEvent `json:"events"`
	// Climb compares climb (m per km) before onset with the rest; Cadence
	// compares cadence (steps/min).
	Climb   OnsetComparison `json:"climb"`
	Cadence OnsetComparison `json:"cadence"`
	// Summary says what the events show, in plain words.
	Summary string `json:"summary"`
}

// OnsetEvent is one pain event during a run.
type OnsetEvent struct {
	// PainID and RunID identify the event and its run.
	PainID int64 `json:"pain_id"`
	RunID  int64 `json:"run_id"`
	// Date is the event's local date; Time its local time.
	Date string `json:"date"`
	Time string `json:"time"`
	// Severity, Location and Note are as logged (the note verbatim:
	// renderers escape it).
	Severity int    `json:"severity"`
	Location string `json:"location"`
	Note     string `json:"note"`
	// Minutes and Km are how far into the run it came (Km null without
	// distance samples).
	Minutes Num `json:"minutes"`
	Km      Num `json:"km"`
	// ClimbBefore and ClimbRest are the climb in metres per km over the
	// 10 minutes before onset and over the rest of the run.
	ClimbBefore Num `json:"climb_before_m_per_km"`
	ClimbRest   Num `json:"climb_rest_m_per_km"`
	// CadenceBefore and CadenceRest are the median cadences, steps/min.
	CadenceBefore Num `json:"cadence_before_spm"`
	CadenceRest   Num `json:"cadence_rest_spm"`
}

// OnsetComparison is a paired comparison over the events during runs: the
// mean of (before − rest) with its 95% interval and a paired t-test.
type OnsetComparison struct {
	// N counts the events with both values.
	N int `json:"n"`
	// MeanBefore and MeanRest average the two sides; Difference is the
	// mean paired difference, CILow and CIHigh its interval.
	MeanBefore Num `json:"mean_before"`
	MeanRest   Num `json:"mean_rest"`
	Difference Num `json:"difference"`
	CILow      Num `json:"ci_low"`
	CIHigh     Num `json:"ci_high"`
	// PValue is the paired t-test's; QValue its Benjamini–Hochberg q with
	// the findings' tests.
	PValue Num `json:"p_value"`
	QValue Num `json:"q_value"`
	// Summary says it in plain words.
	Summary string `json:"summary"`
}

// Charts is what the HTML report draws.
type Charts struct {
	// Runs, Strength and Pain are the timeline's points: the report's,
	// then the last ContextRuns, ContextStrength and ContextPain of them
	// those of ReportInput.Context, outside the report's period.
	Runs                                      []ChartRun
	Strength                                  []ChartStrength
	Pain                                      []ChartPain
	ContextRuns, ContextStrength, ContextPain int
	// CadencePain and CadenceRest are median cadence curves (steps/min) at
	// CurvePoints evenly spaced fractions of the run, over the runs
	// followed by pain and over the others (NaN where no run had data);
	// CurveRunsPain and CurveRunsRest count the runs behind each.
	CadencePain, CadenceRest     []float64
	CurveRunsPain, CurveRunsRest int
	// PeriodFrom and PeriodTo are the first and last local dates of the
	// period whose runs and pain the tests count, which the timeline
	// highlights: the report's period (Data.From and Data.To) unless a
	// narrower one is analysed; "" when there is no data.
	PeriodFrom, PeriodTo string
}

// CurvePoints is how many points a cadence curve has (every 5% of a run).
const CurvePoints = 20

// ChartRun is one run on the timeline.
type ChartRun struct {
	Start     time.Time
	DistanceM float64
	Pain      bool
	Hilly     bool
}

// ChartStrength is one strength session on the timeline.
type ChartStrength struct {
	Start    time.Time
	Deadlift bool
}

// ChartPain is one pain event on the timeline.
type ChartPain struct {
	// At is the event's instant (midday local time for a date-only event).
	At       time.Time
	Severity int
}

// ReportRun is a run as the report needs it.
type ReportRun struct {
	// ID identifies the run (the store's session ID).
	ID int64
	// Start is the run's start (UTC); ElapsedS its elapsed seconds (NaN
	// when unknown: the run then ends at its start).
	Start    time.Time
	ElapsedS float64
	// LocalDate is the run's local date, YYYY-MM-DD.
	LocalDate string
	// DistanceM is its distance in metres (NaN when unknown).
	DistanceM float64
	// Exposure is what came before it and its own flags, hilly and cadence
	// drift, under the report's settings (see [Exposures]).
	Exposure model.Exposure
}

// End returns the run's end: its start plus its elapsed time.
func (r ReportRun) End() time.Time {
	if math.IsNaN(r.ElapsedS) || r.ElapsedS <= 0 {
		return r.Start
	}
	return r.Start.Add(time.Duration(r.ElapsedS * float64(time.Second)))
}

// ReportStrength is a strength session as the report needs it.
type ReportStrength struct {
	// ID identifies the session; Start is its start (UTC).
	ID    int64
	Start time.Time
	// DeadliftSets counts its deadlift-category sets.
	DeadliftSets int
}

// ReportInput is everything a report is computed from. The report never
// reads a database: the caller gathers this.
type ReportInput struct {
	// GeneratedAt stamps the report.
	GeneratedAt time.Time
	// Since and Until are the dates asked for ("" open).
	Since, Until string
	// Settings are the definitions in force.
	Settings Settings
	// Sessions counts every session in range, of every sport.
	Sessions int
	// FirstDate and LastDate are the first and last local dates of the
	// sessions in range.
	FirstDate, LastDate string
	// Runs and Strength are the runs and strength sessions in range.
	Runs     []ReportRun
	Strength []ReportStrength
	// Pain are the pain events in range.
	Pain []model.PainEvent
	// Context is the athlete's data outside Since–Until, if the caller
	// gathers it: the timeline draws it, faded, around the report's period
	// and nothing else reads it.
	Context ReportContext
	// Samples, if set, returns a run's samples: the report reads those of
	// the runs that pain came during, and of some runs for the cadence
	// curves. An error leaves that run out of those parts. The samples
	// returned need only stay valid until the next call (the caller may
	// reuse one buffer).
	Samples func(runID int64) (*model.Samples, error)
}

// ReportContext is data outside a report's period, drawn on its timeline
// for context and never counted.
type ReportContext struct {
	// Runs and Strength are the runs and strength sessions outside the
	// period; Pain the pain events outside it.
	Runs     []ReportRun
	Strength []ReportStrength
	Pain     []model.PainEvent
}
