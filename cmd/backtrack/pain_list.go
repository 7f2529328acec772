package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

type painListOptions struct {
	*globalOptions
	Since, Until string
	JSON         bool
}

func newPainListCmd(g *globalOptions) *cobra.Command {
	opts := &painListOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list [--since DATE] [--until DATE] [--json]",
		Short: "List pain events by date and time",
		Long: `List pain events by date and time (date-only events first within a day).
--json prints an array of objects with id, date, time (null without one), tz, utc
(RFC 3339, or null), severity, location and note.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPainList(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Since, "since", "", "only events on or after this local date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&opts.Until, "until", "", "only events on or before this local date (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array")
	return cmd
}

func runPainList(ctx context.Context, opts *painListOptions) error {
	since, err := parseDate("since", opts.Since)
	if err != nil {
		return err
	}
	until, err := parseDate("until", opts.Until)
	if err != nil {
		return err
	}
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := a.PainLog(ctx, since, until)
	if err != nil {
		return err
	}
	if opts.JSON {
		return painlog.WriteJSON(opts.Out, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.ErrOut, `no pain events (log one with 'backtrack pain 5 "a note"', or a day without pain with 'backtrack pain none')`)
		return nil
	}
	return writePainTable(opts.Out, list)
}

// writePainTable writes events as an aligned table. Locations and notes are
// written exactly (tabs and line breaks included): tabwriter passes text
// between Escape bytes through untouched, and 0xff cannot occur in the
// UTF-8 text the store holds.
func writePainTable(w io.Writer, list []model.PainEvent) error {
	esc := func(s string) string { return string([]byte{tabwriter.Escape}) + s + string([]byte{tabwriter.Escape}) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.StripEscape)
	fmt.Fprintln(tw, "ID\tDATE\tTIME\tTZ\tSEVERITY\tLOCATION\tNOTE")
	for _, e := range list {
		t := e.LocalTime
		if t == "" {
			t = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.LocalDate, t, e.TZ, e.Severity, esc(termSafeText(e.Location)), esc(termSafeText(e.Note)))
	}
	return tw.Flush()
}
