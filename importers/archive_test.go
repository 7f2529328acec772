package importers

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// arMember is one member of a test zip.
type arMember struct {
	name   string
	data   []byte
	stored bool // written with zip.Store (and, by Go's writer, a data descriptor)
}

// arZip builds a zip in memory with Go's writer (deflated members carry data
// descriptors, as streamed zips do).
func arZip(t testing.TB, ms ...arMember) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range ms {
		method := zip.Deflate
		if m.stored {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: method, Modified: synthStart})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// arGzip gzips data.
func arGzip(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// arWrite writes data to rel under dir and returns the path.
func arWrite(t testing.TB, dir, rel string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// arFIT is a small FIT run starting k minutes after synthStart (distinct
// bytes for each k).
func arFIT(t testing.TB, k int) []byte {
	t.Helper()
	return writeFIT(t, synthRun(synthStart.Add(time.Duration(k)*time.Hour), 120), synth.FITOptions{})
}

// arGPX is a small timed GPX track (no type, so its sport is the index's to
// give) named name ("" for none), starting at start.
func arGPX(start time.Time, name, typ string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1"><trk>`)
	if name != "" {
		fmt.Fprintf(&b, "<name>%s</name>", name)
	}
	if typ != "" {
		fmt.Fprintf(&b, "<type>%s</type>", typ)
	}
	b.WriteString("<trkseg>\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, `<trkpt lat="%.6f" lon="%.6f"><ele>%d</ele><time>%s</time></trkpt>`+"\n",
			51.5+float64(i)*2e-5, -0.12+float64(i)*2e-5, 20+i%7, start.Add(time.Duration(i)*time.Second).UTC().Format(time.RFC3339))
	}
	b.WriteString("</trkseg></trk></gpx>\n")
	return []byte(b.String())
}

// arEntry is what a test keeps of a walked entry.
type arEntry struct {
	Path, Rel, What string
}

// arWalk walks paths with w and describes every entry: its data length, or
// "skip: why", "error: why", "duplicate", "done <sha>".
func arWalk(t *testing.T, w *Walker, paths ...string) []arEntry {
	t.Helper()
	var got []arEntry
	err := w.Walk(context.Background(), paths, func(e Entry) error {
		what := fmt.Sprintf("%d bytes", len(e.Data))
		switch {
		case e.ArchiveDone != nil:
			what = "done " + e.ArchiveDone.SHA256
		case e.Duplicate:
			what = "duplicate"
		case e.Err != nil:
			what = "error: " + e.Err.Error()
		case e.Skip != "":
			what = "skip: " + e.Skip
		}
		got = append(got, arEntry{e.Path, e.Rel, what})
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	return got
}

func arSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// A zip in a zip in a zip: every member's path names the whole way in, and
// so does every message about it.
func TestWalkNestedZipPaths(t *testing.T) {
	dir := t.TempDir()
	x, y, top := arFIT(t, 0), arGPX(synthStart.Add(5*time.Hour), "Loop", "running"), arFIT(t, 1)
	c := arZip(t, arMember{name: "x.fit", data: x}, arMember{name: "bad.fit", data: []byte("not a FIT file at all")}, arMember{name: "notes.txt", data: []byte("hello")})
	b := arZip(t, arMember{name: "c.zip", data: c}, arMember{name: "y.gpx", data: y})
	outer := arZip(t, arMember{name: "a/b.zip", data: b}, arMember{name: "top.fit", data: top})
	p := arWrite(t, dir, "outer.zip", outer)
	S := model.PathSep

	got := arWalk(t, &Walker{}, p)
	want := []arEntry{
		{p + S + "a/b.zip" + S + "c.zip" + S + "x.fit", "a/b.zip/c.zip/x.fit", fmt.Sprintf("%d bytes", len(x))},
		{p + S + "a/b.zip" + S + "c.zip" + S + "bad.fit", "a/b.zip/c.zip/bad.fit", "21 bytes"},
		{p + S + "a/b.zip" + S + "c.zip" + S + "notes.txt", "a/b.zip/c.zip/notes.txt", "5 bytes"},
		{p + S + "a/b.zip" + S + "y.gpx", "a/b.zip/y.gpx", fmt.Sprintf("%d bytes", len(y))},
		{p + S + "top.fit", "top.fit", fmt.Sprintf("%d bytes", len(top))},
		{p, "", "done " + arSHA(outer)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("entries (-want +got):\n%s", diff)
	}

	// Through the batch: stored sources, failures and skips carry the same paths.
	sink := newMemSink()
	sum := runBatch(t, sink, p)
	if diff := cmp.Diff([]string{want[0].Path, want[3].Path, want[4].Path}, sink.paths()); diff != "" {
		t.Errorf("stored source paths (-want +got):\n%s", diff)
	}
	if len(sum.Failed) != 1 || sum.Failed[0].Path != want[1].Path || !strings.Contains(sum.Failed[0].Error, "named .fit but the content is not") {
		t.Errorf("failed %+v, want %s named as not a FIT file", sum.Failed, want[1].Path)
	}
	if len(sum.Skipped) != 1 || sum.Skipped[0].Path != want[2].Path {
		t.Errorf("skipped %+v, want %s", sum.Skipped, want[2].Path)
	}
}

// Gzip files and .gz members decompress; a member's hash is of its
// decompressed bytes; a .zip.gz is walked as the zip inside.
func TestWalkGzip(t *testing.T) {
	dir := t.TempDir()
	f0, f1, f2 := arFIT(t, 0), arFIT(t, 1), arFIT(t, 2)
	g := arGPX(synthStart.Add(9*time.Hour), "Evening Run", "running")
	top := arWrite(t, dir, "run.fit.gz", arGzip(t, f0))
	strava := arWrite(t, dir, "strava.zip", arZip(t,
		arMember{name: "activities/1.fit.gz", data: arGzip(t, f1)},
		arMember{name: "inner.zip", data: arZip(t, arMember{name: "2.gpx.gz", data: arGzip(t, g)})}))
	zipgz := arWrite(t, dir, "export.zip.gz", arGzip(t, arZip(t, arMember{name: "x.fit", data: f2})))
	S := model.PathSep

	got := arWalk(t, &Walker{}, top, strava, zipgz)
	want := []arEntry{
		{top, "", fmt.Sprintf("%d bytes", len(f0))},
		{strava + S + "activities/1.fit.gz", "activities/1.fit.gz", fmt.Sprintf("%d bytes", len(f1))},
		{strava + S + "inner.zip" + S + "2.gpx.gz", "inner.zip/2.gpx.gz", fmt.Sprintf("%d bytes", len(g))},
		{strava, "", "done " + arSHA(must(os.ReadFile(strava)))},
		{zipgz + S + "x.fit", "x.fit", fmt.Sprintf("%d bytes", len(f2))},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("entries (-want +got):\n%s", diff)
	}

	sink := newMemSink()
	sum := runBatch(t, sink, top, strava, zipgz)
	if sum.Imported != 4 || len(sum.Failed) != 0 {
		t.Fatalf("imported %d, failed %+v: want all 4", sum.Imported, sum.Failed)
	}
	for path, data := range map[string][]byte{top: f0, want[1].Path: f1, want[2].Path: g, want[4].Path: f2} {
		src, ok := sink.byPath(path)
		if !ok {
			t.Errorf("%s not stored", path)
			continue
		}
		if src.SHA256 != arSHA(data) || src.Size != int64(len(data)) {
			t.Errorf("%s: sha %s size %d, want the decompressed bytes' (%s, %d)", path, src.SHA256[:8], src.Size, arSHA(data)[:8], len(data))
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// The content decides the format, not the name.
func TestBatchDetectsByContent(t *testing.T) {
	dir := t.TempDir()
	arWrite(t, dir, "data.bin", arFIT(t, 0))
	arWrite(t, dir, "track.xml", arGPX(synthStart.Add(3*time.Hour), "", "running"))
	arWrite(t, dir, "run.fit", arGPX(synthStart.Add(6*time.Hour), "", "running")) // a GPX named .fit is GPX
	arWrite(t, dir, "export.dat", arZip(t, arMember{name: "inner.bin", data: arFIT(t, 9)}))
	sink := newMemSink()
	sum := runBatch(t, sink, dir)
	got := map[string]model.Format{}
	for _, src := range sink.sources {
		got[strings.TrimPrefix(src.Path, dir+"/")] = src.Format
	}
	want := map[string]model.Format{"data.bin": model.FormatFIT, "track.xml": model.FormatGPX, "run.fit": model.FormatGPX,
		"export.dat" + model.PathSep + "inner.bin": model.FormatFIT}
	if diff := cmp.Diff(want, got); diff != "" || sum.Imported != 4 {
		t.Errorf("formats by path (-want +got):\n%s\nsummary %+v", diff, sum)
	}
}

// Symlinks and FIFOs inside folders are named as skipped and never opened.
func TestBatchSkipsLinksAndFIFOs(t *testing.T) {
	dir := t.TempDir()
	real := arWrite(t, dir, "real.fit", arFIT(t, 0))
	if err := os.Symlink(real, filepath.Join(dir, "link.fit")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.fit")); err != nil {
		t.Fatal(err)
	}
	if err := mkfifo(filepath.Join(dir, "pipe.fit")); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	done := make(chan *Summary, 1)
	sink := newMemSink()
	go func() {
		sum, err := (&Batch{Sink: sink}).Run(context.Background(), []string{dir})
		if err != nil {
			t.Error(err)
		}
		done <- sum
	}()
	var sum *Summary
	select {
	case sum = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the batch hung on a FIFO or a link")
	}
	want := []PathReason{
		{filepath.Join(dir, "link.fit"), "a symbolic link (not followed inside folders)"},
		{filepath.Join(dir, "pipe.fit"), "not a regular file (a FIFO)"},
		{filepath.Join(dir, "zero.fit"), "a symbolic link (not followed inside folders)"},
	}
	if diff := cmp.Diff(want, sum.Skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if sum.Imported != 1 || len(sum.Failed) != 0 || sum.Incomplete() {
		t.Errorf("summary %+v: want the one real file imported, nothing failed", sum)
	}
}

// --- hostile archives ---

// bombSize is what a bomb decompresses to: 200 MB of zeros.
const bombSize = 200 << 20

// bombDeflate is a raw deflate stream of bombSize zeros (about 200 kB, a
// ratio over 1,000:1) and its CRC-32, made once per test binary.
var bombDeflate = sync.OnceValues(func() ([]byte, uint32) {
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	zero := make([]byte, 1<<20)
	crc := uint32(0)
	for range bombSize >> 20 {
		fw.Write(zero)
		crc = crc32.Update(crc, crc32.IEEETable, zero)
	}
	fw.Close()
	return b.Bytes(), crc
})

// bombZip is a zip whose member name holds the bomb. With lie set, the
// headers claim the member decompresses to 1,000 bytes.
func bombZip(t testing.TB, name string, lie bool) []byte {
	t.Helper()
	raw, crc := bombDeflate()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	size := uint64(bombSize)
	if lie {
		size = 1000
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// bombGzip is a gzip file of the bomb.
func bombGzip() []byte {
	raw, crc := bombDeflate()
	var b bytes.Buffer
	b.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255})
	b.Write(raw)
	binary.Write(&b, binary.LittleEndian, crc)
	binary.Write(&b, binary.LittleEndian, uint32(bombSize))
	return b.Bytes()
}

// nestBombFirst puts the bomb in place of the first (empty) member of the
// zip nested as inner.zip: the outer zip is rebuilt.
func nestBombFirst(t *testing.T, data []byte) []byte {
	t.Helper()
	raw, crc := bombDeflate()
	var inner bytes.Buffer
	zw := zip.NewWriter(&inner)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "zeros.fit", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: bombSize})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	w, err = zw.CreateHeader(&zip.FileHeader{Name: "after.fit", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(arFIT(t, 0))
	zw.Close()
	return arZip(t, arMember{name: "inner.zip", data: inner.Bytes()})
}

// inflatedZip is a zip whose one member holds data but whose headers say
// it decompresses to claim bytes.
func inflatedZip(t testing.TB, name string, data []byte, claim uint64) []byte {
	t.Helper()
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.DefaultCompression)
	fw.Write(data)
	fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: claim})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// noise is n bytes that do not compress, the same every time.
func noise(n int) []byte {
	b := make([]byte, n)
	x := uint64(0x9e3779b97f4a7c15)
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

// manyZip is a zip of n empty members, stored or (deflate) deflated.
func manyZip(t testing.TB, n int, deflate bool) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := range n {
		method := zip.Store
		if deflate {
			method = zip.Deflate
		}
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("m/%06d.fit", i), Method: method}); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deepZip wraps x.fit in levels zips: level 1 is the file on disk.
func deepZip(t testing.TB, levels int, fit []byte) []byte {
	t.Helper()
	data := arZip(t, arMember{name: "x.fit", data: fit})
	for l := levels - 1; l >= 1; l-- {
		data = arZip(t, arMember{name: fmt.Sprintf("level%d.zip", l+1), data: data})
	}
	return data
}

// deepPath is the path of x.fit inside deepZip's levels.
func deepPath(top string, levels int) string {
	p := top
	for l := 2; l <= levels; l++ {
		p += model.PathSep + fmt.Sprintf("level%d.zip", l)
	}
	return p + model.PathSep + "x.fit"
}

// levelsPath is the path of deepZip's level-k zip after the file's own.
func levelsPath(k int) string {
	p := ""
	for l := 2; l <= k; l++ {
		p += model.PathSep + fmt.Sprintf("level%d.zip", l)
	}
	return p
}

func mkfifo(p string) error { return syscall.Mkfifo(p, 0o644) }

// costOf runs fn and returns its wall time, the bytes allocated meanwhile
// (runtime.MemStats.TotalAlloc: every allocation counts, whatever the GC
// did, so a decompressed bomb cannot hide) and the largest HeapInuse seen by
// a sampler every 2 ms (which can miss a short peak, never invent one).
func costOf(fn func()) (took time.Duration, alloc, peak uint64) {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var m runtime.MemStats
		top := uint64(0)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			top = max(top, m.HeapInuse)
			select {
			case <-stop:
				done <- top
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	fn()
	took = time.Since(start)
	close(stop)
	peak = <-done
	runtime.ReadMemStats(&m1)
	return took, m1.TotalAlloc - m0.TotalAlloc, max(peak, m1.HeapInuse)
}

// hostileTimeLimit bounds the time a hostile input may take, checked only
// with BACKTRACK_HEAVY=1: four times the 5 s target, so that a busy machine
// does not fail it. Plain go test checks the memory only, never the clock.
const hostileTimeLimit = 20 * time.Second

// Each hostile archive is refused with a message that names it, within
// 100 MB of allocations (and, with BACKTRACK_HEAVY=1, hostileTimeLimit),
// and nothing of it is stored.
func TestHostileArchives(t *testing.T) {
	if testing.Short() || testutil.RaceEnabled {
		t.Skip("builds 200 MB bombs and a 100,000-member zip and measures time and memory: skipped under -short and -race")
	}
	S := model.PathSep
	good := arFIT(t, 0)
	type want struct {
		path, substr string
		skipped      bool // a skip (refused name), not a failure
	}
	tests := []struct {
		name   string
		file   string
		data   func(t *testing.T) []byte
		lim    Limits
		want   []want
		stored []string // paths (after the file's) that must still be stored
		// prepare, if set, rewrites the file's bytes.
		prepare func(t *testing.T, data []byte) []byte
		// orNamed: the members after the limit must be stored or a
		// failure of this path must say the rest was not read.
		orNamed string
		// more: other failures and skips (the members before a limit) are allowed.
		more bool
		// bug explains a known failure of the budget.
		bug string
	}{
		{name: "zip bomb", file: "bomb.zip", data: func(t *testing.T) []byte { return bombZip(t, "zeros.fit", false) },
			want: []want{{S + "zeros.fit", "compression ratio", false}}},
		{name: "zip bomb with false sizes", file: "liar.zip", data: func(t *testing.T) []byte { return bombZip(t, "zeros.fit", true) },
			want: []want{{S + "zeros.fit", "", false}}},
		{name: "nested zip bomb", file: "outer.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "good.fit", data: good}, arMember{name: "inner.zip", data: bombZip(t, "zeros.fit", false)})
		}, want: []want{{S + "inner.zip" + S + "zeros.fit", "compression ratio", false}}, stored: []string{S + "good.fit"}, bug: "BUG (walk.go readAllLimit): the buffer is pre-sized from the nested member's header size (up to MaxFileBytes, 256 MB) before the ratio guard has read a byte"},
		{name: "nested zip bomb, members after it", file: "outer.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "inner.zip", data: arZip(t, arMember{name: "zeros.fit", data: nil}, arMember{name: "after.fit", data: good})})
		}, prepare: nestBombFirst, want: []want{{S + "inner.zip" + S + "zeros.fit", "compression ratio", false}},
			// after.fit cannot be reached in the stream: it must at least be named.
			orNamed: S + "inner.zip", bug: "BUG (walk.go readAllLimit): the buffer is pre-sized from the nested member's header size (up to MaxFileBytes, 256 MB) before the ratio guard has read a byte"},
		{name: "nested member claiming 250 MB", file: "outer.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "inner.zip", data: inflatedZip(t, "big.fit", good, 250<<20)})
		}, stored: []string{S + "inner.zip" + S + "big.fit"}, bug: "BUG (walk.go readAllLimit): the buffer is pre-sized from the nested member's header size (up to MaxFileBytes, 256 MB) before the ratio guard has read a byte"},
		{name: "member claiming 250 MB at 190:1", file: "claim.zip", data: func(t *testing.T) []byte {
			return inflatedZip(t, "big.fit", noise(1_400_000), 250<<20)
		}, want: []want{{S + "big.fit", "", false}}, bug: "BUG (walk.go readAllLimit): the buffer is pre-sized from the central directory's claimed size (up to MaxFileBytes, 256 MB) before a byte is read"},
		{name: "100,000 members in a nested zip", file: "outer.zip", lim: Limits{MaxEntries: 1000}, data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "many.zip", data: manyZip(t, 100_000, true)})
		}, want: []want{{S + "many.zip", "the archive has more than 1,000 members; the rest was not read", false}}, more: true},
		{name: "nested zip bomb with false sizes", file: "outer.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "inner.zip", data: bombZip(t, "zeros.fit", true)})
		}, want: []want{{S + "inner.zip" + S + "zeros.fit", "", false}}},
		{name: "gzip bomb", file: "bomb.fit.gz", data: func(t *testing.T) []byte { return bombGzip() },
			want: []want{{"", "compression ratio", false}}},
		{name: "gzip bomb in a zip", file: "outer.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "activities/1.fit.gz", data: bombGzip()}, arMember{name: "good.fit", data: good})
		}, want: []want{{S + "activities/1.fit.gz", "compression ratio", false}}, stored: []string{S + "good.fit"}},
		{name: "climbing and absolute names", file: "evil.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "../evil.fit", data: arFIT(t, 1)}, arMember{name: "/abs.fit", data: arFIT(t, 2)},
				arMember{name: "a/../../evil2.fit", data: arFIT(t, 3)}, arMember{name: `..\evil3.fit`, data: arFIT(t, 4)},
				arMember{name: "ok/good.fit", data: good})
		}, want: []want{
			{S + "../evil.fit", "refused: a member name that climbs out of the archive (../)", true},
			{S + "/abs.fit", "refused: an absolute member name", true},
			{S + "a/../../evil2.fit", "refused: a member name that climbs out of the archive (../)", true},
			{S + `..\evil3.fit`, "refused: a member name that climbs out of the archive (../)", true},
		}, stored: []string{S + "ok/good.fit"}},
		{name: "climbing and absolute names in a nested zip", file: "outer.zip", data: func(t *testing.T) []byte {
			return arZip(t, arMember{name: "inner.zip", data: arZip(t, arMember{name: "../evil.fit", data: arFIT(t, 1)},
				arMember{name: "/abs.fit", data: arFIT(t, 2)}, arMember{name: "good.fit", data: good})})
		}, want: []want{
			{S + "inner.zip" + S + "../evil.fit", "refused: a member name that climbs out of the archive (../)", true},
			{S + "inner.zip" + S + "/abs.fit", "refused: an absolute member name", true},
		}, stored: []string{S + "inner.zip" + S + "good.fit"}},
		{name: "100,000 members", file: "many.zip", data: func(t *testing.T) []byte { return manyZip(t, 100_000, false) },
			want: []want{{"", "the archive has 100,000 members; backtrack reads at most 65,536 per archive", false}}},
		{name: "deeper than MaxDepth", file: "deep.zip", data: func(t *testing.T) []byte { return deepZip(t, 8, good) },
			want: []want{{levelsPath(7), "archives nested more than 6 levels deep", false}}},
		{name: "as deep as MaxDepth 3", file: "deep3.zip", lim: Limits{MaxDepth: 3}, data: func(t *testing.T) []byte { return deepZip(t, 3, good) },
			stored: []string{deepPath("", 3)}},
		{name: "deeper than MaxDepth 3", file: "deep4.zip", lim: Limits{MaxDepth: 3}, data: func(t *testing.T) []byte { return deepZip(t, 4, good) },
			want: []want{{levelsPath(4), "archives nested more than 3 levels deep", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			data := tt.data(t)
			if tt.prepare != nil {
				data = tt.prepare(t, data)
			}
			p := arWrite(t, filepath.Join(dir, "in"), tt.file, data)
			lim := tt.lim
			if lim != (Limits{}) {
				full := DefaultLimits
				if lim.MaxDepth != 0 {
					full.MaxDepth = lim.MaxDepth
				}
				if lim.MaxEntries != 0 {
					full.MaxEntries = lim.MaxEntries
				}
				lim = full
			}
			sink := newMemSink()
			var sum *Summary
			var err error
			took, alloc, peak := costOf(func() {
				sum, err = (&Batch{Sink: sink, Limits: lim}).Run(context.Background(), []string{p})
			})
			if err != nil {
				t.Fatal(err)
			}
			// 100 MB in all, plus 256 kB for each file seen (buffers that are
			// garbage as soon as the file is done); a bomb is one file.
			budget := uint64(100<<20) + uint64(sum.Files)*256<<10
			const MB = 1 << 20
			t.Logf("%v, %d files, %.1f MB allocated, peak heap in use %.1f MB", took.Round(time.Millisecond), sum.Files, float64(alloc)/MB, float64(peak)/MB)
			slow := testutil.Heavy() && took > hostileTimeLimit
			if slow || alloc > budget || peak > 100*MB {
				t.Errorf("took %v, allocated %.1f MB, peak heap %.1f MB: want %.1f MB and 100 MB at most (and, with %s=1, under %v)",
					took, float64(alloc)/MB, float64(peak)/MB, float64(budget)/MB, testutil.HeavyEnv, hostileTimeLimit)
				if tt.bug != "" {
					t.Error(tt.bug)
				}
			}
			for _, w := range tt.want {
				found := false
				for _, f := range sum.Failed {
					if !w.skipped && f.Path == p+w.path && strings.Contains(f.Error, w.substr) {
						found = true
					}
				}
				for _, s := range sum.Skipped {
					if w.skipped && s.Path == p+w.path && s.Reason == w.substr {
						found = true
					}
				}
				if !found {
					t.Errorf("want %s %q containing %q\nfailed: %+v\nskipped: %+v", map[bool]string{true: "a skip", false: "a failure"}[w.skipped], p+w.path, w.substr, sum.Failed, sum.Skipped)
				}
			}
			if n := len(sum.Failed) + len(sum.Skipped); n != len(tt.want) && !tt.more {
				t.Errorf("%d failures and skips, want %d: %+v %+v", n, len(tt.want), sum.Failed, sum.Skipped)
			}
			if tt.orNamed != "" {
				// Either the member after the limit was reached and stored, or
				// the archive is named as not read to its end.
				said := slices.Contains(sink.paths(), p+tt.orNamed+S+"after.fit")
				for _, f := range sum.Failed {
					said = said || f.Path == p+tt.orNamed && strings.Contains(f.Error, "rest")
				}
				if !said {
					t.Errorf("BUG (walk.go walkZipStream: return nil after a limit): the members after the limit in %s are dropped without a word; want a failure of %s saying the rest was not read\nfailed: %s",
						p+tt.orNamed, p+tt.orNamed, fmtFailed(sum.Failed))
				}
				tt.stored = slices.DeleteFunc(sink.paths(), func(s string) bool { return s != p+tt.orNamed+S+"after.fit" })
				for i := range tt.stored {
					tt.stored[i] = strings.TrimPrefix(tt.stored[i], p)
				}
				tt.more = true
			}
			var wantStored []string
			for _, s := range tt.stored {
				wantStored = append(wantStored, p+s)
			}
			if diff := cmp.Diff(wantStored, sink.paths()); diff != "" {
				t.Errorf("stored (-want +got):\n%s", diff)
			}
			// Nothing is ever extracted: no member escaped next to the archive or to /.
			for _, f := range []string{filepath.Join(dir, "evil.fit"), filepath.Join(dir, "evil2.fit"), filepath.Join(dir, "in", "abs.fit")} {
				if _, err := os.Lstat(f); err == nil {
					t.Errorf("%s was written", f)
				}
			}
		})
	}
	if _, err := os.Lstat("/abs.fit"); err == nil {
		t.Log("/abs.fit exists on this machine (not necessarily written by this test)")
	}
}

