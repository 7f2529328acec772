package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/plural"
	"github.com/backtrack/backtrack/store"
)

type doctorOptions struct {
	*globalOptions
	JSON bool
}

func newDoctorCmd(g *globalOptions) *cobra.Command {
	opts := &doctorOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database: damage, schema version, partly imported files, privacy",
		Long: `doctor checks the database and says what it found, one line per check starting
with "ok:", "warning:" or "problem:", then a verdict:

  integrity    SQLite's integrity and foreign-key checks
  schema       the database's schema version against the one this backtrack writes
  sources      files that were only partly imported (damaged; their good records were kept)
  permissions  the database and its -wal and -shm files are readable by you alone
               (mode 0600); one that is not is made so, as every command does
  folder       the folder holding them is not open to other users (mode 0700)
  contents     how many imported files, sessions and pain events it holds

doctor never creates, upgrades or writes to the database. Exit status 0 when every
check is ok or a warning (partly imported files are expected salvage; a file that
doctor made private is a warning); 1 for a problem: damage, a database made by a
newer backtrack, a file that could not be made private, or no database at all.

--json prints one object: {"db", "checks": [{"name", "status", "detail", "items"}],
"ok"}, where status is ok, warning or problem and items (when present) lists the
partly imported files, the damage found or the files made private.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDoctor(cmd.Context(), opts) },
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the checks as one JSON object")
	return cmd
}

func runDoctor(ctx context.Context, opts *doctorOptions) error {
	path, err := opts.dbPath()
	if err != nil {
		return err
	}
	rep, err := app.Doctor(ctx, path)
	if errors.Is(err, store.ErrNoDatabase) {
		return fmt.Errorf("no database at %s (import something first)", path)
	}
	if err != nil {
		return err
	}
	if opts.JSON {
		if err := writeJSON(opts.Out, rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(opts.Out, "database: %s\n", termSafe(rep.DB))
		for _, c := range rep.Checks {
			fmt.Fprintf(opts.Out, "%s: %s\n", c.Status, termSafe(c.Detail))
			for _, it := range c.Items {
				fmt.Fprintf(opts.Out, "  - %s\n", termSafe(it))
			}
		}
		switch {
		case rep.Problems > 0:
			fmt.Fprintf(opts.Out, "verdict: %s (see above)\n", plural.Of(rep.Problems, "problem", "problems"))
		case rep.Warnings > 0:
			fmt.Fprintf(opts.Out, "verdict: healthy, with %s (see above)\n", plural.Of(rep.Warnings, "warning", "warnings"))
		default:
			fmt.Fprintln(opts.Out, "verdict: healthy")
		}
	}
	if rep.Problems > 0 {
		return fmt.Errorf("doctor found %s in %s", plural.Of(rep.Problems, "problem", "problems"), rep.DB)
	}
	return nil
}
