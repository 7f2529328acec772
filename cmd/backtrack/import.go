package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/importers"
)

type importOptions struct {
	*globalOptions
	Paths      []string
	JSON       bool
	Quiet      bool
	Workers    int
	MaxMemory  string
	WeightUnit string
}

func newImportCmd(g *globalOptions) *cobra.Command {
	opts := &importOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "import PATH...",
		Short: "Import watch files, folders and exports into the database",
		Long: `Import FIT, GPX and TCX files, Garmin and Strava exports (zip or folder), the
CSV exports of the lifting apps Strong, Hevy and FitNotes, and folders of any of them
(recursively). Importing the same file again is a no-op. One bad file never stops the
batch: it is named at the end, with the reason.

Lifting exports: every layout Strong (2016 to 2025: comma or ';', with or without
Duration, Notes, RPE, Weight Unit, the quoted "Workout #" layout), Hevy (kg or lbs,
km or miles) and FitNotes (Weight (kgs), Weight (lbs) or Weight + Weight Unit, with
or without Comment) have exported. Weights are stored in kg: the unit is the one the
export names (a Weight Unit column, Weight (kg), weight_lbs, …), else --weight-unit,
else the lift_weight_unit setting, else kg; the output says which, per file. An
export imported before whose unit was assumed (not named by the export) is read
again when imported under another unit, and its sets replaced ("re-read"). Runs,
rides, rows and other cardio logged in the app become sessions of their sport, never
strength sets.

Files without a local offset (lifting CSVs, some GPX) are placed in --tz, else $TZ,
else the tz setting, else at the offsets your watch recorded nearby, else in the
machine's zone; the output says which.

Exit status: 0 when every file was imported, already there, or skipped for a reason
(not an activity, unknown format); 3 when any file failed or was only partly
salvaged (all good files are still imported); 1 on a fatal error or a path that does
not exist (nothing is imported then); 2 on bad usage.`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("import needs at least one file or folder")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			return runImport(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the summary as one JSON object")
	cmd.Flags().BoolVarP(&opts.Quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().IntVar(&opts.Workers, "workers", runtime.NumCPU(), "decoding workers")
	cmd.Flags().StringVar(&opts.MaxMemory, "max-memory", "512MiB", "the memory the import may use, e.g. 300MB or 2GB (at least 128MiB); large files then decode fewer at a time")
	cmd.Flags().StringVar(&opts.WeightUnit, "weight-unit", "", "kg or lb: the unit of a lifting export's weights when the export does not say (default: the lift_weight_unit setting, else kg)")
	return cmd
}

func runImport(ctx context.Context, opts *importOptions) error {
	loc, err := opts.namedLocation()
	if err != nil {
		return err
	}
	if opts.Workers < 1 {
		return usagef("--workers must be at least 1")
	}
	maxMem, err := parseBytes(opts.MaxMemory)
	if err != nil || maxMem < importers.MinMaxMemory {
		return usagef("--max-memory %q: want a size of at least 128MiB, like 512MB or 2GB", opts.MaxMemory)
	}
	unit := ""
	if opts.WeightUnit != "" {
		if unit, err = app.ParseImportSetting(app.KeyLiftWeightUnit, opts.WeightUnit); err != nil {
			return usagef("--weight-unit %q: use kg or lb", opts.WeightUnit)
		}
	}
	// A mistyped path fails before anything is opened or created.
	if err := app.CheckPaths(opts.Paths); err != nil {
		return err
	}
	a, db, err := opts.openApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	def, err := a.ImportDefaults(ctx, loc, unit)
	if err != nil {
		return err
	}

	iopts := app.ImportOptions{Paths: opts.Paths, Workers: opts.Workers, Location: def.Location, MaxMemory: maxMem,
		LocationGuessed: def.Guessed, WeightUnit: def.WeightUnit, WeightUnitFrom: def.WeightUnitFrom,
		WeightUnitOrigin: def.WeightUnitOrigin}
	if !opts.Quiet && opts.StderrIsTerminal() {
		bar := newImportBar(opts.ErrOut)
		iopts.OnProgress = func(p importers.Progress) {
			if p.TotalBytes > 0 && bar.GetMax64() != p.TotalBytes {
				bar.ChangeMax64(p.TotalBytes)
			}
			_ = bar.Set64(p.Bytes)
			bar.Describe(fmt.Sprintf("%d files", p.Files))
		}
		iopts.OnStored = func(*importers.Summary, error) {
			_ = bar.Finish()
			fmt.Fprintln(opts.ErrOut)
		}
	}
	res, runErr := a.Import(ctx, iopts)
	if res != nil {
		sum := res.Summary
		if opts.JSON {
			if err := writeJSON(opts.Out, sum); err != nil {
				return err
			}
		} else if !opts.Quiet {
			printImportSummary(opts.Out, sum, res.Took)
			if res.Analysed {
				fmt.Fprintf(opts.Out, "  analysed:   %d sessions (metrics), %d runs' exposures\n", res.Metrics.Analysed, res.Metrics.Exposures)
			}
		} else {
			printImportProblems(opts.ErrOut, sum)
		}
	}
	if runErr != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("import interrupted: every file finished before the interruption is stored; run the same import again to continue")
		}
		return runErr
	}
	if res.Summary.Incomplete() {
		return &partialError{msg: fmt.Sprintf("%d file(s) failed and %d only partly imported; everything else was imported", len(res.Summary.Failed), len(res.Summary.Partial))}
	}
	return nil
}

func newImportBar(w io.Writer) *progressbar.ProgressBar {
	return progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetDescription("importing"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionFullWidth(),
	)
}