// A nested zip cut off in the middle of a member: the members before the
// cut import, the damage is named once, and the rest is not guessed at.
func TestDamagedNestedZip(t *testing.T) {
	dir := t.TempDir()
	var ms []arMember
	for k := range 5 {
		ms = append(ms, arMember{name: fmt.Sprintf("f%d.fit", k), data: arFIT(t, k)})
	}
	part := arZip(t, ms...)
	// Cut in the middle of f2.fit's compressed data.
	zr, err := zip.NewReader(bytes.NewReader(part), int64(len(part)))
	if err != nil {
		t.Fatal(err)
	}
	off, err := zr.File[2].DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	cut := part[:off+int64(zr.File[2].CompressedSize64/2)]
	p := arWrite(t, dir, "export.zip", arZip(t, arMember{name: "Part1.zip", data: cut}, arMember{name: "after.fit", data: arFIT(t, 7)}))
	S := model.PathSep

	sink := newMemSink()
	sum := runBatch(t, sink, p)
	wantStored := []string{p + S + "Part1.zip" + S + "f0.fit", p + S + "Part1.zip" + S + "f1.fit", p + S + "after.fit"}
	if diff := cmp.Diff(wantStored, sink.paths()); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
	if len(sum.Failed) == 0 {
		t.Fatal("the damage was not reported")
	}
	if f := sum.Failed[0]; f.Path != p+S+"Part1.zip"+S+"f2.fit" {
		t.Errorf("first failure names %s, want the damaged member f2.fit", f.Path)
	}
	if len(sum.Failed) != 1 {
		t.Errorf("BUG (walk.go walkZipStream, after readAllLimit fails): one damaged member is reported %d times, and Summary.Files (%d) counts each report as a file:\n%s",
			len(sum.Failed), sum.Files, fmtFailed(sum.Failed))
	}
	if sum.Files != 4 {
		t.Errorf("files %d, want 4 (f0, f1, the damaged f2, after.fit)", sum.Files)
	}
	if sink.archiveDones != 0 {
		t.Error("an archive with a damaged member was recorded as imported in full")
	}
}

