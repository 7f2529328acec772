package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

type painEditOptions struct {
	*globalOptions
	Date, Time, Severity, Location, Note string
}

func newPainEditCmd(g *globalOptions) *cobra.Command {
	opts := &painEditOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "edit ID [-d DATE] [-t TIME] [-s N] [-l LOCATION] [-n NOTE]",
		Short: "Change a pain event",
		Long: `Change the given fields of a pain event; the others stay. --time "" removes the
time of day, --note "" the note. The event keeps its time zone unless --tz is given.
The same checks as for 'pain add' apply.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := painID(args)
			if err != nil {
				return err
			}
			var c app.PainChanges
			given := cmd.Flags().Changed
			if given("date") {
				c.Date = &opts.Date
			}
			if given("time") {
				c.Time = &opts.Time
			}
			if given("severity") {
				c.Severity = &opts.Severity
			}
			if given("location") {
				c.Location = &opts.Location
			}
			if given("note") {
				c.Note = &opts.Note
			}
			if c.Empty() && !given("tz") {
				return usagef("nothing to change: give --date, --time, --severity, --location or --note")
			}
			return runPainEdit(cmd.Context(), opts, id, c)
		},
	}
	cmd.Flags().StringVarP(&opts.Date, "date", "d", "", "the local date: YYYY-MM-DD, today or yesterday")
	cmd.Flags().StringVarP(&opts.Time, "time", "t", "", `the time of day: now, 18:30, 6:30pm or 6pm ("" removes it)`)
	cmd.Flags().StringVarP(&opts.Severity, "severity", "s", "", "0 (none) to 10 (worst)")
	cmd.Flags().StringVarP(&opts.Location, "location", "l", "", `where it hurt ("" means lower back)`)
	cmd.Flags().StringVarP(&opts.Note, "note", "n", "", `the note, exactly as typed ("" removes it)`)
	return cmd
}

func runPainEdit(ctx context.Context, opts *painEditOptions, id int64, c app.PainChanges) error {
	// Check what can be checked before touching the database.
	if err := c.Check(); err != nil {
		return &usageError{err: err}
	}
	if opts.TZ != "" {
		loc, err := opts.painLocation()
		if err != nil {
			return err
		}
		c.Zone = loc
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := a.EditPain(ctx, id, c)
	switch {
	case errors.Is(err, store.ErrPainExists):
		return app.DuplicateEdit(id, err)
	case errors.Is(err, app.ErrInvalidPain):
		return &usageError{err: err}
	case err != nil:
		return err
	}
	fmt.Fprintf(opts.Out, "updated pain event %d: %s\n", id, painlog.Describe(e))
	return nil
}

func newPainRmCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID",
		Short: "Remove a pain event",
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := painID(args)
			if err != nil {
				return err
			}
			return runPainRm(cmd.Context(), g, id)
		},
	}
}

func runPainRm(ctx context.Context, opts *globalOptions, id int64) error {
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := a.RemovePain(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, "removed pain event %d: %s\n", id, painlog.Describe(e))
	return nil
}
