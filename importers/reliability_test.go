package importers

// Issue 7: hostile XML (a 100 MB attribute, a million open elements, bad
// coordinates) is refused or cleaned quickly with bounded memory, and a
// chained FIT file cut in its second file keeps both activities. The
// archive limits (bombs, 100,000 members, depth) are TestHostileArchives.

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// A chained FIT file (two FIT files back to back) cut in its second file:
// the first keeps its own session and records, and the second's records
// become a session of their own rather than joining the first.
func TestDecodeFITChainCutInSecondFile(t *testing.T) {
	a := writeFIT(t, synthRun(synthStart, 600), synth.FITOptions{})
	b := writeFIT(t, synthRun(synthStart.Add(3*time.Hour), 600), synth.FITOptions{})
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"second file cut in half", append(bytes.Clone(a), b[:len(b)/2]...),
			[]string{"running 2024-07-14T06:30:00Z 600", "running 2024-07-14T09:30:00Z 299"}},
		{"second file's CRC cut", append(bytes.Clone(a), b[:len(b)-1]...),
			[]string{"running 2024-07-14T06:30:00Z 600", "running 2024-07-14T09:30:00Z 600"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := DecodeFIT(bytes.NewReader(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range res.Sessions {
				got = append(got, fmt.Sprintf("%s %s %d", s.Sport, s.Start.Format(time.RFC3339), s.Samples.Len()))
				if last := s.Samples.T[s.Samples.Len()-1]; last > 600 {
					t.Errorf("session %s holds a sample %v s after its start: another activity's records", s.Start, last)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sessions (-want +got):\n%s", diff)
			}
			if res.Status != model.StatusPartial || !strings.Contains(res.Damage, "byte ") {
				t.Errorf("status %q, damage %q: want partial, saying where", res.Status, res.Damage)
			}
		})
	}
}

// xmlGen writes a document to path from a head, a middle of n bytes made
// of fill repeated, and a tail, without holding the middle in memory.
func xmlGen(t *testing.T, path, head, fill string, n int64, tail string) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(head)
	chunk := strings.Repeat(fill, max(1, (64<<10)/len(fill)))
	for left := n; left > 0; {
		k := min(left, int64(len(chunk)))
		w.WriteString(chunk[:k])
		left -= k
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// xmlPts returns n GPX track points, a second apart from 2024-07-14 06:30.
func xmlPts(from, n int) string {
	var b strings.Builder
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, `<trkpt lat="46.%04d" lon="7.9"><time>%s</time></trkpt>`, 5000+i,
			synthStart.Add(time.Duration(i)*time.Second).Format(time.RFC3339))
	}
	return b.String()
}

// tcxPts returns n TCX trackpoints, a second apart from 2024-07-14 06:30.
func tcxPts(from, n int) string {
	var b strings.Builder
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&b, `<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>46.%04d</LatitudeDegrees><LongitudeDegrees>7.9</LongitudeDegrees></Position></Trackpoint>`,
			synthStart.Add(time.Duration(i)*time.Second).Format(time.RFC3339), 5000+i)
	}
	return b.String()
}

const (
	gpxHead = `<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>`
	gpxTail = `</trkseg></trk></gpx>`
	tcxHead = `<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport="Running"><Id>2024-07-14T06:30:00Z</Id><Lap StartTime="2024-07-14T06:30:00Z"><Track>`
	tcxTail = `</Track></Lap></Activity></Activities></TrainingCenterDatabase>`
)

// hostileXMLCase is one hostile document, written to disk by gen, and
// what importing it must give.
type hostileXMLCase struct {
	name string
	file string
	gen  func(t *testing.T, path string) int64
	// status is the stored source's status ("" for nothing stored), and
	// points its samples; message is a substring of the damage, the
	// failure or a warning.
	status  model.SourceStatus
	points  int
	message string
}