func fmtFailed(fs []PathError) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s: %s\n", f.Path, f.Error)
	}
	return b.String()
}

// A stored member with a data descriptor in a nested zip cannot be found the
// end of; the members before it import and the message says why.
func TestNestedStoredMemberWithDescriptor(t *testing.T) {
	dir := t.TempDir()
	inner := arZip(t, arMember{name: "first.fit", data: arFIT(t, 0)}, arMember{name: "stored.fit", data: arFIT(t, 1), stored: true},
		arMember{name: "third.fit", data: arFIT(t, 2)})
	p := arWrite(t, dir, "export.zip", arZip(t, arMember{name: "inner.zip", data: inner}))
	S := model.PathSep
	sink := newMemSink()
	sum := runBatch(t, sink, p)
	if diff := cmp.Diff([]string{p + S + "inner.zip" + S + "first.fit"}, sink.paths()); diff != "" {
		t.Errorf("stored (-want +got):\n%s", diff)
	}
	want := []PathError{{p + S + "inner.zip" + S + "stored.fit", "cannot read the rest of the archive: a stored member of unknown length cannot be read from a nested archive"}}
	if diff := cmp.Diff(want, sum.Failed); diff != "" {
		t.Errorf("failed (-want +got):\n%s", diff)
	}
	if sink.archiveDones != 0 {
		t.Error("the archive was recorded as imported in full")
	}
}
