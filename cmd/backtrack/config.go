package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
)

func newConfigCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show and tune the definitions the analysis uses (thresholds, windows)",
		Long: `The analysis's tunable definitions: when a run is hilly, how large a late cadence
drop counts as drift, how far back the strength exposures look, the elevation
hysteresis, how pain days group into episodes, when the pain diary began. They are
stored in the database, so a report can always be reproduced;
a flag on analyze (and report) overrides one for that run only.

Keys:
` + settingsHelp(),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newConfigListCmd(g), newConfigGetCmd(g), newConfigSetCmd(g), newConfigUnsetCmd(g))
	return cmd
}

type configListOptions struct {
	*globalOptions
	JSON bool
}

func newConfigListCmd(g *globalOptions) *cobra.Command {
	opts := &configListOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every setting with its value and default",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return runConfigList(cmd.Context(), opts) },
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array")
	return cmd
}

func runConfigList(ctx context.Context, opts *configListOptions) error {
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := a.Settings(ctx)
	if err != nil {
		return err
	}
	words, err := a.ImportSettings(ctx)
	if err != nil {
		return err
	}
	if opts.JSON {
		// The analysis's numbers, then the import settings, whose value
		// and default are words.
		out := []any{}
		for _, v := range app.SettingValues(set) {
			out = append(out, v)
		}
		for _, w := range words {
			out = append(out, w)
		}
		return writeJSON(opts.Out, out)
	}
	tw := tabwriter.NewWriter(opts.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY\tVALUE\tDEFAULT\tUNIT\tMEANING")
	for _, s := range set.List() {
		mark := ""
		if !s.IsDefault() {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\n", s.Key, s.ValueText(), mark, s.DefaultText(), s.Unit, s.Doc)
	}
	for _, w := range words {
		mark := ""
		if !w.IsDefault {
			mark = " *"
		}
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\n", w.Key, orDash(w.Value), mark, orDash(w.Default), "", w.Doc)
	}
	return tw.Flush()
}

type configKeyOptions struct {
	*globalOptions
	Key, Value string
}

func newConfigGetCmd(g *globalOptions) *cobra.Command {
	opts := &configKeyOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "get KEY",
		Short: "Print one setting's value",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneKey(args, 1, "one KEY"); err != nil {
				return err
			}
			opts.Key = args[0]
			return runConfigGet(cmd.Context(), opts)
		},
	}
}

func runConfigGet(ctx context.Context, opts *configKeyOptions) error {
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if app.IsImportSetting(opts.Key) {
		v, err := a.ImportSettingValue(ctx, opts.Key)
		if err != nil {
			return settingError(err)
		}
		fmt.Fprintln(opts.Out, v)
		return nil
	}
	v, err := a.SettingText(ctx, opts.Key)
	if err != nil {
		return settingError(err)
	}
	if v == "" {
		v = "none"
	}
	fmt.Fprintln(opts.Out, v)
	return nil
}

func newConfigSetCmd(g *globalOptions) *cobra.Command {
	opts := &configKeyOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Set one setting (stored in the database)",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneKey(args, 2, "KEY VALUE"); err != nil {
				return err
			}
			opts.Key, opts.Value = args[0], args[1]
			return runConfigSet(cmd.Context(), opts)
		},
	}
}

func runConfigSet(ctx context.Context, opts *configKeyOptions) error {
	if app.IsImportSetting(opts.Key) {
		return runConfigSetWord(ctx, opts)
	}
	if _, err := app.ParseSetting(opts.Key, opts.Value); err != nil {
		return settingError(err)
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := a.SetSetting(ctx, opts.Key, opts.Value)
	if err != nil {
		return settingError(err)
	}
	info := settingInfo(opts.Key)
	switch {
	case info.Date:
		fmt.Fprintf(opts.ErrOut, "%s = %s (default none: from the first to the last entry); the next report uses it\n", opts.Key, opts.Value)
	case info.ReportOnly:
		fmt.Fprintf(opts.ErrOut, "%s = %s %s (default %s); the next report uses it\n",
			opts.Key, analysis.FormatSetting(v), info.Unit, analysis.FormatSetting(info.Default))
	default:
		fmt.Fprintf(opts.ErrOut, "%s = %s %s (default %s); metrics follow on the next analyze, sessions or report command\n",
			opts.Key, analysis.FormatSetting(v), info.Unit, analysis.FormatSetting(info.Default))
	}
	return nil
}

func newConfigUnsetCmd(g *globalOptions) *cobra.Command {
	opts := &configKeyOptions{globalOptions: g}
	return &cobra.Command{
		Use:   "unset KEY",
		Short: "Forget one setting: its default applies again",
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := oneKey(args, 1, "one KEY"); err != nil {
				return err
			}
			opts.Key = args[0]
			return runConfigUnset(cmd.Context(), opts)
		},
	}
}

func runConfigUnset(ctx context.Context, opts *configKeyOptions) error {
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := a.UnsetSetting(ctx, opts.Key); err != nil {
		return settingError(err)
	}
	if app.IsImportSetting(opts.Key) {
		fmt.Fprintf(opts.ErrOut, "%s unset: %s\n", opts.Key, map[string]string{
			app.KeyLiftWeightUnit: "kg where an export does not say",
			app.KeyTZ:             "the offsets your watch recorded nearby, else the machine's zone, for files without an offset",
		}[opts.Key])
		return nil
	}
	info := settingInfo(opts.Key)
	if info.Date {
		fmt.Fprintf(opts.ErrOut, "%s = none (the default: from the first to the last entry)\n", opts.Key)
		return nil
	}
	fmt.Fprintf(opts.ErrOut, "%s = %s %s (the default)\n", opts.Key, analysis.FormatSetting(info.Default), info.Unit)
	return nil
}
