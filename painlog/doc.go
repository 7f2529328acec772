// Package painlog is the back-pain log's domain: the rules a pain event
// must follow, the user's time zone as stored with each event, and the CSV
// and JSON files the log is imported from and exported to.
//
// An event ([model.PainEvent]) has a local date, an optional time of day, an
// IANA time zone, a severity from 0 (none) to 10 (worst), where it hurt
// ([DefaultLocation] when the user does not say) and a note kept exactly as
// typed. [ParseDate], [ParseTime] and [ParseSeverity] read each field as a
// user writes it ("today", "7:30", " 6 "); [Validate] checks a whole event
// against the clock: no date before 1970 or after today in the event's
// zone, no date that does not exist, no time the clocks skipped. A time
// that happened twice (the clocks went back) means its first instant;
// [OverlapNote] words that for the user.
//
// Files are read whole and all or nothing. [ReadCSV] reads a CSV whose
// header names the columns of [CSVHeader] in any order; [ReadRows] reads
// that CSV or the JSON array that [WriteJSON] writes, telling them apart by
// content, and returns each event with its line. A file with bad lines
// gives no events and a [*BadLinesError] listing each one; a file too big
// to be a pain log gives an error wrapping [ErrNotPainLog]. [WriteCSV] and
// [WriteJSON] write what the readers read back unchanged.
//
// Functions take plain values: readers and writers, the current time and
// a default zone name, and for [ZoneName] and [NamedLocation] the
// environment and a symlink reader, so the CLI, a web app and tests can
// all call them. The package touches no database; the store keeps events.
package painlog
