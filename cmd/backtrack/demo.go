package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/report"
)

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
	r, err := app.Demo(ctx, app.DemoOptions{Dir: opts.Dir, Now: opts.Now, Warn: opts.warn, Note: opts.note,
		OnStep: func(step app.DemoStep, r *app.DemoResult) { printDemoStep(opts.globalOptions, step, r) }})
	if err != nil {
		return err
	}
	htmlPath := filepath.Join(r.Dir, "report.html")
	if err := writeReport(opts.globalOptions, htmlPath, r.Report, report.HTML); err != nil {
		return err
	}
	fmt.Fprintf(opts.ErrOut, "demo: wrote the HTML report to %s\n", htmlPath)
	fmt.Fprintf(opts.ErrOut, "demo: try it yourself: backtrack --db %s report --format html --out report.html\n\n", r.DB)
	return writeReport(opts.globalOptions, "", r.Report, report.Markdown)
}

// printDemoStep says on ErrOut what the demo just did.
func printDemoStep(g *globalOptions, step app.DemoStep, r *app.DemoResult) {
	switch step {
	case app.DemoWrote:
		fmt.Fprintf(g.ErrOut, "demo: wrote %d files (%d runs, %d strength sessions, %d pain events) to %s\n",
			len(r.Export.Files), r.Export.Runs, r.Export.Strength, r.Export.PainEvents, r.ExportDir)
	case app.DemoImported:
		fmt.Fprintf(g.ErrOut, "demo: imported %d files, %d sessions into %s\n", r.Import.Imported, r.Import.SessionsAdded, r.DB)
	case app.DemoAnalysed:
		fmt.Fprintf(g.ErrOut, "demo: analysed:   %d sessions (metrics), %d runs' exposures\n", r.Metrics.Analysed, r.Metrics.Exposures)
	case app.DemoLogged:
		fmt.Fprintf(g.ErrOut, "demo: logged %d pain events\n", r.PainAdded)
	}
}
