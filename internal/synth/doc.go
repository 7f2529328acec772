// Package synth makes a deterministic synthetic athlete and writes her
// activities as real files, for tests, benchmarks and the `backtrack demo`
// command.
//
// The low-level writers turn any [model.Session] into a file:
// [WriteFIT] writes a FIT activity file with muktihari/fit's encoder (records,
// laps, session, activity with local_timestamp, strength `set` messages with
// rest sets between active ones), and [WriteGPX] writes a GPX 1.1 track with
// Garmin TrackPointExtension heart rate and cadence. WriteFIT writes a
// session's running form too: native running dynamics, the strap's
// device_info and Stryd's developer fields; [FormCases] are the structural
// cases of running form in real files, rebuilt with it.
//
// [Generate] makes a runner who also lifts: about four runs a week on a few
// named routes (flat, hilly, treadmill) recorded at 1 Hz, two strength
// sessions a week whose deadlifts leave the programme for a multi-week block
// and then return, and a pain log with a planted trigger (pain after runs
// within 48 hours of deadlifts by default; [TriggerFormDrift] plants pain
// after runs whose running form drifts late). Her runs record running
// dynamics (form.go): contact time falling with speed and rising uphill, a
// chest strap's balance on most runs, Stryd's fields on some, and planted
// late form drift on some. [Athlete.WriteExport] writes it all as a
// folder of FIT files, Strava-style GPX duplicates and a pain.csv.
// [GenerateSummaries] follows the same plan without samples or files, cheaply
// enough for Monte-Carlo tests.
//
// Everything is a pure function of [Config]: the same seed gives the same
// sessions, the same pain events and byte-identical files.
package synth
