package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/report"
	"github.com/backtrack/backtrack/store"
)

// demoStart is the synthetic athlete's first day: fixed, so the demo is the
// same on every machine and every day.
var demoStart = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)

type demoOptions struct {
	*globalOptions
	Dir string
}

func newDemoCmd(g *globalOptions) *cobra.Command {
	opts := &demoOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a synthetic athlete, import it into a fresh database and show the result",
		Long: `demo writes six months of a synthetic runner's watch files (FIT, with Strava-style
GPX copies of some runs) and pain log into DIR (default: a new temporary folder),
imports them and the pain log into DIR/backtrack.db, writes the HTML report to
DIR/report.html and prints the Markdown report. It never touches your own database.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDemo(cmd.Context(), opts) },
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "folder for the demo's files and database (default: a new temporary folder)")
	return cmd
}

func runDemo(ctx context.Context, opts *demoOptions) error {
	dir := opts.Dir
	if dir == "" {
		d, err := os.MkdirTemp("", "backtrack-demo-")
		if err != nil {
			return err
		}
		dir = d
	}
	dbPath := filepath.Join(dir, "backtrack.db")
	if _, err := os.Stat(dbPath); err == nil {
		return fmt.Errorf("%s already exists: the demo builds a fresh database; pick another --dir or remove it", dbPath)
	}
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		return fmt.Errorf("load the demo's time zone: %w", err)
	}
	athlete := synth.Generate(synth.Config{Seed: 1, Start: demoStart, Months: 6, Zone: zone})
	exportDir := filepath.Join(dir, "export")
	man, err := athlete.WriteExport(exportDir)
	if err != nil {
		return fmt.Errorf("write the demo files: %w", err)
	}
	fmt.Fprintf(opts.ErrOut, "demo: wrote %d files (%d runs, %d strength sessions, %d pain events) to %s\n",
		len(man.Files), man.Runs, man.Strength, man.PainEvents, exportDir)

	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	metrics := newMetricsSink(ctx, db) // stores, and computes metrics (analyze.go)
	batch := &importers.Batch{Sink: metrics, Options: []importers.Option{importers.WithLocation(zone)}}
	sum, err := batch.Run(ctx, []string{exportDir})
	if cerr := metrics.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.ErrOut, "demo: imported %d files, %d sessions into %s\n", sum.Imported, sum.SessionsAdded, dbPath)
	if line := metrics.finish(ctx, opts.ErrOut); line != "" {
		fmt.Fprintln(opts.ErrOut, "demo:"+strings.TrimPrefix(line, " "))
	}
	painFile := filepath.Join(exportDir, "pain.csv")
	f, err := os.Open(painFile)
	if err != nil {
		return fmt.Errorf("read the demo's pain log: %w", err)
	}
	events, err := painlog.ReadCSV(f, zone.String(), opts.Now())
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", painFile, err)
	}
	added, _, err := db.ImportPain(ctx, events)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.ErrOut, "demo: logged %d pain events\n", added)
	rep, err := buildReport(ctx, db, opts.globalOptions, "", "", nil)
	if err != nil {
		return err
	}
	htmlPath := filepath.Join(dir, "report.html")
	if err := writeReport(opts.globalOptions, htmlPath, rep, report.HTML); err != nil {
		return err
	}
	fmt.Fprintf(opts.ErrOut, "demo: wrote the HTML report to %s\n", htmlPath)
	fmt.Fprintf(opts.ErrOut, "demo: try it yourself: backtrack --db %s report --format html --out report.html\n\n", dbPath)
	return writeReport(opts.globalOptions, "", rep, report.Markdown)
}
