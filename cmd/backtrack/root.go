package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/store"
)

// globalOptions are the flags every command shares plus the process's
// streams, clock and environment (never reached for directly).
type globalOptions struct {
	// DBPath is --db; empty means BACKTRACK_DB, else the default path.
	DBPath string
	// TZ is --tz; empty means TZ, else the system zone.
	TZ string

	In          io.Reader
	Out, ErrOut io.Writer
	Now         func() time.Time
	Getenv      func(string) string
	// StderrIsTerminal reports whether progress may be drawn on ErrOut.
	StderrIsTerminal func() bool
	// StdoutIsTerminal reports whether Out is a terminal (nil: it is not).
	StdoutIsTerminal func() bool
	// Invocation is how the user ran this program, for the commands it
	// suggests: "backtrack", "./bt" or "go run ./cmd/backtrack" ("" means
	// "backtrack").
	Invocation string
}

func newRootCmd(opts *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "backtrack",
		Short: "Find out what in your training goes with your back pain",
		Long: `backtrack imports your watch and lifting-app exports (FIT, GPX, TCX, Garmin and
Strava archives, lifting CSVs) into a local SQLite database, keeps a back-pain log,
and reports which training exposures (deadlifts before a run, hilly runs, cadence
sagging late in a run) go with the pain, and how sure that is.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.PersistentFlags().StringVar(&opts.DBPath, "db", "", "database file (default $BACKTRACK_DB, else $XDG_DATA_HOME/backtrack/backtrack.db)")
	root.PersistentFlags().StringVar(&opts.TZ, "tz", "", "your time zone, e.g. Europe/London, for files that carry no offset (default $TZ, else the system zone)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		if msg := err.Error(); strings.Contains(msg, "unknown") && strings.Contains(msg, "flag") &&
			strings.Contains(msg[strings.LastIndex(msg, " ")+1:], ".") {
			// A file named -x.fit reads as flags: say how to pass it.
			err = fmt.Errorf("%w (to name a file that starts with '-', put it after --: backtrack import -- -x.fit)", err)
		}
		return &usageError{err: err}
	})
	root.AddCommand(
		newImportCmd(opts),
		newSessionsCmd(opts),
		newDemoCmd(opts),
		newPainCmd(opts),
		newAnalyzeCmd(opts),
		newConfigCmd(opts),
		newReportCmd(opts),
		newDoctorCmd(opts),
		newServeCmd(opts),
	)
	addVersion(root, opts)
	return root
}

// dbPath resolves --db, BACKTRACK_DB and the default, in that order.
func (o *globalOptions) dbPath() (string, error) {
	if o.DBPath != "" {
		return o.DBPath, nil
	}
	if p := o.Getenv("BACKTRACK_DB"); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

// openDB opens (creating if needed) the database, for a command that
// writes. A database file that other users could read is made private,
// with a warning on ErrOut. One that cannot be written is an error that
// says so ("read-only", "disk full") and what still works.
func (o *globalOptions) openDB(ctx context.Context) (*store.DB, error) {
	path, err := o.dbPath()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, path, store.WithWarn(o.warn))
	if errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrDiskFull) {
		return nil, fmt.Errorf("%w (the commands that only read it still work: sessions, report, pain list, pain export, config list, doctor)", err)
	}
	return db, err
}

// openReadDB opens the database for a command that only reads (it may
// still store metrics it computes): it never creates one, so that a
// mistyped --db does not look like an empty history, and it opens a
// database that cannot be written (a read-only disk or folder, a full
// disk) read-only, with a note, so that the data can always be read.
func (o *globalOptions) openReadDB(ctx context.Context) (*store.DB, error) {
	path, err := o.dbPath()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, path, store.WithWarn(o.warn), store.MustExist(), store.ReadOnlyIfNeeded())
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, fmt.Errorf("no database at %s (import something first)", path)
	}
	if err != nil {
		return nil, err
	}
	if db.ReadOnly() {
		o.note(fmt.Sprintf("the database %s is read-only (%s): reading it as it is; nothing is written", path, db.ReadOnlyReason()))
	}
	return db, nil
}

// warn prints a warning for the user on ErrOut.
func (o *globalOptions) warn(msg string) {
	fmt.Fprintf(o.ErrOut, "backtrack: warning: %s\n", termSafeText(msg))
}

// note prints a note for the user on ErrOut.
func (o *globalOptions) note(msg string) {
	fmt.Fprintf(o.ErrOut, "backtrack: note: %s\n", termSafeText(msg))
}

// newApp returns the use cases over db, with the process's clock and
// warnings and notes on ErrOut.
func (o *globalOptions) newApp(db *store.DB) *app.App {
	return &app.App{DB: db, Now: o.Now, Warn: o.warn, Note: o.note}
}

// openApp opens the database (see openDB) and returns the use cases over
// it; close the database when done.
func (o *globalOptions) openApp(ctx context.Context) (*app.App, *store.DB, error) {
	db, err := o.openDB(ctx)
	if err != nil {
		return nil, nil, err
	}
	return o.newApp(db), db, nil
}

// openReadApp is openApp for a command that only reads (see openReadDB).
func (o *globalOptions) openReadApp(ctx context.Context) (*app.App, *store.DB, error) {
	db, err := o.openReadDB(ctx)
	if err != nil {
		return nil, nil, err
	}
	return o.newApp(db), db, nil
}

// location resolves --tz, TZ and the system zone, in that order.
func (o *globalOptions) location() (*time.Location, error) {
	name := o.TZ
	if name == "" {
		name = strings.TrimPrefix(o.Getenv("TZ"), ":")
		if name == "" {
			return time.Local, nil
		}
		loc, err := time.LoadLocation(name)
		if err != nil {
			return time.Local, nil // the system already interprets TZ its own way
		}
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, usagef("unknown time zone %q for --tz (use a name like Europe/London or America/New_York)", name)
	}
	return loc, nil
}

// namedLocation resolves --tz, then TZ: the zone the user named, or nil
// when neither names one (the import then asks the database, see
// app.ImportDefaults).
func (o *globalOptions) namedLocation() (*time.Location, error) {
	if o.TZ == "" && strings.TrimPrefix(o.Getenv("TZ"), ":") == "" {
		return nil, nil
	}
	return o.location()
}

// parseDate parses a YYYY-MM-DD flag value.
func parseDate(flag, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", usagef("--%s %q is not a date like 2024-03-05", flag, v)
	}
	return v, nil
}
