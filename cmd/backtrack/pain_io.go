package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/internal/plural"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
)

func newPainImportCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import pain events from a CSV (or JSON) file",
		Long: `Import pain events from a CSV file with the header date,time,severity,location,note
and optionally tz (any order, any case), or from the JSON 'pain export --format json'
writes. FILE - reads standard input. Empty time means a date-only event, empty
location "lower back", empty tz your time zone.

It is all or nothing: if any line is bad, nothing is imported and every bad line is
listed (exit 1). Events already in the log (the same date, time, zone, severity,
location and note) are not added twice, so importing the same file again is safe.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("pain import needs one file, got %d arguments", len(args))
			}
			return runPainImport(cmd.Context(), g, args[0])
		},
	}
}

func runPainImport(ctx context.Context, opts *globalOptions, path string) error {
	loc, err := opts.painLocation()
	if err != nil {
		return err
	}
	var r io.Reader = opts.In
	name := "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("pain import: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	rows, err := painlog.ReadRows(r, loc.String(), opts.Now())
	var pe *painlog.BadLinesError
	if errors.As(err, &pe) {
		n := len(pe.Lines)
		return fmt.Errorf("%s: nothing imported: %s:\n%s", name, plural.Of(n, "bad line", "bad lines"), pe.Error())
	}
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := a.ImportPain(ctx, rows)
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	msg := "imported " + plural.Of(res.Added, "new pain event", "new pain events")
	if res.Existing > 0 {
		msg += fmt.Sprintf("; %d %s already in the log", res.Existing, map[bool]string{true: "was", false: "were"}[res.Existing == 1])
	}
	fmt.Fprintln(opts.Out, msg)
	return nil
}

type painExportOptions struct {
	*globalOptions
	Format, Out     string
	SpreadsheetSafe bool
}

func newPainExportCmd(g *globalOptions) *cobra.Command {
	opts := &painExportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "export [--format csv|json] [--out FILE]",
		Short: "Write the whole pain log as CSV or JSON",
		Long: `Write the whole pain log, in date order, as CSV (header
date,time,severity,location,note,tz) or as the JSON of 'pain list --json'. Both are
what 'pain import' reads back, zone included: exporting, importing into a fresh
database and exporting again gives the same CSV byte for byte. A location or note
that a spreadsheet would run as a formula (starting with =, +, -, @ or a tab) is
written with a ' in front, which pain import removes again; --spreadsheet-safe=false
writes such cells as they are. --out writes a file
readable only by you (replacing it whole; a device or pipe such as /dev/null is
written in place); the default, and --out -, is standard output.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPainExport(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "csv", "csv or json")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write to this file instead of standard output (- is standard output)")
	cmd.Flags().BoolVar(&opts.SpreadsheetSafe, "spreadsheet-safe", true, "CSV: put a ' before a location or note a spreadsheet would run as a formula (pain import removes it)")
	return cmd
}

func runPainExport(ctx context.Context, opts *painExportOptions) error {
	var write func(io.Writer, []model.PainEvent) error
	switch strings.ToLower(opts.Format) {
	case "csv":
		write = func(w io.Writer, list []model.PainEvent) error {
			return painlog.WriteCSV(w, list, painlog.SpreadsheetSafe(opts.SpreadsheetSafe))
		}
	case "json":
		write = painlog.WriteJSON
	default:
		return usagef("unknown --format %q (use csv or json)", opts.Format)
	}
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := a.PainLog(ctx, "", "")
	if err != nil {
		return err
	}
	var size countWriter
	res, err := opts.writeOut(opts.Out, func(w io.Writer) error { return write(io.MultiWriter(w, &size), list) })
	if err != nil {
		return fmt.Errorf("pain export: %w", err)
	}
	for _, w := range painlog.ImportLimits(list, strings.ToLower(opts.Format), int64(size)) {
		opts.warn(w)
	}
	if res.ToFile() {
		fmt.Fprintf(opts.ErrOut, "wrote %s to %s\n", plural.Of(len(list), "pain event", "pain events"), termSafe(res.Path))
	}
	return nil
}

// countWriter counts the bytes written through it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
