package main

import (
	"context"
	"fmt"

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
