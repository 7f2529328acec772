package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/backtrack/backtrack/model"
)

// encodedSize returns the bytes of sample BLOBs that s stores.
func encodedSize(tb testing.TB, s *model.Samples) int64 {
	var enc sampleEncoder
	_, blobs, err := enc.encode(s)
	if err != nil {
		tb.Fatal(err)
	}
	var n int64
	for _, b := range blobs {
		n += int64(len(b))
	}
	return n
}

// BenchmarkImportSource imports 20 source files per iteration, each holding
// one run of 5,000 samples, one transaction per file as an import does. The
// MB/s figure counts the sample BLOB bytes written.
func BenchmarkImportSource(b *testing.B) {
	benchImport(b, 20, 5000)
}

// BenchmarkImportSourceLong imports one 100,000-sample session per iteration.
func BenchmarkImportSourceLong(b *testing.B) {
	benchImport(b, 1, 100_000)
}

func benchImport(b *testing.B, files, samples int) {
	db := openTest(b)
	ctx := context.Background()
	run := fullRun(b)
	run.Samples = makeSamples(samples)
	b.SetBytes(int64(files) * encodedSize(b, &run.Samples))
	sessions := []model.Session{run}
	start := run.Start
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for f := 0; f < files; f++ {
			// Each run starts an hour after the last: the same start would
			// make it another recording of one activity, merged, not stored.
			sessions[0].Start = start.Add(time.Duration(i*files+f) * time.Hour)
			src := testSource(fmt.Sprintf("%d/%d", i, f))
			out, err := db.ImportSource(ctx, src, sessions)
			if err != nil {
				b.Fatal(err)
			}
			if out.Duplicate || len(out.SessionIDs) != 1 {
				b.Fatalf("%s: %+v, want one new session", src.Path, out)
			}
		}
	}
	b.ReportMetric(float64(b.N*files)/b.Elapsed().Seconds(), "sessions/s")
	b.ReportMetric(float64(b.N*files*samples)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkForEachSession reads 200 runs of 5,000 samples each back with
// their samples, as an analysis over years of data does.
func BenchmarkForEachSession(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	run := fullRun(b)
	run.Samples = makeSamples(5000)
	const n = 200
	for i := 0; i < n; i++ {
		run.Start = run.Start.Add(24 * time.Hour)
		importOne(b, db, testSource(fmt.Sprint(i)), run)
	}
	b.SetBytes(n * encodedSize(b, &run.Samples))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		seen := 0
		err := db.ForEachSession(ctx, SessionFilter{}, true, func(s *StoredSession) error {
			seen += s.Samples.Len()
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if seen != n*5000 {
			b.Fatalf("read %d samples, want %d", seen, n*5000)
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "sessions/s")
}

// BenchmarkSamples reads 100 runs' samples (3,000 each) one run at a
// time, as the report does for the runs that pain came during and for its
// cadence curves: each into new memory (Samples) or all into one Samples
// (SamplesInto).
func BenchmarkSamples(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	run := fullRun(b)
	run.Samples = makeSamples(3000)
	const n = 100
	ids := make([]int64, n)
	for i := range ids {
		run.Start = run.Start.Add(24 * time.Hour)
		ids[i] = importOne(b, db, testSource(fmt.Sprint(i)), run).SessionIDs[0]
	}
	size := n * encodedSize(b, &run.Samples)
	for _, bm := range []struct {
		name string
		read func(id int64, dst *model.Samples) error
	}{
		{"new", func(id int64, dst *model.Samples) (err error) { *dst, err = db.Samples(ctx, id); return err }},
		{"into", func(id int64, dst *model.Samples) error { return db.SamplesInto(ctx, id, dst) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(size)
			var s model.Samples
			for b.Loop() {
				for _, id := range ids {
					if err := bm.read(id, &s); err != nil {
						b.Fatal(err)
					}
					if s.Len() != 3000 {
						b.Fatalf("session %d: %d samples, want 3000", id, s.Len())
					}
				}
			}
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "sessions/s")
		})
	}
}

// BenchmarkSourceKnown measures the per-file cost of recognising an
// already-imported file during a re-import (after its hash).
func BenchmarkSourceKnown(b *testing.B) {
	db := openTest(b)
	ctx := context.Background()
	for i := 0; i < 1000; i++ {
		importOne(b, db, testSource(fmt.Sprint(i)))
	}
	shas := make([]string, 1000)
	for i := range shas {
		shas[i] = shaOf(fmt.Sprint(i))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		known, _, err := db.SourceKnown(ctx, shas[i%len(shas)])
		if err != nil || !known {
			b.Fatal(known, err)
		}
	}
}

// BenchmarkDecodeSamples measures BLOB decoding alone, without SQLite.
func BenchmarkDecodeSamples(b *testing.B) {
	s := makeSamples(5000)
	var enc sampleEncoder
	n, blobs, err := enc.encode(&s)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(encodedSize(b, &s))
	for i := 0; i < b.N; i++ {
		if _, err := decodeSamples(codecPacked, n, blobs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeSamples measures BLOB encoding alone, without SQLite.
func BenchmarkEncodeSamples(b *testing.B) {
	s := makeSamples(5000)
	var enc sampleEncoder
	b.SetBytes(encodedSize(b, &s))
	for i := 0; i < b.N; i++ {
		if _, _, err := enc.encode(&s); err != nil {
			b.Fatal(err)
		}
	}
}
