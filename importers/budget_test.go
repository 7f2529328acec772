package importers

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/model"
)

func TestBudgetReserve(t *testing.T) {
	ctx := context.Background()
	b := &budget{total: 100, changed: make(chan struct{})}
	a, err := b.reserve(ctx, 60)
	if err != nil {
		t.Fatal(err)
	}
	c, err := b.reserve(ctx, 40)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *reservation)
	go func() {
		r, _ := b.reserve(ctx, 50)
		got <- r
	}()
	select {
	case <-got:
		t.Fatal("a reservation that does not fit did not wait")
	case <-time.After(20 * time.Millisecond):
	}
	a.release()
	a.release() // twice is harmless
	r := <-got
	if b.used != 90 || b.peak != 100 {
		t.Errorf("used %d, peak %d; want 90 and 100", b.used, b.peak)
	}
	if err := r.set(ctx, 10); err != nil || b.used != 50 {
		t.Errorf("shrinking: %v, used %d", err, b.used)
	}
	if _, err := b.reserve(ctx, 101); !IsLimit(err) || !strings.Contains(err.Error(), "--max-memory") {
		t.Errorf("a reservation over the whole budget: %v, want a limit naming --max-memory", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := b.reserve(cctx, 90); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled wait: %v", err)
	}
	c.release()
	r.release()
	if b.used != 0 {
		t.Errorf("used %d after every release", b.used)
	}
	var none *reservation
	none.release()
	if err := none.grow(ctx, 5); err != nil {
		t.Error(err)
	}
}

