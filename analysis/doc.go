// Package analysis computes backtrack's per-session metrics and per-run
// exposures from model values. It is pure: no SQL, no files, no clock.
//
// The definitions are those of docs/definitions.md, and the statistics
// those of docs/statistics.md:
//
//   - [Hills]: elevation smoothed before counting (a noise-dependent
//     pipeline: barometric-like altitude gets a light smoothing and the
//     GoldenCheetah/Runalyze 3 m hysteresis; GPS-like altitude, recognised
//     by its noise level, gets a spike-removing median filter and a 150 m
//     distance average first), then ascent, descent, climb per km and the
//     shares of distance at grade ≥ 5% up and down, with grades taken over
//     50–100 m of horizontal distance, never sample to sample.
//   - [Drift]: the time-weighted median cadence over the final 25% of moving
//     time against the median over 10–50%, in percent, beside the speed
//     change over the same spans; stops (gaps in the record times, speed or
//     cadence about 0) are not moving time.
//   - [StrengthTotals] and [Exposures]: sets, reps and volume by exercise
//     category, and per run the strength sessions in the windows before it,
//     compared as UTC instants so that daylight-saving changes never stretch
//     or shrink a window.
//
// [SessionMetrics] applies the per-run rules (only runs; no hill metrics for a
// treadmill or a run without altitude). A value that cannot be computed is
// NaN ([model.Missing]), never zero; a yes/no that cannot be decided is
// [model.FlagUnknown]. The thresholds users may tune live in [Settings].
//
// [MetricsVersion] names the definitions: stored metrics computed under
// another version are recomputed.
//
// [BuildReport] links each diary entry to its run ([LinkPain], the outcome
// rule), groups the pain into episodes inside the diary period, tests each
// suspect ([SuspectIDs]) with the exact time-stratified test
// ([ExactBinary], [ExactTrend] for the dose) over runs at risk, runs inside
// episodes and the episodes that began away from runs, gates it with the
// adjusted Firth models ([FirthSelective]), takes [BenjaminiHochberg]
// q-values and gives each suspect one verdict ([VerdictLikely], …) with its
// reason, its evidence in counts and its findings, in the [Report]. With
// fewer than [MinOnsets] episode onsets nothing is tested ([MoreSentence]).
// Rendering that value as Markdown, HTML or JSON is package report's job.
package analysis