// checkHostileXML imports each case through a Batch and holds it to 100 MB
// of heap beyond the file's own bytes (the walker holds a file in memory
// while it is decoded) and, with BACKTRACK_HEAVY=1, to hostileTimeLimit.
func checkHostileXML(t *testing.T, tests []hostileXMLCase) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.file)
			size := tt.gen(t, p)
			sink := newMemSink()
			var sum *Summary
			var err error
			took, alloc, peak := costOf(func() {
				sum, err = (&Batch{Sink: sink, Options: []Option{WithLocation(time.UTC)}}).Run(context.Background(), []string{p})
			})
			if err != nil {
				t.Fatal(err)
			}
			const MB = 1 << 20
			t.Logf("%.1f MB file: %v, %.1f MB allocated, peak heap %.1f MB", float64(size)/MB, took.Round(time.Millisecond), float64(alloc)/MB, float64(peak)/MB)
			slow := testutil.Heavy() && took > hostileTimeLimit
			if !testutil.RaceEnabled && (slow || peak > uint64(size)+100*MB) {
				t.Errorf("took %v with a peak heap of %.1f MB: want the file's %.1f MB + 100 MB at most (and, with %s=1, under %v)",
					took, float64(peak)/MB, float64(size)/MB, testutil.HeavyEnv, hostileTimeLimit)
			}
			var said []string
			for _, f := range sum.Failed {
				said = append(said, f.Error)
			}
			for _, p := range sum.Partial {
				said = append(said, p.Reason)
			}
			said = append(said, sum.Warnings...)
			if !strings.Contains(strings.Join(said, "\n"), tt.message) {
				t.Errorf("no message containing %q: %q", tt.message, said)
			}
			var src model.Source
			var points int
			for sha, s := range sink.sources {
				src = s
				for _, ss := range sink.sessions[sha] {
					points += ss.Samples.Len()
					checkPositions(t, &ss)
				}
			}
			if src.Status != tt.status || points != tt.points {
				t.Errorf("stored status %q with %d points, want %q with %d", src.Status, points, tt.status, tt.points)
			}
		})
	}
}

// checkPositions fails t for a stored position that is not finite or out
// of range.
func checkPositions(t *testing.T, s *model.Session) {
	t.Helper()
	for i := range s.Samples.Len() {
		lat, lon := s.Samples.Lat[i], s.Samples.Lon[i]
		if model.Known(lat) != model.Known(lon) || model.Known(lat) && (math.IsInf(lat, 0) || math.IsInf(lon, 0) || math.Abs(lat) > 90 || math.Abs(lon) > 180) {
			t.Errorf("sample %d stored at %v, %v", i, lat, lon)
		}
	}
	if !model.Known(s.DistanceM) || math.IsInf(s.DistanceM, 0) || s.DistanceM < 0 || s.DistanceM > 1e6 {
		t.Errorf("distance %v m", s.DistanceM)
	}
}

// TestHostileXMLNesting: a million open elements, before or inside the
// track, stop the decoder at the depth limit: the points before are kept,
// and the file is named as partial with the byte where it broke.
func TestHostileXMLNesting(t *testing.T) {
	const deep = 1_000_000
	checkHostileXML(t, []hostileXMLCase{
		{name: "GPX, a million elements after the points", file: "deep.gpx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, gpxHead+xmlPts(0, 100)+"<extensions>", "<a>", 3*deep, strings.Repeat("</a>", deep)+"</extensions>"+gpxTail)
			}, status: model.StatusPartial, points: 100, message: "nested deeper than 256 levels"},
		{name: "GPX, a million elements in a point", file: "deep-point.gpx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, gpxHead+xmlPts(0, 50)+`<trkpt lat="46.6" lon="7.9"><extensions>`, "<x:a>", 5*deep, "")
			}, status: model.StatusPartial, points: 50, message: "nested deeper than 256 levels"},
		{name: "GPX, a million elements before anything", file: "deep-first.gpx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, `<?xml version="1.0"?><gpx>`, "<a>", 3*deep, "")
			}, message: "nested deeper than 256 levels"},
		{name: "TCX, a million elements after the points", file: "deep.tcx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, tcxHead+tcxPts(0, 100)+"<Extensions>", "<a>", 3*deep, "")
			}, status: model.StatusPartial, points: 100, message: "nested deeper than 256 levels"},
	})
}

