// Command backtrack imports watch and lifting-app exports into a local SQLite
// database, keeps a back-pain log, and reports which training exposures go
// with the pain.
//
// Each command lives in its own file: an options struct, a constructor and a
// run function. The use cases (import with metrics, the metrics, the
// report's input, the pain log, settings, the demo, doctor's checks) live in
// package app, which the commands call; commands only parse flags, call it,
// render the result and map errors to exit codes.
package main
