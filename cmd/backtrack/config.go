package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/store"
)

func newConfigCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show and tune the definitions the analysis uses (thresholds, windows)",
		Long: `The analysis's tunable definitions: when a run is hilly, how large a late cadence
drop counts as drift, how far back the strength exposures look, the elevation
hysteresis. They are stored in the database, so a report can always be reproduced;
a flag on analyze (and report) overrides one for that run only.

Keys:
` + settingsHelp(),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newConfigListCmd(g), newConfigGetCmd(g), newConfigSetCmd(g), newConfigUnsetCmd(g))
	return cmd
}

// settingsHelp lists the keys with their defaults, units and meanings.
func settingsHelp() string {
	var b strings.Builder
	for _, k := range analysis.SettingKeys() {
		fmt.Fprintf(&b, "  %-24s %s %s: %s\n", k.Key, analysis.FormatSetting(k.Default), k.Unit, k.Doc)
	}
	return b.String()
}

// loadSettings returns the configured settings: the defaults with the
// values stored by `config set` applied.
func loadSettings(ctx context.Context, db *store.DB) (analysis.Settings, error) {
	set := analysis.DefaultSettings()
	stored, err := db.Config(ctx)
	if err != nil {
		return set, err
	}
	for k, v := range stored {
		if err := set.Set(k, v); err != nil {
			return set, fmt.Errorf("setting in the database: %w (fix it with 'backtrack config set' or 'backtrack config unset')", err)
		}
	}
	return set, nil
}

// settingError turns an analysis setting error into a usage error (exit 2).
func settingError(err error) error {
	if errors.Is(err, analysis.ErrUnknownSetting) || errors.Is(err, analysis.ErrBadSetting) {
		return &usageError{err: err}
	}
	return err
}

// oneKey checks the single KEY argument.
func oneKey(args []string, want int, usage string) error {
	if len(args) != want {
		return usagef("expected %s, got %d arguments (keys: %s)", usage, len(args), keyNames())
	}
	if _, err := analysis.DefaultSettings().Get(args[0]); err != nil {
		return settingError(err)
	}
	return nil
}

func keyNames() string {
	var ks []string
	for _, k := range analysis.SettingKeys() {
		ks = append(ks, k.Key)
	}
	return strings.Join(ks, ", ")
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

// settingJSON is one element of `config list --json`.
type settingJSON struct {
	Key       string  `json:"key"`
	Value     float64 `json:"value"`
	Default   float64 `json:"default"`
	IsDefault bool    `json:"is_default"`
	Unit      string  `json:"unit"`
	Doc       string  `json:"doc"`
}

func runConfigList(ctx context.Context, opts *configListOptions) error {
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := loadSettings(ctx, db)
	if err != nil {
		return err
	}
	if opts.JSON {
		out := []settingJSON{}
		for _, s := range set.List() {
			out = append(out, settingJSON{Key: s.Key, Value: s.Value, Default: s.Default, IsDefault: s.IsDefault(), Unit: s.Unit, Doc: s.Doc})
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
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\t%s\n", s.Key, analysis.FormatSetting(s.Value), mark, analysis.FormatSetting(s.Default), s.Unit, s.Doc)
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
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := loadSettings(ctx, db)
	if err != nil {
		return err
	}
	v, err := set.Get(opts.Key)
	if err != nil {
		return settingError(err)
	}
	fmt.Fprintln(opts.Out, analysis.FormatSetting(v))
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
	set := analysis.DefaultSettings()
	if err := set.Set(opts.Key, opts.Value); err != nil {
		return settingError(err)
	}
	v, _ := set.Get(opts.Key)
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetConfig(ctx, opts.Key, analysis.FormatSetting(v)); err != nil {
		return err
	}
	info := settingInfo(opts.Key)
	fmt.Fprintf(opts.ErrOut, "%s = %s %s (default %s); metrics follow on the next analyze, sessions or report command\n",
		opts.Key, analysis.FormatSetting(v), info.Unit, analysis.FormatSetting(info.Default))
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
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.UnsetConfig(ctx, opts.Key); err != nil {
		return err
	}
	info := settingInfo(opts.Key)
	fmt.Fprintf(opts.ErrOut, "%s = %s %s (the default)\n", opts.Key, analysis.FormatSetting(info.Default), info.Unit)
	return nil
}

// settingInfo returns the description of a known key.
func settingInfo(key string) analysis.SettingInfo {
	for _, k := range analysis.SettingKeys() {
		if k.Key == key {
			return k
		}
	}
	return analysis.SettingInfo{Key: key}
}

// settingsFlags are the flags that override a setting for one command run
// (analyze, report). Register them with addSettingsFlags and read the
// settings with resolve.
type settingsFlags struct {
	values map[string]*string // setting key → flag value
	cmd    *cobra.Command
}

// settingFlagNames maps each setting key to its override flag.
var settingFlagNames = []struct{ key, flag string }{
	{analysis.KeyHillyClimb, "hilly-threshold"},
	{analysis.KeyCadenceDrift, "drift-threshold"},
	{analysis.KeyStrengthWindow, "strength-window"},
	{analysis.KeyDeadliftWindow, "deadlift-window"},
	{analysis.KeyHysteresis, "hysteresis"},
}

// addSettingsFlags registers one flag per setting on cmd
// (--hilly-threshold, --drift-threshold, --strength-window,
// --deadlift-window, --hysteresis), each overriding the configured value
// for this run only.
func addSettingsFlags(cmd *cobra.Command, o *settingsFlags) {
	o.cmd = cmd
	o.values = map[string]*string{}
	for _, f := range settingFlagNames {
		info := settingInfo(f.key)
		v := new(string)
		o.values[f.key] = v
		cmd.Flags().StringVar(v, f.flag, "", fmt.Sprintf("for this run only, %s (%s, %s; default: 'backtrack config get %s')",
			info.Doc, f.key, info.Unit, f.key))
	}
}

// check reports the first flag given with a bad value (a usage error naming
// the flag), before any database is opened.
func (o *settingsFlags) check() error {
	_, err := o.apply(analysis.DefaultSettings())
	return err
}

// resolve returns the configured settings (see loadSettings) with the flags
// given on the command line applied. A bad flag value is a usage error
// naming the flag.
func (o *settingsFlags) resolve(ctx context.Context, db *store.DB) (analysis.Settings, error) {
	set, err := loadSettings(ctx, db)
	if err != nil {
		return set, err
	}
	return o.apply(set)
}

// apply sets the flags given on the command line over set.
func (o *settingsFlags) apply(set analysis.Settings) (analysis.Settings, error) {
	for _, f := range settingFlagNames {
		if o.cmd == nil || !o.cmd.Flags().Changed(f.flag) {
			continue
		}
		if err := set.Set(f.key, *o.values[f.key]); err != nil {
			return set, usagef("--%s: %v", f.flag, err)
		}
	}
	return set, nil
}
