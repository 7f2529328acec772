package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/backtrack/backtrack/importers"
	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// benchExport writes the synthetic athlete's export once per test binary and
// returns its folder and total FIT bytes.
var benchExport = sync.OnceValues(func() (string, int64) {
	dir, err := os.MkdirTemp("", "backtrack-bench-")
	if err != nil {
		panic(err)
	}
	zone, _ := time.LoadLocation("Europe/London")
	a := synth.Generate(synth.Config{Seed: 3, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Months: 6, Zone: zone})
	if _, err := a.WriteExport(dir); err != nil {
		panic(err)
	}
	var n int64
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() && filepath.Ext(p) == ".fit" {
			n += info.Size()
		}
		return nil
	})
	return dir, n
})

// fitOnly lists the export's FIT files (the benchmarks compare FIT decoding).
func fitOnly(b *testing.B, dir string) []string {
	paths, err := filepath.Glob(filepath.Join(dir, "*.fit"))
	if err != nil || len(paths) == 0 {
		b.Fatalf("no FIT files in %s: %v", dir, err)
	}
	return paths
}

// discardSink decodes but stores nothing: the decode-only baseline.
type discardSink struct{}

func (discardSink) Known(context.Context, string) (bool, string, error) { return false, "", nil }
func (discardSink) Store(_ context.Context, _ model.Source, s []model.Session) (int, int, bool, error) {
	return len(s), 0, false, nil
}
func (discardSink) Skipped(context.Context, string, string, string) error { return nil }

// BenchmarkDecodeFIT runs the import pipeline (walk, hash, decode in
// parallel workers) over the synthetic export's FIT files without storing.
func BenchmarkDecodeFIT(b *testing.B) {
	dir, size := benchExport()
	paths := fitOnly(b, dir)
	b.SetBytes(size)
	for b.Loop() {
		sum, err := (&importers.Batch{Sink: discardSink{}}).Run(context.Background(), paths)
		if err != nil || sum.Imported != len(paths) {
			b.Fatalf("decode: %v, %d of %d", err, sum.Imported, len(paths))
		}
	}
}

// BenchmarkImportFIT imports the same files into an empty database each
// iteration: open, decode plus store (one writer), close. Compare its MB/s
// with BenchmarkDecodeFIT (docs/README.md: import ≥ 0.6 × decode). The
// database is a copy of one created beforehand, untimed: a database is
// created once in its life (the schema's migrations), imported into many
// times. BenchmarkImportFITNewDB times the creation too.
func BenchmarkImportFIT(b *testing.B) {
	benchImportFIT(b, false)
}

// BenchmarkImportFITNewDB is BenchmarkImportFIT creating each database
// (schema and all) inside the timed import.
func BenchmarkImportFITNewDB(b *testing.B) {
	benchImportFIT(b, true)
}

func benchImportFIT(b *testing.B, create bool) {
	dir, size := benchExport()
	paths := fitOnly(b, dir)
	ctx := context.Background()
	tmp := b.TempDir()
	template := filepath.Join(tmp, "template.db")
	db, err := store.Open(ctx, template)
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.SetBytes(size)
	i := 0
	for b.Loop() {
		i++
		path := filepath.Join(tmp, fmt.Sprintf("import%d.db", i))
		if !create {
			b.StopTimer()
			copyFile(b, template, path)
			b.StartTimer()
		}
		db, err := store.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		sink := newStoreSink(db)
		sum, err := (&importers.Batch{Sink: sink}).Run(ctx, paths)
		if cerr := sink.Close(); err == nil {
			err = cerr
		}
		if err != nil || sum.Imported != len(paths) {
			b.Fatalf("import: %v, %d of %d", err, sum.Imported, len(paths))
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// copyFile copies a closed database file (0600, as the store keeps it).
func copyFile(b *testing.B, from, to string) {
	data, err := os.ReadFile(from)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		b.Fatal(err)
	}
}

func (discardSink) ArchiveKnown(context.Context, string) (bool, error)       { return false, nil }
func (discardSink) ArchiveDone(context.Context, importers.ArchiveInfo) error { return nil }
