package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/store"
)

type painNoneOptions struct {
	*globalOptions
	Date string
}

func newPainNoneCmd(g *globalOptions) *cobra.Command {
	opts := &painNoneOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "none [--date DATE]",
		Short: "Log a day without pain (a pain-free check-in)",
		Long: `Log a day without pain: an event of severity 0 with a date and no time, so that
the report knows the day was logged and not forgotten. DATE (--date, -d) is
YYYY-MM-DD, today or yesterday (default today). Logging the same day again changes
nothing.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPainNone(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Date, "date", "d", "today", "the local date: YYYY-MM-DD, today or yesterday")
	return cmd
}

func runPainNone(ctx context.Context, opts *painNoneOptions) error {
	loc, err := opts.painLocation()
	if err != nil {
		return err
	}
	e, err := app.ParsePain(app.PainInput{Date: opts.Date, Severity: "0"}, loc, opts.Now())
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
		fmt.Fprintf(opts.Out, "%s is already logged as a day without pain (pain event %d)\n", e.LocalDate, id)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, "logged a day without pain: %s %s (pain event %d)\n", e.LocalDate, e.TZ, id)
	printMatch(ctx, opts.globalOptions, a, e)
	return nil
}
