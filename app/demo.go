package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

// DemoStart is the synthetic athlete's first day: fixed, so that the demo
// is the same on every machine and every day.
var DemoStart = time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)

// DemoZone names the synthetic athlete's time zone.
const DemoZone = "Europe/London"

// DemoOptions say where the demo goes and whom it tells.
type DemoOptions struct {
	// Dir is the folder for the demo's files and database; "" makes a new
	// temporary folder. It must not hold a database yet.
	Dir string
	// Now, Warn and Note are as in App.
	Now        func() time.Time
	Warn, Note func(msg string)
	// OnStep, if set, is called after each step with the result so far.
	OnStep func(DemoStep, *DemoResult)
	// Trigger is the synthetic athlete's planted pain trigger
	// (synth.Config.Trigger): "" keeps the demo's, deadlifts in the 48 h
	// before a run; synth.TriggerFormDrift plants late form drift.
	Trigger string
}

// DemoStep names a step of the demo.
type DemoStep int

// The steps of the demo, in order.
const (
	// DemoWrote: the athlete's files are written (DemoResult.Export).
	DemoWrote DemoStep = iota
	// DemoImported: they are imported (DemoResult.Import).
	DemoImported
	// DemoAnalysed: the metrics are up to date (DemoResult.Metrics); this
	// step is left out when they could not be brought up to date (a
	// warning said why).
	DemoAnalysed
	// DemoLogged: the pain log is imported (DemoResult.PainAdded).
	DemoLogged
)

// DemoResult is what the demo made.
type DemoResult struct {
	// Dir is the demo's folder; DB the database in it; ExportDir the folder
	// of the athlete's files.
	Dir, DB, ExportDir string
	// Export lists and counts the files written.
	Export synth.Manifest
	// Import is the import's summary; Metrics what bringing the metrics up
	// to date did.
	Import  *importers.Summary
	Metrics MetricsUpdate
	// PainAdded counts the pain events logged.
	PainAdded int
	// Report is the report over everything.
	Report *analysis.Report
}

// Demo builds a synthetic athlete (six months of a runner's watch files,
// FIT with Strava-style GPX copies of some runs, and her pain log), writes
// her files into a fresh folder, imports them and the pain log into a new
// database there, and builds the report. It never touches another
// database. The caller renders the report.
func Demo(ctx context.Context, opts DemoOptions) (*DemoResult, error) {
	r := &DemoResult{Dir: opts.Dir}
	if r.Dir == "" {
		d, err := os.MkdirTemp("", "backtrack-demo-")
		if err != nil {
			return nil, err
		}
		r.Dir = d
	}
	step := func(s DemoStep) {
		if opts.OnStep != nil {
			opts.OnStep(s, r)
		}
	}
	r.DB = filepath.Join(r.Dir, "backtrack.db")
	if _, err := os.Stat(r.DB); err == nil {
		return nil, fmt.Errorf("%s already exists: the demo builds a fresh database; pick another --dir or remove it", r.DB)
	}
	zone, err := time.LoadLocation(DemoZone)
	if err != nil {
		return nil, fmt.Errorf("load the demo's time zone: %w", err)
	}
	athlete := synth.Generate(synth.Config{Seed: 1, Start: DemoStart, Months: 6, Zone: zone, Trigger: opts.Trigger})
	r.ExportDir = filepath.Join(r.Dir, "export")
	if r.Export, err = athlete.WriteExport(r.ExportDir); err != nil {
		return nil, fmt.Errorf("write the demo files: %w", err)
	}
	step(DemoWrote)

	db, err := store.Open(ctx, r.DB)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	a := &App{DB: db, Now: opts.Now, Warn: opts.Warn, Note: opts.Note}
	res, err := a.Import(ctx, ImportOptions{Paths: []string{r.ExportDir}, Location: zone,
		OnStored: func(sum *importers.Summary, err error) {
			if err == nil {
				r.Import = sum
				step(DemoImported)
			}
		}})
	if err != nil {
		return nil, err
	}
	if res.Analysed {
		r.Metrics = res.Metrics
		step(DemoAnalysed)
	}
	painFile := filepath.Join(r.ExportDir, "pain.csv")
	f, err := os.Open(painFile)
	if err != nil {
		return nil, fmt.Errorf("read the demo's pain log: %w", err)
	}
	events, err := painlog.ReadCSV(f, zone.String(), a.now())
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", painFile, err)
	}
	if r.PainAdded, _, err = db.ImportPain(ctx, events); err != nil {
		return nil, err
	}
	step(DemoLogged)
	if r.Report, err = a.Report(ctx, ReportQuery{}); err != nil {
		return nil, err
	}
	return r, nil
}
