// Package synth makes a deterministic synthetic athlete and writes her
// activities as real files, for tests, benchmarks and the `backtrack demo`
// command.
//
// The low-level writers turn any [model.Session] into a file:
// [WriteFIT] writes a FIT activity file with muktihari/fit's encoder (records,
// laps, session, activity with local_timestamp, strength `set` messages with
// rest sets between active ones), and [WriteGPX] writes a GPX 1.1 track with
// Garmin TrackPointExtension heart rate and cadence.
//
// [Generate] makes a runner who also lifts: about four runs a week on a few
// named routes (flat, hilly, treadmill) recorded at 1 Hz, two strength
// sessions a week whose deadlifts leave the programme for a multi-week block
// and then return, and a pain log with a planted trigger (pain after runs
// within 48 hours of deadlifts). [Athlete.WriteExport] writes it all as a
// folder of FIT files, Strava-style GPX duplicates and a pain.csv.
// [GenerateSummaries] follows the same plan without samples or files, cheaply
// enough for Monte-Carlo tests.
//
// Everything is a pure function of [Config]: the same seed gives the same
// sessions, the same pain events and byte-identical files.
package synth
