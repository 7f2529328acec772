package main

import (
	"context"
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

// BenchmarkImportFIT imports the same files into a fresh database each
// iteration: decode plus store, one writer. Compare its MB/s with
// BenchmarkDecodeFIT (design target: import ≥ 0.6 × decode).
func BenchmarkImportFIT(b *testing.B) {
	dir, size := benchExport()
	paths := fitOnly(b, dir)
	b.SetBytes(size)
	tmp := b.TempDir()
	i := 0
	for b.Loop() {
		i++
		db, err := store.Open(context.Background(), filepath.Join(tmp, "b"+string(rune('a'+i%26))+time.Now().Format("150405.000000")+".db"))
		if err != nil {
			b.Fatal(err)
		}
		sum, err := (&importers.Batch{Sink: storeSink{db: db}}).Run(context.Background(), paths)
		if err != nil || sum.Imported != len(paths) {
			b.Fatalf("import: %v, %d of %d", err, sum.Imported, len(paths))
		}
		db.Close()
	}
}

func (discardSink) ArchiveKnown(context.Context, string) (bool, error)       { return false, nil }
func (discardSink) ArchiveDone(context.Context, importers.ArchiveInfo) error { return nil }
