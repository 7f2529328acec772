// Package app holds backtrack's use cases: importing files with their
// metrics, bringing the metrics up to date and reading them (with setting
// overrides for one call), gathering a report's input and building it,
// keeping the pain log, the settings, the demo, and the database checks of
// doctor.
//
// The command-line tool (cmd/backtrack) and a web front end call the same
// functions: they take plain values (dates as YYYY-MM-DD strings, settings
// as key → value, a clock) and report warnings and notes through callbacks,
// never through flags, writers or cobra types. Rendering stays with the
// caller: the use cases return values (an [analysis.Report], an
// [AnalyzeSummary], a [DoctorReport]) and the caller prints them as text,
// JSON or HTML, and maps errors to exit codes or HTTP statuses with
// errors.Is on the exported sentinels.
//
// Most use cases are methods of [App], which holds the open database:
//
//	a := &app.App{DB: db, Now: time.Now, Warn: func(msg string) { log.Print(msg) }}
//	if _, err := a.UpdateMetrics(ctx, false); err != nil { … }
//	rep, err := a.Report(ctx, app.ReportQuery{Since: "2025-01-01"})
//
// [Demo] and [Doctor] open or examine a database themselves.
package app
