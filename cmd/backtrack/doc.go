// Command backtrack imports watch and lifting-app exports into a local SQLite
// database, keeps a back-pain log, and reports which training exposures go
// with the pain.
//
// Each command lives in its own file: an options struct, a constructor and a
// run function. Decoding, SQL and statistics live in the importers, store and
// analysis packages; commands only parse flags, call them and render.
package main