// TestHostileXMLHugeAttribute: a 100 MB attribute (and a 100 MB text
// node) cost neither 100 MB of tokens nor a hang: the run is cut at 1 MiB
// with a message and the points around it are kept.
func TestHostileXMLHugeAttribute(t *testing.T) {
	testutil.NeedHeavy(t)
	const huge = 100 << 20
	checkHostileXML(t, []hostileXMLCase{
		{name: "GPX, a 100 MB attribute in a point", file: "attr.gpx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, gpxHead+xmlPts(0, 100)+`<trkpt lat="46.6" lon="7.9" note="`, "QUJD", huge, `"><time>2024-07-14T06:32:00Z</time></trkpt>`+xmlPts(200, 100)+gpxTail)
			}, status: model.StatusPartial, points: 100, message: "bytes dropped from text or tags longer than 1 MiB"},
		{name: "GPX, a 100 MB attribute on the root", file: "root.gpx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, `<?xml version="1.0"?><gpx creator="`, "x", huge, `">`+`<trk><trkseg>`+xmlPts(0, 100)+gpxTail)
			}, message: "not a GPX file: line 1: "}, // the cut run took the closing quote with it
		{name: "TCX, a 100 MB text node", file: "text.tcx",
			gen: func(t *testing.T, p string) int64 {
				return xmlGen(t, p, tcxHead+tcxPts(0, 100)+"<Trackpoint><Time>2024-07-14T06:32:00Z</Time><Extensions>", "QUJD", huge, "</Extensions></Trackpoint>"+tcxPts(200, 100)+tcxTail)
			}, status: model.StatusOK, points: 201, message: "bytes dropped from text or tags longer than 1 MiB"},
	})
	// The decoder alone, reading the file as a stream, stays within 100 MB.
	p := filepath.Join(t.TempDir(), "attr.gpx")
	xmlGen(t, p, gpxHead+xmlPts(0, 100)+`<trkpt lat="46.6" lon="7.9" note="`, "QUJD", huge, `"><time>2024-07-14T06:32:00Z</time></trkpt>`+xmlPts(200, 100)+gpxTail)
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var res *Result
	took, alloc, peak := costOf(func() { res, err = DecodeGPX(bufio.NewReader(io.Reader(f)), WithLocation(time.UTC)) })
	if err != nil {
		t.Fatal(err)
	}
	const MB = 1 << 20
	t.Logf("DecodeGPX from the file: %v, %.1f MB allocated, peak heap %.1f MB", took.Round(time.Millisecond), float64(alloc)/MB, float64(peak)/MB)
	if !testutil.RaceEnabled && (took > hostileTimeLimit || alloc > 100*MB || peak > 100*MB) {
		t.Errorf("DecodeGPX took %v, allocated %.1f MB, peak heap %.1f MB: want under %v, 100 MB, 100 MB", took, float64(alloc)/MB, float64(peak)/MB, hostileTimeLimit)
	}
	if len(res.Sessions) != 1 || res.Sessions[0].Samples.Len() < 100 {
		t.Errorf("kept %d sessions: want the points before the attribute", len(res.Sessions))
	}
}

// TestHostileXMLCoordinates: NaN, infinite, overflowing and out-of-range
// coordinates never reach a sample, a distance or a speed; the point keeps
// its time and the file imports.
func TestHostileXMLCoordinates(t *testing.T) {
	bad := [][2]string{{"NaN", "7.9"}, {"46.5", "nan"}, {"Inf", "7.9"}, {"46.5", "-Infinity"}, {"1e400", "7.9"},
		{"46.5", "-1e400"}, {"91", "7.9"}, {"-90.0001", "7.9"}, {"46.5", "180.5"}, {"46.5", "-181"},
		{"", "7.9"}, {"46.5", "abc"}, {"1e308", "1e308"}}
	var gpx, tcx strings.Builder
	gpx.WriteString(gpxHead + xmlPts(0, 10))
	tcx.WriteString(tcxHead + tcxPts(0, 10))
	for i, c := range bad {
		ts := synthStart.Add(time.Duration(10+i) * time.Second).Format(time.RFC3339)
		fmt.Fprintf(&gpx, `<trkpt lat="%s" lon="%s"><time>%s</time></trkpt>`, c[0], c[1], ts)
		fmt.Fprintf(&tcx, `<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%s</LatitudeDegrees><LongitudeDegrees>%s</LongitudeDegrees></Position></Trackpoint>`, ts, c[0], c[1])
	}
	n := 10 + len(bad)
	gpx.WriteString(xmlPts(n, 10) + gpxTail)
	tcx.WriteString(tcxPts(n, 10) + tcxTail)
	for _, tt := range []struct {
		name string
		doc  string
		dec  func(io.Reader, ...Option) (*Result, error)
	}{{"GPX", gpx.String(), DecodeGPX}, {"TCX", tcx.String(), DecodeTCX}} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tt.dec(strings.NewReader(tt.doc), WithLocation(time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Sessions) != 1 {
				t.Fatalf("%d sessions, want 1", len(res.Sessions))
			}
			s := &res.Sessions[0]
			checkPositions(t, s)
			positions := 0
			for i := range s.Samples.Len() {
				if model.Known(s.Samples.Lat[i]) {
					positions++
				}
				for _, v := range []float64{s.Samples.DistM[i], s.Samples.SpeedMPS[i]} {
					if math.IsInf(v, 0) || v < 0 || v > 1e6 {
						t.Errorf("sample %d: distance or speed %v", i, v)
					}
				}
			}
			if s.Samples.Len() != n+10 || positions != 20 {
				t.Errorf("%d points, %d with positions: want %d points, 20 with positions (the bad ones kept for their time)", s.Samples.Len(), positions, n+10)
			}
			// The good points 20 s apart on either side of the bad ones are
			// 0.0010° of latitude apart per 10 points: about 2.2 km in all,
			// not a jump across the globe.
			if s.DistanceM > 5000 {
				t.Errorf("distance %.0f m: a bad coordinate made a jump", s.DistanceM)
			}
		})
	}
}
