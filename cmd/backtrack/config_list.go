package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
)

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