// TestWalkRefusesOversizeUnread: a file over the size limit is refused
// from its size on disk, without reading it (it used to cost the limit,
// 256 MiB, in memory before the refusal).
func TestWalkRefusesOversizeUnread(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.gpx")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`<?xml version="1.0"?><gpx>`)
	if err := f.Truncate(MaxFileBytes + 1<<20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var got []Entry
	if err := Walk(context.Background(), []string{p}, func(e Entry) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if len(got) != 1 || !IsLimit(got[0].Err) || !strings.Contains(got[0].Err.Error(), "the file is 269.5 MB; the limit is 268.4 MB") {
		t.Fatalf("entries %+v, want one refused for its size", got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("refusing the file allocated %d MB: it was read", alloc>>20)
	}
}

// largeGPX writes a GPX run of n points to path and returns its bytes.
func largeGPX(t testing.TB, path string, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	start := time.Date(2024, 3, 4, 7, 30, 0, 0, time.UTC)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Long</name><type>running</type><trkseg>` + "\n")
	for i := range n {
		fmt.Fprintf(&b, `<trkpt lat="%.6f" lon="%.6f"><ele>%.1f</ele><time>%s</time></trkpt>`+"\n",
			51.5+float64(i%4000)*2e-5, -0.12+float64(i%3000)*2e-5, 20+float64(i%70)/10, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	b.WriteString("</trkseg></trk></gpx>\n")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBatchStreamsLargeGPX: a GPX file of streamMin or more, on disk,
// gzipped on disk or in a zip on disk (plain or gzipped), is passed on
// unread and decoded as a stream: the same sessions and hash as a file
// read whole, without the file's bytes held in memory.
func TestBatchStreamsLargeGPX(t *testing.T) {
	dir := t.TempDir()
	src := t.TempDir()
	plain := largeGPX(t, filepath.Join(dir, "long.gpx"), 90_000)
	if len(plain) < streamMin {
		t.Fatalf("the fixture is %d bytes, under streamMin", len(plain))
	}
	contents := map[string][]byte{"long.gpx": plain}
	gz := func(b []byte) []byte {
		var out bytes.Buffer
		w := gzip.NewWriter(&out)
		w.Write(b)
		w.Close()
		return out.Bytes()
	}
	contents["long2.gpx.gz"] = largeGPX(t, filepath.Join(src, "2.gpx"), 90_001)
	os.WriteFile(filepath.Join(dir, "long2.gpx.gz"), gz(contents["long2.gpx.gz"]), 0o644)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, m := range []struct {
		name string
		data []byte
	}{{"a/long3.gpx", largeGPX(t, filepath.Join(src, "3.gpx"), 90_002)}, {"a/long4.gpx.gz", largeGPX(t, filepath.Join(src, "4.gpx"), 90_003)}} {
		f, _ := zw.Create(m.name)
		if strings.HasSuffix(m.name, ".gz") {
			f.Write(gz(m.data))
		} else {
			f.Write(m.data)
		}
		contents["export.zip"+model.PathSep+m.name] = m.data
	}
	zw.Close()
	os.WriteFile(filepath.Join(dir, "export.zip"), zb.Bytes(), 0o644)

	w := &Walker{budget: newBudget(DefaultMaxMemory), stream: true}
	streamed := 0
	err := w.Walk(context.Background(), []string{dir}, func(e Entry) error {
		if e.ArchiveDone == nil {
			if e.Data != nil || e.open == nil || e.Err != nil {
				t.Errorf("%s: not passed on unread (%d bytes, %v)", e.Path, len(e.Data), e.Err)
			}
			streamed++
		}
		e.res.release()
		return nil
	})
	if err != nil || streamed != 4 {
		t.Fatalf("walk: %v, %d entries streamed", err, streamed)
	}

	sink := newMemSink()
	sum := runBatch(t, sink, dir)
	if sum.Imported != 4 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	for name, data := range contents {
		p := filepath.Join(dir, name)
		h := sha256.Sum256(data)
		src, ok := sink.byPath(p)
		if !ok || src.SHA256 != hex.EncodeToString(h[:]) || src.Size != int64(len(data)) {
			t.Errorf("%s: source %+v, want the content's hash and size", name, src)
			continue
		}
		want, err := DecodeGPX(bytes.NewReader(data), WithLocation(time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		got := sink.session(t, p)
		if d := cmp.Diff(want.Sessions[0].Samples.T, got.Samples.T); d != "" {
			t.Errorf("%s: sample times (-whole +streamed):\n%s", name, d)
		}
		if d := cmp.Diff(want.Sessions[0].Samples.AltM, got.Samples.AltM); d != "" {
			t.Errorf("%s: altitudes (-whole +streamed):\n%s", name, d)
		}
	}
	// Again: duplicates at the cost of the hash (the archive's, for the zip).
	if sum := runBatch(t, sink, dir); sum.Duplicates != 3 || sum.Imported != 0 {
		t.Errorf("again: %+v", sum)
	}
}

// TestBatchMemoryBudget: with the smallest budget, large files decode one
// at a time (the budget's peak stays within it), everything that fits is
// imported, and a file that alone would cost more than the budget fails
// with a reason that names --max-memory.
func TestBatchMemoryBudget(t *testing.T) {
	dir := t.TempDir()
	for i := range 4 {
		largeGPX(t, filepath.Join(dir, fmt.Sprintf("g%d.gpx", i)), 80_000+i)
	}
	s := model.NewSession(model.Running, time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC))
	for i := range 500_000 { // 7 MB of FIT: about 50 MB to decode, over the budget's 32
		x := model.MissingSample(float64(i))
		x.Lat, x.Lon, x.HR = 51.5+float64(i%3000)*1e-5, -0.12, 150
		s.Samples.Append(x)
	}
	s.ElapsedS, s.TimerS = 499_999, 499_999
	var fit bytes.Buffer
	if err := synth.WriteFIT(&fit, s, synth.FITOptions{}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "huge.fit"), fit.Bytes(), 0o644)
	small := synth.Generate(synth.Config{Seed: 3, Start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Months: 1})
	if _, err := small.WriteExport(filepath.Join(dir, "export")); err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	b := &Batch{Sink: sink, Options: []Option{WithLocation(time.UTC)}, MaxMemory: MinMaxMemory, Workers: 4}
	sum, err := b.Run(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if b.budget.peak > b.budget.total || b.budget.used != 0 {
		t.Errorf("budget peak %d, used %d after the run, total %d", b.budget.peak, b.budget.used, b.budget.total)
	}
	if len(sum.Failed) != 1 || !strings.HasSuffix(sum.Failed[0].Path, "huge.fit") || !strings.Contains(sum.Failed[0].Error, "--max-memory") {
		t.Errorf("failed %+v, want huge.fit refused for the budget", sum.Failed)
	}
	if sum.Imported < 4+10 {
		t.Errorf("imported %d files, want the GPX files and the export", sum.Imported)
	}
}

// TestBatchStreamedGPXTakesSportFromName: a large GPX file naming no sport
// takes it from its file's name when it is read as a stream, as a small one
// read whole does.
func TestBatchStreamedGPXTakesSportFromName(t *testing.T) {
	dir := t.TempDir()
	data := largeGPX(t, filepath.Join(t.TempDir(), "x.gpx"), 90_000)
	data = bytes.Replace(data, []byte("<type>running</type>"), nil, 1)
	if len(data) < streamMin {
		t.Fatalf("the fixture is %d bytes, under streamMin", len(data))
	}
	path := filepath.Join(dir, "Evening_Ride.gpx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	if sum := runBatch(t, sink, dir); sum.Imported != 1 || len(sum.Failed) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	whole, err := DecodeGPX(bytes.NewReader(data), WithLocation(time.UTC), WithFileName(path))
	if err != nil {
		t.Fatal(err)
	}
	want := whole.Sessions[0]
	if want.Sport != model.Cycling {
		t.Fatalf("read whole, the track is %s (%s), want cycling from its file's name", want.Sport, want.SportOrigin)
	}
	if got := sink.session(t, path); got.Sport != want.Sport || got.SportOrigin != want.SportOrigin {
		t.Errorf("streamed, the track is %s (%s); read whole, %s (%s)", got.Sport, got.SportOrigin, want.Sport, want.SportOrigin)
	}
}
