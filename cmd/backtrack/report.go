package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/report"
)

type reportOptions struct {
	*globalOptions
	Format       string
	OutFile      string
	Since, Until string
	Settings     settingsFlags
}

func newReportCmd(g *globalOptions) *cobra.Command {
	opts := &reportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Report which training exposures go with your pain, and how sure that is",
		Long: `report judges whether deadlifts and strength work before a run, hilly runs, cadence
sagging late in a run, long runs, jumps in weekly distance and deadlift volume go with
the pain in your diary, and gives each one verdict: likely, possible, no sign or not
enough data, with the counts behind it in plain words. Pain comes in episodes, so the
evidence is when new episodes begin, compared only within the same weeks and pain
history (an exact time-stratified test); a suspect is likely only when it still stands
out with the others taken into account (Firth logistic regression), and q-values allow
for the number of suspects. Runs with nothing logged count as pain-free, inside the
diary period (diary_start, else your first to your last entry).

Markdown goes to stdout unless --out names a file (written whole, mode 0600;
--out - is stdout; a device or pipe such as /dev/null is written in place). --format html
writes one self-contained page with charts; --format json the same result for
programs (schema backtrack.report/v2; missing numbers are null).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runReport(cmd.Context(), opts) },
	}
	cmd.Flags().StringVar(&opts.Format, "format", "md", "md, html or json")
	cmd.Flags().StringVar(&opts.OutFile, "out", "", "write the report to this file instead of stdout (- is stdout)")
	cmd.Flags().StringVar(&opts.Since, "since", "", "first local date to include, YYYY-MM-DD")
	cmd.Flags().StringVar(&opts.Until, "until", "", "last local date to include, YYYY-MM-DD")
	addSettingsFlags(cmd, &opts.Settings, true)
	return cmd
}

func runReport(ctx context.Context, opts *reportOptions) error {
	render, ok := report.Renderer(opts.Format)
	if !ok {
		return usagef("--format %q: want md, html or json", opts.Format)
	}
	for _, d := range []struct{ flag, v string }{{"since", opts.Since}, {"until", opts.Until}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return usagef("--%s %q: want a date YYYY-MM-DD", d.flag, d.v)
		}
	}
	if opts.Since != "" && opts.Until != "" && opts.Since > opts.Until {
		return usagef("--since %s is after --until %s", opts.Since, opts.Until)
	}
	overrides, err := opts.Settings.overrides()
	if err != nil {
		return err
	}
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := a.Report(ctx, app.ReportQuery{Since: opts.Since, Until: opts.Until, Overrides: overrides})
	if err != nil {
		return err
	}
	return writeReport(opts.globalOptions, opts.OutFile, rep, render)
}

// writeReport renders rep to path (see writeOut: "" and "-" are standard
// output; a file is replaced whole, mode 0600).
func writeReport(g *globalOptions, path string, rep *analysis.Report, render func(io.Writer, *analysis.Report) error) error {
	_, err := g.writeOut(path, func(w io.Writer) error {
		if err := render(w, rep); err != nil {
			return fmt.Errorf("render report: %w", err)
		}
		return nil
	})
	if err != nil && path != "" && path != "-" {
		return fmt.Errorf("write report: %w", err)
	}
	return err
}
