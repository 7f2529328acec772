package main

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/report"
)

type demoOptions struct {
	*globalOptions
	Dir     string
	Trigger string
}

// demoTriggers are the pain triggers the demo can plant, as --trigger
// names them.
var demoTriggers = map[string]string{
	"deadlift":   synth.TriggerDeadlift48h,
	"form-drift": synth.TriggerFormDrift,
	"none":       synth.TriggerNone,
}

func newDemoCmd(g *globalOptions) *cobra.Command {
	opts := &demoOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a synthetic athlete, import it into a fresh database and show the result",
		Long: `demo writes six months of a synthetic runner's watch files (FIT, with Strava-style
GPX copies of some runs) and pain log into DIR (default: a new temporary folder),
imports them and the pain log into DIR/backtrack.db, and writes her report to
DIR/report.html and DIR/report.md. It prints the report's opening (what her data
says), commands to try on her database, and, last, the report's path and a link to
open in a browser. It never touches your own database.

--trigger chooses what brings her pain on: deadlift (the default: runs that
start within 48 hours of deadlifts), form-drift (runs whose ground contact
time lengthens and balance shifts late in the run, whatever she lifted) or
none (pain that comes and goes in flare-ups, independent of everything), to
see what the report says in each case.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDemo(cmd.Context(), opts) },
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "folder for the demo's files and database (default: a new temporary folder)")
	cmd.Flags().StringVar(&opts.Trigger, "trigger", "deadlift", "what brings the synthetic athlete's pain on: deadlift, form-drift or none")
	return cmd
}

func runDemo(ctx context.Context, opts *demoOptions) error {
	trigger, ok := demoTriggers[opts.Trigger]
	if !ok {
		return usagef("--trigger %q: want deadlift, form-drift or none", opts.Trigger)
	}
	r, err := app.Demo(ctx, app.DemoOptions{Dir: opts.Dir, Trigger: trigger, Now: opts.Now, Warn: opts.warn, Note: opts.note,
		OnStep: func(step app.DemoStep, r *app.DemoResult) { printDemoStep(opts.globalOptions, step, r) }})
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(r.Dir)
	if err != nil {
		return err
	}
	db := filepath.Join(dir, "backtrack.db")
	htmlPath, mdPath := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.md")
	if _, err := renderReport(opts.globalOptions, htmlPath, r.Report, report.HTML); err != nil {
		return err
	}
	if _, err := renderReport(opts.globalOptions, mdPath, r.Report, report.Markdown); err != nil {
		return err
	}
	w := opts.Out
	fmt.Fprintln(w)
	if err := report.Headline(w, r.Report); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nTry it yourself on the demo's database:\n")
	for _, args := range [][]string{
		{"report"},
		{"report", "--out", "report.html"},
		{"pain", "list"},
		{"sessions", "list"},
	} {
		fmt.Fprintf(w, "  %s\n", opts.command(append([]string{"--db", db}, args...)...))
	}
	fmt.Fprintf(w, "\nThe whole report (what to try next, how each suspect was judged, the pain diary): %s\n", termSafe(mdPath))
	link := url.URL{Scheme: "file", Path: htmlPath}
	fmt.Fprintf(w, "With charts, to open in a browser: %s\n", termSafe(link.String()))
	return nil
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
