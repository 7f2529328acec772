package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/plural"
)

type analyzeOptions struct {
	*globalOptions
	All      bool
	JSON     bool
	Settings settingsFlags
}

func newAnalyzeCmd(g *globalOptions) *cobra.Command {
	opts := &analyzeOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "analyze",
		Short: "Compute every session's metrics (hills, cadence drift, strength exposure) and count them",
		Long: `analyze computes the metrics of every session that lacks them, or whose
definitions changed since (a new backtrack, 'backtrack config set'), stores them, and
prints counts: runs with hill metrics, hilly runs, runs with cadence drift, runs
after deadlifts. Imports and the sessions commands do this on their own; run it
after changing settings, or with --all to recompute everything.

A setting flag (--hilly-threshold 20) changes a definition for this run only: the
counts use it, the database keeps the configured one ('backtrack config').`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runAnalyze(cmd.Context(), opts) },
	}
	cmd.Flags().BoolVar(&opts.All, "all", false, "recompute every session, not only those out of date")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the counts as one JSON object")
	addSettingsFlags(cmd, &opts.Settings, false)
	return cmd
}

func runAnalyze(ctx context.Context, opts *analyzeOptions) error {
	overrides, err := opts.Settings.overrides()
	if err != nil {
		return err
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := a.UpdateMetrics(ctx, opts.All)
	if err != nil {
		return err
	}
	sum, err := a.Summary(ctx, overrides)
	if err != nil {
		return err
	}
	sum.Analysed, sum.Damaged, sum.DamagedRuns = u.Analysed, u.Damaged, u.DamagedRuns
	if opts.JSON {
		return writeJSON(opts.Out, sum)
	}
	printAnalyzeSummary(opts.Out, sum)
	return nil
}

func printAnalyzeSummary(w io.Writer, sum *app.AnalyzeSummary) {
	set, cfg := sum.Used, sum.Configured
	f := analysis.FormatSetting
	fmt.Fprintf(w, "analysed %d sessions (%d already up to date)\n", sum.Analysed, sum.Sessions-sum.Analysed-sum.Damaged)
	if sum.Damaged > 0 {
		fmt.Fprintf(w, "damaged: the samples of %s cannot be read (see the warnings and 'backtrack doctor'); ",
			plural.Of(sum.Damaged, "session", "sessions"))
		if sum.DamagedRuns > 0 {
			fmt.Fprintf(w, "%s lost %s hill and cadence metrics\n", plural.Of(sum.DamagedRuns, "run", "runs"),
				map[bool]string{true: "its", false: "their"}[sum.DamagedRuns == 1])
		} else {
			fmt.Fprintln(w, "the metrics stored before the damage are kept")
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "runs:\t%d\t(%d with hill metrics, %d with cadence drift)\n", sum.Runs, sum.RunsWithHills, sum.RunsWithDrift)
	fmt.Fprintf(tw, "  hilly:\t%d\tclimb ≥ %s m/km\n", sum.Hilly, f(set.HillyClimbMPerKm))
	fmt.Fprintf(tw, "  cadence_drift:\t%d\tcadence ≥ %s%% lower late in the run\n", sum.CadenceDrift, f(set.CadenceDriftPct))
	fmt.Fprintf(tw, "  deadlift_48h:\t%d\tdeadlifts 0–%s h before\n", sum.Deadlift48h, f(set.StrengthWindowH))
	fmt.Fprintf(tw, "  strength_48h:\t%d\tstrength training 0–%s h before\n", sum.Strength48h, f(set.StrengthWindowH))
	fmt.Fprintf(tw, "  deadlift_14d:\t%d\tdeadlifts 0–%s days before\n", sum.Deadlift14d, f(set.DeadliftWindowD))
	if sum.RunsWithForm > 0 || sum.RunsWithBalance > 0 {
		fmt.Fprintf(tw, "  form_drift:\t%d\tcontact time ≥ %s%% above its speed and grade's late in the run (of %d runs with running dynamics)\n",
			sum.FormDrift, f(set.FormDriftGCTPct), sum.RunsWithForm)
		fmt.Fprintf(tw, "  balance_shift:\t%d\tbalance ≥ %s farther from your usual late in the run (of %d runs with a balance)\n",
			sum.BalanceShift, analysis.PointsWords(set.BalanceShiftPts), sum.RunsWithBalance)
	}
	fmt.Fprintf(tw, "strength:\t%d\t(%d with deadlifts)\n", sum.StrengthSessions, sum.DeadliftSessions)
	tw.Flush()
	fmt.Fprintln(w, "settings:")
	for _, s := range set.List() {
		if s.ReportOnly {
			continue
		}
		fmt.Fprintf(w, "  %s = %s", s.Key, f(s.Value))
		if c, _ := cfg.Get(s.Key); c != s.Value {
			fmt.Fprintf(w, " (for this run only; configured: %s)", f(c))
		}
		fmt.Fprintln(w)
	}
}
