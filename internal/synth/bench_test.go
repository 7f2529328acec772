package synth

import (
	"slices"
	"testing"
	"time"
)

func BenchmarkGenerate(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Generate(Config{Seed: int64(i)})
	}
}

func BenchmarkGenerateSummaries(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		GenerateSummaries(Config{Seed: int64(i)})
	}
}

func BenchmarkWriteExport(b *testing.B) {
	a := Generate(Config{Seed: 1})
	dir := b.TempDir()
	var bytes int64
	for b.Loop() {
		m, err := a.WriteExport(dir)
		if err != nil {
			b.Fatal(err)
		}
		bytes = int64(len(m.Files))
	}
	_ = bytes
}

// TestSpeed holds the budgets the brief sets: six months in under 2 s with
// samples, under 5 ms per athlete for summaries. Skipped under -short and
// -race, whose timings mean nothing.
func TestSpeed(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing budget: skipped under -short and -race")
	}
	start := time.Now()
	Generate(Config{Seed: 1})
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Generate took %v for six months, budget 2 s", d)
	}
	var ds []time.Duration
	for seed := int64(0); seed < 21; seed++ {
		start := time.Now()
		GenerateSummaries(Config{Seed: seed})
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	if med := ds[len(ds)/2]; med > 5*time.Millisecond {
		t.Errorf("GenerateSummaries median %v per athlete, budget 5 ms", med)
	}
}
