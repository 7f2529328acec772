package analysis

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"github.com/backtrack/backtrack/model"
)

// ReportSchema names the report's JSON layout. A change that breaks a reader
// of the JSON gets a new name; fields may be added under the same one. v2
// (issue 13) replaced v1's per-method findings with one verdict per suspect.
const ReportSchema = "backtrack.report/v2"

// The fixed parts of the report outside the suspects' analysis (the
// tunable ones are in [Settings]; the suspects' in suspects.go).
const (
	// MinPainEvents is the fewest events a pain-during-runs comparison is
	// tested on.
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
	return strconv.AppendFloat(nil, RoundSig(f, 6), 'g', -1, 64), nil
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

// RoundSig rounds x to sig significant digits, so that the JSON does not
// carry the last bits of floating-point noise (and golden files stay put);
// the report's texts and chart scales round with it too.
func RoundSig(x float64, sig int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', sig, 64), 64)
	if err != nil {
		return x
	}
	return f
}

// Report is the correlation report: what the data holds, one verdict per
// suspect with the findings behind it, and the notes that qualify them.
// Package report renders it as Markdown, HTML and JSON; the JSON field
// names are stable.
type Report struct {
	// Schema is ReportSchema.
	Schema string `json:"schema"`
	// GeneratedAt is when the report was made (UTC).
	GeneratedAt time.Time `json:"generated_at"`
	// Data counts what the report was computed from.
	Data ReportData `json:"data"`
	// Settings are the thresholds and windows used.
	Settings ReportSettings `json:"settings"`
	// InShort is the report's bottom line: what the verdicts come to, in
	// a few plain sentences (a command to type between backticks).
	InShort string `json:"in_short"`
	// Suspects hold one verdict per suspect, in the order of SuspectIDs.
	Suspects []Suspect `json:"suspects"`
	// NextSteps say what to try next, tied to the verdicts: a cautious
	// experiment per likely suspect, what to watch, to keep logging, and
	// always when to see a professional. Never medical advice.
	NextSteps []NextStep `json:"next_steps"`
	// HoursSinceDeadlift counts the at-risk runs, and the episodes that
	// began after them, by hours since the last deadlift session
	// (descriptive, not tested); nil when nothing was tested.
	HoursSinceDeadlift []LevelCount `json:"hours_since_deadlift"`
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

// LikelySuspects returns the suspects whose verdict is likely, in report
// order: the report's headline.
func (r *Report) LikelySuspects() []Suspect { return r.suspectsWith(VerdictLikely, "") }

// Tested reports whether the report tested anything: enough pain episodes
// began in the diary (MinOnsets).
func (r *Report) Tested() bool { return r.Data.EpisodeOnsets >= MinOnsets }

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
	// CheckIns counts the diary entries of severity 0: pain-free days
	// logged, never pain.
	CheckIns int `json:"check_ins"`
	// DiaryFrom and DiaryTo are the first and last days of the diary
	// period the analysis covers ("" when there is none); DiaryRule says
	// how it was found: DiaryDeclared or DiaryFirstToLast.
	DiaryFrom string `json:"diary_from"`
	DiaryTo   string `json:"diary_to"`
	DiaryRule string `json:"diary_rule"`
	// RunsInDiary counts the runs inside the diary period;
	// RunsOutsideDiary those left out.
	RunsInDiary      int `json:"runs_in_diary"`
	RunsOutsideDiary int `json:"runs_outside_diary"`
	// Episodes counts the pain episodes in the diary; EpisodeOnsets those
	// whose beginning lies in it (the evidence); OnsetsAfterRuns those
	// that began with a run that was at risk.
	Episodes        int `json:"episodes"`
	EpisodeOnsets   int `json:"episode_onsets"`
	OnsetsAfterRuns int `json:"onsets_after_runs"`
	// OnsetsNeeded is how many more episode onsets testing needs (0 once
	// there are MinOnsets).
	OnsetsNeeded int `json:"onsets_needed"`
}

// ReportSettings are the thresholds and windows a report used.
type ReportSettings struct {
	HillyClimbMPerKm float64 `json:"hilly_climb_m_per_km"`
	CadenceDriftPct  float64 `json:"cadence_drift_pct"`
	StrengthWindowH  float64 `json:"strength_window_h"`
	DeadliftWindowD  float64 `json:"deadlift_weeks_window_d"`
	HysteresisM      float64 `json:"hysteresis_m"`
	EpisodeGapD      float64 `json:"episode_gap_d"`
	SeverityMin      float64 `json:"severity_min"`
	// DiaryStart is the diary_start setting, "" when unset.
	DiaryStart string `json:"diary_start"`
	// FormDriftGCTPct and BalanceShiftPts are the form suspects'
	// thresholds (form_drift_gct_pct, balance_shift_pct).
	FormDriftGCTPct float64 `json:"form_drift_gct_pct"`
	BalanceShiftPts float64 `json:"balance_shift_pct"`
	PainAfterRunH   float64 `json:"pain_after_run_h"`
	LongRunKm       Num     `json:"long_run_km"`
	LoadSpikeRatio  float64 `json:"load_spike_ratio"`
	OnsetWindowMin  float64 `json:"onset_window_min"`
	StratumD        int     `json:"stratum_d"`
	ReferentWeeks   int     `json:"referent_weeks"`
	MinOnsets       int     `json:"min_onsets"`
	QLikely         float64 `json:"q_likely"`
	QPossible       float64 `json:"q_possible"`
	PGate           float64 `json:"p_gate"`
}

// Group counts one side of a comparison: N units (runs), Events of them
// with the outcome (a new pain episode began; or, inside an episode, the
// run hurt).
type Group struct {
	N      int `json:"n"`
	Events int `json:"events"`
}

// Suspect is one suspect's verdict and the findings behind it.
type Suspect struct {
	// Exposure is the suspect's id (ExpDeadlift48h, …).
	Exposure string `json:"exposure"`
	// Label names it for a table.
	Label string `json:"label"`
	// Short names it mid-sentence ("deadlifts in the 48 h before").
	Short string `json:"short"`
	// Verdict is VerdictLikely, VerdictPossible, VerdictNoSign or
	// VerdictNotEnoughData.
	Verdict string `json:"verdict"`
	// Direction is DirectionRaises (likely, possible), DirectionLowers (no
	// sign: less pain went with it beyond chance) or DirectionNone.
	Direction string `json:"direction"`
	// Reason says in one sentence why the verdict is what it is.
	Reason string `json:"reason"`
	// Summary is the one sentence of evidence in counts that the report's
	// opening gives (the first of Evidence, or for a strength suspect
	// likely only through the episodes that began away from runs, those).
	Summary string `json:"summary"`
	// Evidence gives the counts behind it, in sentences a runner can check
	// against the diary.
	Evidence string `json:"evidence"`
	// Findings are the numbers the verdict used.
	Findings SuspectFindings `json:"findings"`
}

// SuspectFindings are the numbers behind one verdict; a nil part was not
// computed.
type SuspectFindings struct {
	// Onsets compares the at-risk runs with the suspect and those
	// without: how many were followed by a new pain episode (the crude
	// risk ratio, for reading; the verdict uses the time test).
	Onsets *Comparison `json:"onsets"`
	// WithinEpisodes compares the runs inside episodes: how many hurt.
	WithinEpisodes *Comparison `json:"within_episodes"`
	// ApartFromRuns is the case-crossover of the episodes that began away
	// from runs (strength suspects and the dose).
	ApartFromRuns *ApartFromRuns `json:"apart_from_runs"`
	// TimeTest is the exact time-stratified test.
	TimeTest *TimeTest `json:"time_test"`
	// Adjusted is the suspect in its adjusted model.
	Adjusted *AdjustedFinding `json:"adjusted"`
	// RidesAlongWith names the suspect this one rides along with, when
	// the adjusted model clears it ("" otherwise: then left out).
	RidesAlongWith string `json:"rides_along_with,omitempty"`
	// Dose is the dose suspect's table (left out for the others).
	Dose *DoseFinding `json:"dose,omitempty"`
	// Severity is the sensitivity line of a likely suspect.
	Severity *SeverityFinding `json:"severity"`
}

// Comparison is a crude comparison of two groups of runs: the risk ratio
// (a/n1)/(c/n0) with its Katz 95% interval.
type Comparison struct {
	Exposed   Group `json:"exposed"`
	Unexposed Group `json:"unexposed"`
	RiskRatio Num   `json:"risk_ratio"`
	CILow     Num   `json:"ci_low"`
	CIHigh    Num   `json:"ci_high"`
}

// ApartFromRuns is the case-crossover of the episodes that began away
// from runs: each such onset's window against the same weekday and time in
// the other weeks of its 8-week stratum.
type ApartFromRuns struct {
	// Episodes counts the onsets with referents; CaseExposed those whose
	// own window held the suspect.
	Episodes    int `json:"episodes"`
	CaseExposed int `json:"case_exposed"`
	// Referents counts their referent windows, ReferentsExposed those
	// that held it.
	Referents        int `json:"referents"`
	ReferentsExposed int `json:"referents_exposed"`
	// OddsRatio is the Mantel–Haenszel odds ratio over the sets; PValue
	// the exact one-sided mid-p of these sets alone.
	OddsRatio Num `json:"odds_ratio"`
	PValue    Num `json:"p_value"`
}

// TimeTest is the exact time-stratified test of a suspect.
type TimeTest struct {
	// Observed is the number of onsets (and hurting runs inside episodes)
	// that had the suspect, or for the dose the sum of their levels;
	// Expected its mean under no association.
	Observed int `json:"observed"`
	Expected Num `json:"expected"`
	// PValue is the one-sided mid-p for raised risk, QValue its
	// Benjamini–Hochberg q over the suspects; PLower and QLower the same
	// for lowered risk.
	PValue Num `json:"p_value"`
	QValue Num `json:"q_value"`
	PLower Num `json:"p_lower"`
	QLower Num `json:"q_lower"`
	// Strata counts the informative strata and matched sets.
	Strata int `json:"strata"`
}

// AdjustedFinding is a suspect in its adjusted model.
type AdjustedFinding struct {
	// OddsRatio is exp(β); CILow and CIHigh its profile 95% interval
	// (computed for likely and possible suspects only, else null); PValue
	// the penalised likelihood ratio p.
	OddsRatio Num `json:"odds_ratio"`
	CILow     Num `json:"ci_low"`
	CIHigh    Num `json:"ci_high"`
	PValue    Num `json:"p_value"`
	// Model lists the model's suspect columns.
	Model string `json:"model"`
}

// DoseFinding is the dose table: at-risk runs and the episodes that began
// after them, by deadlift volume in the 72 h before (none, light up to
// LightUpToKg, heavy).
type DoseFinding struct {
	LightUpToKg Num    `json:"light_up_to_kg"`
	Runs        [3]int `json:"runs"`
	Onsets      [3]int `json:"onsets"`
}

// SeverityFinding is the sensitivity line under a likely suspect: the
// evidence counting only pain of MinSeverity or more, and its time test's
// p.
type SeverityFinding struct {
	MinSeverity int    `json:"min_severity"`
	Evidence    string `json:"evidence"`
	PValue      Num    `json:"p_value"`
}

// LevelCount is one row of a descriptive table: at-risk runs (N) and the
// episodes that began after them (Events) at one level.
type LevelCount struct {
	Label string `json:"label"`
	Group
}

// PainDuringRuns compares the 10 minutes before each pain event that came
// during a run with the rest of that run. Its two comparisons have their
// own Benjamini–Hochberg q-values and stay out of the verdicts.
type PainDuringRuns struct {
	// Events lists each such event.
	Events []OnsetEvent `json:"events"`
	// Climb compares climb (m per km) before onset with the rest; Cadence
	// compares cadence (steps/min).
	Climb   OnsetComparison `json:"climb"`
	Cadence OnsetComparison `json:"cadence"`
	// GroundContact compares the ground contact time before onset (ms)
	// with what the rest of the run predicts at the same speed and grade;
	// Balance the left/right balance's distance from the runner's usual on
	// the device (percentage points) before onset with the expected one.
	GroundContact OnsetComparison `json:"ground_contact"`
	Balance       OnsetComparison `json:"balance"`
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
	// GroundContactBefore is the median ground contact time (ms) over the
	// 10 minutes before onset; GroundContactExpected what the rest of the
	// run predicts for them at their speed and grade (see [FormOnset]).
	GroundContactBefore   Num `json:"ground_contact_before_ms"`
	GroundContactExpected Num `json:"ground_contact_expected_ms"`
	// BalanceOffBefore and BalanceOffExpected are how far the left/right
	// balance lay from the runner's usual on the device, in percentage
	// points: over the 10 minutes before onset, and as expected from the
	// rest of the run.
	BalanceOffBefore   Num `json:"balance_off_before_pts"`
	BalanceOffExpected Num `json:"balance_off_expected_pts"`
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
	// the other comparison of pain during runs.
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
	// ContactPain and ContactRest are the same curves of the ground
	// contact time (ms), over the runs with running dynamics;
	// ContactRunsPain and ContactRunsRest count them.
	ContactPain, ContactRest         []float64
	ContactRunsPain, ContactRunsRest int
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
	// Indoor says it has no real grade (see [IsIndoor]).
	Indoor bool
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
	// DeadliftSets counts its deadlift-category sets; DeadliftVolumeKg is
	// their volume (NaN when unknown).
	DeadliftSets     int
	DeadliftVolumeKg float64
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
	// Pain are the diary entries in range, pain-free check-ins (severity
	// 0) included.
	Pain []model.PainEvent
	// Context is the athlete's data outside Since–Until, if the caller
	// gathers it: the timeline draws it, faded, around the report's period
	// and nothing else reads it.
	Context ReportContext
	// Samples, if set, returns a run's samples: the report reads those of
	// the runs that pain came during, and of some runs for the cadence
	// curves. It reads only the columns ReportSampleColumns names (the
	// others may be missing) into dst, replacing what dst held. An error
	// leaves that run out of those parts. The report calls it from a few
	// goroutines at once, each with its own dst.
	Samples func(runID int64, dst *model.Samples) error
}

// ReportSampleColumns are the sample columns a report reads
// (ReportInput.Samples): time, position, altitude, distance, speed and
// cadence, and the contact time and balance of the running form. The
// positions serve only a run without distances (the distance is then
// measured along them): a caller may read them only for such a run.
var ReportSampleColumns = []int{model.ColT, model.ColLat, model.ColLon, model.ColAlt, model.ColDist, model.ColSpeed,
	model.ColCadence, model.ColGroundContact, model.ColGCTBalance, model.ColStrydGroundTime}

// ReportContext is data outside a report's period, drawn on its timeline
// for context and never counted.
type ReportContext struct {
	// Runs and Strength are the runs and strength sessions outside the
	// period; Pain the pain events outside it.
	Runs     []ReportRun
	Strength []ReportStrength
	Pain     []model.PainEvent
}
