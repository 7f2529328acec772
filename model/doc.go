// Package model holds backtrack's common session model: the plain values that
// every importer produces, the store persists and the analysis reads, and the
// metrics of a session ([Metrics], [Exposure]) that the analysis computes and
// the store keeps, defined once for both. It also holds the rules that say
// when two files' recordings are one activity ([SameActivity],
// [GroupRecordings]) and how they merge ([Better], [Compose]): pure
// functions of the recordings, so that a merge does not depend on the order
// files arrive in (docs/storage.md, "Duplicates and merges").
//
// Units are explicit in field names or doc comments (metres, seconds,
// steps per minute, kilograms, UTC instants plus the local offset). A missing
// value is never zero: floating-point fields use NaN (see [Missing] and
// [Known]), integer fields document their own sentinel. The package uses the
// standard library only and does no I/O.
package model
