package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

func newPainCmd(g *globalOptions) *cobra.Command {
	opts := &painAddOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "pain [SEVERITY [NOTE]] [-d DATE] [-t TIME] [-l LOCATION]",
		Short: "Keep the back-pain log: pain 6 \"note\", none, add, list, edit, rm, import, export",
		Long: `Keep the back-pain log. 'backtrack pain 6 "tight after the hill"' logs severity 6
now (it is 'pain add' in short); 'backtrack pain none' logs a day without pain. Each
event has a local date, an optional time of day, your time zone (--tz, else $TZ, else
the system zone), a severity from 0 (none) to 10 (worst), where it hurt (default
"lower back") and a note kept exactly as typed.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			changed := false
			cmd.LocalFlags().VisitAll(func(f *pflag.Flag) { changed = changed || f.Changed })
			if len(args) == 0 && !changed {
				return cmd.Help()
			}
			if len(args) > 0 && !looksNumeric(args[0]) {
				return usagef("unknown command %q for \"backtrack pain\" (log pain with 'backtrack pain 6 \"note\"')", args[0])
			}
			return runPainAddArgs(cmd, opts, args)
		},
	}
	addPainFlags(cmd, opts)
	cmd.AddCommand(newPainAddCmd(g), newPainNoneCmd(g), newPainListCmd(g), newPainEditCmd(g), newPainRmCmd(g),
		newPainImportCmd(g), newPainExportCmd(g))
	return cmd
}

// looksNumeric reports whether s reads as a number a person meant as a
// severity ("6", "-1", "6.5"), so that "backtrack pain lsit" is an unknown
// command rather than a bad severity.
func looksNumeric(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

// painID parses the single pain event ID argument.
func painID(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("expected one pain event ID, got %d arguments", len(args))
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not a pain event ID (a positive number from 'backtrack pain list')", args[0])
	}
	return id, nil
}

// painLocation resolves the user's zone (--tz, TZ, the system zone) to a
// location whose name is an IANA zone name, the one stored with events.
func (o *globalOptions) painLocation() (*time.Location, error) {
	loc, err := o.location()
	if err != nil {
		return nil, err
	}
	named, warning, err := painlog.NamedLocation(loc, o.Getenv, os.Readlink)
	if warning != "" {
		o.warn(warning)
	}
	return named, err
}

type painAddOptions struct {
	*globalOptions
	Date, Time, Severity, Location, Note string
}

// addPainFlags adds pain add's flags, long and short, to cmd.
func addPainFlags(cmd *cobra.Command, opts *painAddOptions) {
	cmd.Flags().StringVarP(&opts.Date, "date", "d", "", "the local date: YYYY-MM-DD, today or yesterday (default today)")
	cmd.Flags().StringVarP(&opts.Time, "time", "t", "", "the time of day: now, 18:30, 6:30pm or 6pm (default now when --date is not given)")
	cmd.Flags().StringVarP(&opts.Severity, "severity", "s", "", "0 (none) to 10 (worst), or give it as the first argument")
	cmd.Flags().StringVarP(&opts.Location, "location", "l", painlog.DefaultLocation, "where it hurt")
	cmd.Flags().StringVarP(&opts.Note, "note", "n", "", "a note, kept exactly as typed, or give it as the second argument")
}

func newPainAddCmd(g *globalOptions) *cobra.Command {
	opts := &painAddOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "add [SEVERITY [NOTE]] [-d DATE] [-t TIME] [-l LOCATION]",
		Short: "Log a pain event (now, unless told otherwise)",
		Long: `Log a pain event: 'backtrack pain add 6 "tight after the hill"' (or just 'backtrack
pain 6 ...') logs severity 6 now, in your time zone. Severity is a whole number from
0 (none) to 10 (worst), as the first argument or --severity. DATE (--date, -d) is
YYYY-MM-DD, today or yesterday; the time (--time, -t) is now, 18:30, 6:30pm or 6pm.
Without --date and --time the event is now; with --time alone, today; with --date
alone, an event with a date and no time of day. Events in the future or before 1970
are refused, and so is a time the clocks skipped (a daylight-saving gap); a time that
happened twice (the clocks went back) is taken as the first. The confirmation says
which run the event goes with, by the report's rule: during a run, within 24 h after
one, or none.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPainAddArgs(cmd, opts, args)
		},
	}
	addPainFlags(cmd, opts)
	return cmd
}

// runPainAddArgs reads the severity and note from args or flags, fills
// the date and time's defaults and adds the event.
func runPainAddArgs(cmd *cobra.Command, opts *painAddOptions, args []string) error {
	given := cmd.Flags().Changed
	switch {
	case len(args) > 2:
		return usagef("too many arguments: put the note in quotes, as in backtrack pain 6 \"tight after the hill\"")
	case len(args) > 0 && given("severity"):
		return usagef("unexpected argument %q (the severity is already given by --severity)", args[0])
	case len(args) > 1 && given("note"):
		return usagef("unexpected argument %q (the note is already given by --note)", args[1])
	case len(args) == 0 && !given("severity"):
		return usagef("pain add needs --severity (0 to 10), or give it first: backtrack pain add 6 \"a note\"")
	}
	if len(args) > 0 {
		opts.Severity = args[0]
	}
	if len(args) > 1 {
		opts.Note = args[1]
	}
	if !given("date") {
		opts.Date = "today"
		if !given("time") {
			opts.Time = "now"
		}
	}
	return runPainAdd(cmd.Context(), opts)
}

func runPainAdd(ctx context.Context, opts *painAddOptions) error {
	loc, err := opts.painLocation()
	if err != nil {
		return err
	}
	e, err := app.ParsePain(app.PainInput{Date: opts.Date, Time: opts.Time, Severity: opts.Severity,
		Location: opts.Location, Note: opts.Note}, loc, opts.Now())
	if err != nil {
		return &usageError{err: err}
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := a.AddPain(ctx, e)
	if errors.Is(err, store.ErrPainExists) {
		return app.DuplicatePain(id, e)
	}
	if errors.Is(err, app.ErrInvalidPain) {
		return &usageError{err: err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, "added pain event %d: %s\n", id, painlog.Describe(e))
	printMatch(ctx, opts.globalOptions, a, e)
	return nil
}

// printMatch prints what e was matched to by the report's outcome rule, as
// "matched to: during run 212 (07:02, 10.4 km), 24 min in"; a failure to
// tell is a warning.
func printMatch(ctx context.Context, opts *globalOptions, a *app.App, e model.PainEvent) {
	m, err := a.MatchPain(ctx, []model.PainEvent{e})
	if err != nil {
		opts.warn("cannot tell which run this event goes with: " + err.Error())
		return
	}
	fmt.Fprintf(opts.Out, "matched to: %s\n", m[0].Words)
}
