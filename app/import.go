package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/model"
)

// ImportOptions say what to import and how.
type ImportOptions struct {
	// Paths are the files and folders to import (folders recursively).
	Paths []string
	// Workers is how many files decode at once; 0 means the importers'
	// default.
	Workers int
	// MaxMemory is the memory, in bytes, the import may use: files decode
	// only as their estimated cost fits (importers.Batch.MaxMemory), and
	// the Go runtime is held to it (runtime/debug.SetMemoryLimit) while
	// the import runs. 0 means importers.DefaultMaxMemory.
	MaxMemory int64
	// Location is the zone of times that carry no offset; nil leaves the
	// importers' default. LocationGuessed says it is only the machine's
	// zone (see ImportDefaults).
	Location        *time.Location
	LocationGuessed bool
	// WeightUnit ("kg" or "lb") is the unit of a lifting export's weights
	// where the export does not say, and WeightUnitFrom where that came
	// from; "" leaves kg. WeightUnitOrigin is where it came from
	// (model.UnitFlag, the default, or model.UnitSetting): kept with each
	// export read in it. A known export whose weights were read in another
	// assumed unit is read again (see importers.Rereader).
	WeightUnit, WeightUnitFrom string
	WeightUnitOrigin           model.UnitOrigin
	// OnProgress, if set, is called after each file (see importers.Batch).
	OnProgress func(importers.Progress)
	// OnStored, if set, is called once the batch has ended, with its
	// summary (nil when it could not start) and error, after its files are
	// stored and before the metrics are brought up to date: a progress bar
	// ends there.
	OnStored func(*importers.Summary, error)
}

// ImportResult is what an import did.
type ImportResult struct {
	// Summary counts and lists the files.
	Summary *importers.Summary
	// Took is how long reading and storing the files took (by App.Now),
	// the metrics after them not included.
	Took time.Duration
	// Analysed reports whether the metrics were brought up to date; when
	// they could not be, the import stands and a warning said why.
	Analysed bool
	// Metrics is what bringing them up to date did: Analysed counts the
	// sessions whose metrics were stored, those computed while decoding
	// included.
	Metrics MetricsUpdate
}

// Import imports the files and folders opts names, storing each file whole
// (one bad file never stops the batch: see importers.Batch), computes the
// new sessions' metrics while decoding, then stores them and brings every
// other metric and every run's exposures up to date (see UpdateMetrics). A
// failure of that last step does not undo the import: it is a warning.
//
// It returns a result whenever the batch ran (a summary), with the batch's
// error, if any: an interrupted import (ctx cancelled) keeps every file
// stored before the interruption.
func (a *App) Import(ctx context.Context, opts ImportOptions) (*ImportResult, error) {
	maxMem := max(cmp.Or(opts.MaxMemory, importers.DefaultMaxMemory), importers.MinMaxMemory)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(maxMem))
	sink := newMetricsSink(ctx, a) // stores, and computes metrics in the decoding workers
	batch := &importers.Batch{Sink: sink, Workers: opts.Workers, OnProgress: opts.OnProgress, MaxMemory: maxMem}
	if opts.Location != nil {
		if opts.LocationGuessed {
			batch.Options = append(batch.Options, importers.WithGuessedLocation(opts.Location))
		} else {
			batch.Options = append(batch.Options, importers.WithLocation(opts.Location))
		}
	}
	if opts.WeightUnit != "" {
		batch.Options = append(batch.Options, importers.WithWeightUnit(opts.WeightUnit, opts.WeightUnitFrom),
			importers.WithWeightUnitOrigin(opts.WeightUnitOrigin))
	}
	start := a.now()
	sum, err := batch.Run(ctx, opts.Paths)
	if cerr := sink.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("import stopped: %w", cerr)
	}
	sink.unsaved(sum)
	if opts.OnStored != nil {
		opts.OnStored(sum, err)
	}
	if sum == nil {
		return nil, err
	}
	res := &ImportResult{Summary: sum, Took: a.now().Sub(start)}
	if err != nil || ctx.Err() != nil {
		return res, err
	}
	// The metrics computed while decoding, then everything else out of
	// date: sessions merged during the import, anything older, and every
	// run's exposures.
	ms := sink.computed()
	err = a.DB.PutMetrics(ctx, ms)
	var u MetricsUpdate
	if err == nil {
		u, err = a.UpdateMetrics(ctx, false)
	}
	if err != nil {
		a.warnMetrics(err)
		return res, nil
	}
	res.Analysed = true
	res.Metrics = MetricsUpdate{Analysed: len(ms) + u.Analysed, Exposures: u.Exposures}
	return res, nil
}

// ErrNoSuchPath is returned (wrapped, naming the path) by CheckPaths for a
// path that does not exist.
var ErrNoSuchPath = errors.New("no such file or folder")

// CheckPaths reports the first of paths that does not exist (a mistyped
// path), as an error wrapping ErrNoSuchPath, so that an import fails before
// it opens, or creates, a database. Paths that exist but cannot be read are
// left to the import, which names them.
func CheckPaths(paths []string) error {
	for _, p := range paths {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s", ErrNoSuchPath, p)
		}
	}
	return nil
}
