package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

func newPainCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pain",
		Short: "Keep the back-pain log: add, list, edit, rm, import, export",
		Long: `Keep the back-pain log. Each event has a local date, an optional time of day, your
time zone (--tz, else $TZ, else the system zone), a severity from 0 (none) to 10
(worst), where it hurt (default "lower back") and a note kept exactly as typed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPainAddCmd(g), newPainListCmd(g), newPainEditCmd(g), newPainRmCmd(g),
		newPainImportCmd(g), newPainExportCmd(g))
	return cmd
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
		fmt.Fprintf(o.ErrOut, "backtrack: warning: %s\n", warning)
	}
	return named, err
}

type painAddOptions struct {
	*globalOptions
	Date, Time, Severity, Location, Note string
}

func newPainAddCmd(g *globalOptions) *cobra.Command {
	opts := &painAddOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "add --date DATE [--time HH:MM] --severity N [--location TEXT] [--note TEXT]",
		Short: "Log a pain event",
		Long: `Log a pain event. DATE is YYYY-MM-DD, today or yesterday; the time is optional
(HH:MM, 24-hour clock, in your time zone). Severity is a whole number from 0 (none)
to 10 (worst). Events in the future or before 1970 are refused, and so is a time the
clocks skipped (a daylight-saving gap); a time that happened twice (the clocks went
back) is taken as the first.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("date") {
				return usagef("pain add needs --date (YYYY-MM-DD, today or yesterday)")
			}
			if !cmd.Flags().Changed("severity") {
				return usagef("pain add needs --severity (0 to 10)")
			}
			return runPainAdd(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the local date: YYYY-MM-DD, today or yesterday (required)")
	cmd.Flags().StringVar(&opts.Time, "time", "", "the local time of day, HH:MM (optional)")
	cmd.Flags().StringVar(&opts.Severity, "severity", "", "0 (none) to 10 (worst) (required)")
	cmd.Flags().StringVar(&opts.Location, "location", painlog.DefaultLocation, "where it hurt")
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note, kept exactly as typed")
	return cmd
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
		return fmt.Errorf("this event is already in the log as pain event %d (%s); give a time or a note to log another one", id, painlog.Describe(e))
	}
	if errors.Is(err, app.ErrInvalidPain) {
		return &usageError{err: err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, "added pain event %d: %s\n", id, painlog.Describe(e))
	return nil
}
