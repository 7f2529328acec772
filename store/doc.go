// Package store keeps backtrack's data in one SQLite file and holds all of
// the project's SQL.
//
// [Open] creates the file (mode 0600, in a folder created 0700) and runs the
// embedded migrations not yet applied, in order (migrations/0001_init.sql,
// …) and in one transaction, recording the version in PRAGMA user_version. Every
// connection uses WAL, foreign keys, a 10 s busy timeout and, for writes,
// immediate transactions, so that two processes importing at once wait for
// each other instead of failing with "database is locked". A database,
// -wal or -shm file that other users could read is made 0600 on opening,
// with a warning through [WithWarn], when it is safe (a regular SQLite file
// of this user, never through a link). [MustExist] refuses to create a
// database ([ErrNoDatabase]); [ReadOnly] and [ReadOnlyIfNeeded] open one
// read-only, without creating any file, so that a read-only or full disk
// can still be read; writes then fail with [ErrReadOnly] (or
// [ErrDiskFull]).
//
// [Examine] checks a database for backtrack doctor without creating,
// migrating, changing or writing anything: integrity, schema version,
// partly imported sources, counts, every session's samples, file
// permissions and leftover -wal and -shm files, in a [Health].
//
// Writes go through one connection per [DB]. Each source file is stored
// atomically, whole or not at all: [DB.ImportSource] in a transaction of its
// own, an [Importer] (the batch import) in a savepoint of a transaction it
// commits every 100 ms, because one commit per file cost an import a third
// of its speed (each commit rewrites every B-tree page it touched). A killed
// import leaves whole files; the files of its last 100 ms are not there, and
// the next import of the same paths stores them. Reads use a separate pool
// of read-only connections whose transactions are deferred, so a long
// analysis never blocks an import.
//
// # Tables
//
//   - sources: one row per imported file, unique on sha256; a lifting
//     export's weight unit and where it came from, so that one read in an
//     assumed unit is read again under another ([DB.RereadSource],
//     [Importer.Reread]).
//   - skipped_sources: files seen but not imported, with the reason.
//   - sessions: one row per activity; times in unix milliseconds (start_utc)
//     with readable start_utc_text and start_local_text columns; a missing
//     measurement is NULL.
//   - laps, sets: a session's laps and active strength sets (reps NULL when
//     not recorded).
//   - session_samples: a session's time series, one BLOB per column
//     (layout in samples.go).
//   - session_links: other sources' copies of a session.
//   - pain_events: the pain log (written with synchronous=FULL).
//   - session_metrics: each session's metrics and, for a run, its
//     exposures, with the version and settings they were computed under.
//   - meta: key/value pairs; the user's settings as config.<key>.
//
// # Reaching the samples
//
// The easiest way is the command line, which writes CSV:
//
//	backtrack sessions samples ID
//
// Programs can read the BLOBs directly: session_samples holds one row per
// session with n (the number of samples), codec and one BLOB per column of
// [model.SampleColumns]. Codec 1 (samples.go) stores each column as exact
// integers on the column's own scale, delta-coded as varints; codec 0, the
// rows of databases from before schema version 5, as n little-endian
// float64 (t_s, lat_deg, lon_deg) or float32 (the rest) values. A NULL BLOB
// means the whole column is missing.
//
// The columns are compact on purpose: a row per sample, or plain floats,
// cannot be written at the import speed target (docs/README.md,
// "Performance targets": import at least 0.6 × decode-only throughput, a
// few million samples a second). docs/storage.md describes the schema.
package store
