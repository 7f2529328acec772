package main

import (
	"archive/zip"
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
)

// bigGPX writes a GPX run of about size bytes (points with heart rate and
// cadence, as Strava writes them), the k-th of its kind.
func bigGPX(tb testing.TB, path string, size int64, k int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	start := time.Date(2024, 3, 4, 7, 30, 0, 0, time.UTC).AddDate(0, k, 0)
	n, _ := w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<gpx version="1.1" creator="StravaGPX" xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>Ultra</name><type>running</type><trkseg>` + "\n")
	total := int64(n)
	for i := 0; total < size-40; i++ {
		m, _ := fmt.Fprintf(w, `<trkpt lat="%.7f" lon="%.7f"><ele>%.1f</ele><time>%s</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>%d</gpxtpx:hr><gpxtpx:cad>%d</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>`+"\n",
			51.5+float64(i%5000)*2e-5, -0.12+float64(i%7000)*2e-5, 20+float64(i%70)/10, start.Add(time.Duration(i)*time.Second).Format(time.RFC3339), 140+i%20, 85+i%3)
		total += int64(m)
	}
	w.WriteString("</trkseg></trk></gpx>\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
}

// memoryInputs writes the inputs of the memory benchmarks under
// tb.TempDir and returns their folders: gpx4 holds four 255 MB GPX files;
// mix a 255 MB GPX, a gzipped one, one in a zip, a gzipped one in a zip
// and six months of the synthetic athlete's FIT and GPX files (about 1.3
// GB of disk in all, removed after tb).
func memoryInputs(tb testing.TB) (gpx4, mix string) {
	tb.Helper()
	dir := tb.TempDir()
	gpx4, mix = filepath.Join(dir, "gpx4"), filepath.Join(dir, "mix")
	os.MkdirAll(gpx4, 0o755)
	os.MkdirAll(mix, 0o755)
	const size = 255_000_000
	for k := range 4 {
		bigGPX(tb, filepath.Join(gpx4, fmt.Sprintf("ultra%d.gpx", k)), size, k)
	}
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(os.Link(filepath.Join(gpx4, "ultra0.gpx"), filepath.Join(mix, "ultra0.gpx")))
	gz := func(src string, dst io.Writer) {
		in, err := os.Open(src)
		must(err)
		defer in.Close()
		zw, _ := gzip.NewWriterLevel(dst, gzip.BestSpeed)
		_, err = io.Copy(zw, in)
		must(err)
		must(zw.Close())
	}
	out, err := os.Create(filepath.Join(mix, "ultra1.gpx.gz"))
	must(err)
	gz(filepath.Join(gpx4, "ultra1.gpx"), out)
	must(out.Close())
	zf, err := os.Create(filepath.Join(mix, "strava.zip"))
	must(err)
	zw := zip.NewWriter(zf)
	m, _ := zw.Create("activities/ultra2.gpx")
	in, err := os.Open(filepath.Join(gpx4, "ultra2.gpx"))
	must(err)
	_, err = io.Copy(m, in)
	in.Close()
	must(err)
	m, _ = zw.CreateHeader(&zip.FileHeader{Name: "activities/ultra3.gpx.gz", Method: zip.Store})
	gz(filepath.Join(gpx4, "ultra3.gpx"), m)
	must(zw.Close())
	must(zf.Close())
	a := synth.Generate(synth.Config{Seed: 11, Start: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), Months: 6})
	if _, err := a.WriteExport(filepath.Join(mix, "export")); err != nil {
		tb.Fatal(err)
	}
	return gpx4, mix
}

// importRSS runs backtrack import of dir in a child process with
// --max-memory maxMem and returns its peak resident set size in bytes
// (the kernel's ru_maxrss).
func importRSS(tb testing.TB, dir, maxMem string) int64 {
	tb.Helper()
	db := filepath.Join(tb.TempDir(), "rss.db")
	cmd := exec.Command(relExe(tb), "import", "--quiet", "--max-memory", maxMem, "--db", db, dir)
	cmd.Env = append(os.Environ(), "TZ=Europe/London")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != exitPartial) {
		tb.Fatalf("backtrack import: %v\n%s", err, out)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		tb.Skip("no rusage on this system")
	}
	return ru.Maxrss << 10 // kilobytes on Linux
}

// TestImportMemoryBudget (BACKTRACK_HEAVY) imports four 255 MB GPX files,
// then a mix of large GPX files (plain, gzipped, in a zip, gzipped in a
// zip) and six months of FIT files, each in a child process, and checks
// that the peak resident memory stays under --max-memory. Each file was
// read whole and cost about 3.5 times its size: the four files took 2.4 GB
// and the mix 2.6 GB.
func TestImportMemoryBudget(t *testing.T) {
	testutil.NeedHeavy(t)
	gpx4, mix := memoryInputs(t)
	for _, c := range []struct {
		dir, max string
		limit    int64
	}{{gpx4, "512MiB", 512 << 20}, {mix, "512MiB", 512 << 20}, {mix, "256MiB", 256 << 20}, {mix, "1GiB", 1 << 30}} {
		rss := importRSS(t, c.dir, c.max)
		t.Logf("%s with --max-memory %s: peak RSS %d MB", filepath.Base(c.dir), c.max, rss>>20)
		if rss > c.limit {
			t.Errorf("%s with --max-memory %s: peak RSS %d MB, over the budget", filepath.Base(c.dir), c.max, rss>>20)
		}
	}
}

// BenchmarkImportMemoryGPX4x255 reports the peak resident memory (rss-MB,
// from the kernel) of `backtrack import` of four 255 MB GPX files in a
// child process, under the default budget (512 MiB).
func BenchmarkImportMemoryGPX4x255(b *testing.B) {
	gpx4, _ := memoryInputs(b)
	benchRSS(b, gpx4, "512MiB")
}

// BenchmarkImportMemoryMix is BenchmarkImportMemoryGPX4x255 for the mix:
// a 255 MB GPX, one gzipped, one in a zip, one gzipped in a zip, and six
// months of FIT and GPX files.
func BenchmarkImportMemoryMix(b *testing.B) {
	_, mix := memoryInputs(b)
	benchRSS(b, mix, "512MiB")
}

func benchRSS(b *testing.B, dir, maxMem string) {
	var peak int64
	for b.Loop() {
		peak = max(peak, importRSS(b, dir, maxMem))
	}
	b.ReportMetric(float64(peak)/(1<<20), "rss-MB")
}
