package synth

import "testing"

// BenchmarkGenerate generates six months of the athlete with 1 Hz samples;
// the budget is under 2 s an athlete.
func BenchmarkGenerate(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		Generate(Config{Seed: int64(i)})
	}
}

// BenchmarkGenerateSummaries generates six months of the athlete without
// samples; the budget is under 5 ms an athlete. (A test used to assert it
// and failed about one run in four on a busy 2-core machine: a budget is a
// benchmark's to measure, not a test's to assert.)
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
