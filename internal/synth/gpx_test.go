package synth

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tkrajina/gpxgo/gpx"

	"github.com/backtrack/backtrack/model"
)

// gpxDoc is the part of a GPX file the tests read, namespaces included.
type gpxDoc struct {
	XMLName xml.Name `xml:"http://www.topografix.com/GPX/1/1 gpx"`
	Creator string   `xml:"creator,attr"`
	Version string   `xml:"version,attr"`
	Trk     struct {
		Name string `xml:"name"`
		Type string `xml:"type"`
		Pts  []struct {
			Lat  float64  `xml:"lat,attr"`
			Lon  float64  `xml:"lon,attr"`
			Ele  *float64 `xml:"ele"`
			Time string   `xml:"time"`
			HR   *int     `xml:"extensions>TrackPointExtension>hr"`
			Cad  *int     `xml:"extensions>TrackPointExtension>cad"`
		} `xml:"trkseg>trkpt"`
	} `xml:"trk"`
}

func parseGPX(t *testing.T, b []byte) gpxDoc {
	t.Helper()
	var d gpxDoc
	if err := xml.Unmarshal(b, &d); err != nil {
		t.Fatalf("GPX is not well-formed XML: %v", err)
	}
	return d
}

func TestWriteGPX(t *testing.T) {
	tests := []struct {
		name    string
		opts    GPXOptions
		creator string
		cad     int
	}{
		{name: "default strides", opts: GPXOptions{Type: "running"}, creator: "backtrack synth", cad: 86},
		{name: "strava steps", opts: GPXOptions{Creator: "StravaGPX", Type: "running", CadenceUnit: CadenceSteps},
			creator: "StravaGPX", cad: 171},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := testRun()
			s.Name = `Morning Run & "hills" — café`
			// A sample without a position is left out.
			s.Samples.Lat[5] = model.Missing
			var buf bytes.Buffer
			if err := WriteGPX(&buf, s, tc.opts); err != nil {
				t.Fatal(err)
			}
			d := parseGPX(t, buf.Bytes())
			if d.Creator != tc.creator || d.Version != "1.1" {
				t.Errorf("creator %q version %q", d.Creator, d.Version)
			}
			if d.Trk.Name != s.Name || d.Trk.Type != "running" {
				t.Errorf("name %q type %q", d.Trk.Name, d.Trk.Type)
			}
			// Sample 5 has no lat, sample 11 has nothing.
			if got, want := len(d.Trk.Pts), s.Samples.Len()-2; got != want {
				t.Fatalf("trkpts: got %d, want %d", got, want)
			}
			p0 := d.Trk.Pts[0]
			if p0.Time != "2024-03-30T06:45:00Z" {
				t.Errorf("first time %q", p0.Time)
			}
			if p0.HR == nil || *p0.HR != 140 || p0.Cad == nil || *p0.Cad != tc.cad {
				t.Errorf("hr %v cad %v, want 140 %d", p0.HR, p0.Cad, tc.cad)
			}
			if p0.Ele == nil || *p0.Ele != 60 {
				t.Errorf("ele %v, want 60", p0.Ele)
			}
			// Sample 10 has no heart rate: no hr element (not 0).
			if p := d.Trk.Pts[9]; p.HR != nil || p.Cad == nil {
				t.Errorf("point for sample 10: hr %v cad %v, want no hr", p.HR, p.Cad)
			}
			for i, p := range d.Trk.Pts {
				if !strings.HasSuffix(p.Time, "Z") {
					t.Fatalf("point %d time %q not UTC", i, p.Time)
				}
			}

			// A real GPX library reads the same points and times.
			g, err := gpx.ParseBytes(buf.Bytes())
			if err != nil {
				t.Fatalf("gpxgo: %v", err)
			}
			if len(g.Tracks) != 1 || len(g.Tracks[0].Segments) != 1 {
				t.Fatalf("gpxgo tracks: %+v", g.Tracks)
			}
			pts := g.Tracks[0].Segments[0].Points
			if len(pts) != len(d.Trk.Pts) {
				t.Errorf("gpxgo points %d, want %d", len(pts), len(d.Trk.Pts))
			}
			if last := pts[len(pts)-1].Timestamp; !last.Equal(testStart.Add(420 * time.Second)) {
				t.Errorf("gpxgo last time %v", last)
			}
		})
	}
}

func TestWriteGPXCyclingCadence(t *testing.T) {
	s := model.NewSession(model.Cycling, testStart)
	x := model.MissingSample(0)
	x.Lat, x.Lon, x.CadenceSPM = 1, 2, 90
	s.Samples.Append(x)
	var buf bytes.Buffer
	if err := WriteGPX(&buf, s, GPXOptions{}); err != nil {
		t.Fatal(err)
	}
	d := parseGPX(t, buf.Bytes())
	if got := d.Trk.Pts; len(got) != 1 || got[0].Cad == nil || *got[0].Cad != 90 || got[0].Ele != nil || got[0].HR != nil {
		t.Errorf("cycling point: %+v", got)
	}
}

func TestWriteGPXBadUnit(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGPX(&buf, testRun(), GPXOptions{CadenceUnit: "rpm"}); err == nil {
		t.Fatal("no error for an unknown cadence unit")
	}
}

func TestWriteGPXFractionalTime(t *testing.T) {
	s := model.NewSession(model.Running, testStart)
	x := model.MissingSample(1.5)
	x.Lat, x.Lon = 1, 2
	s.Samples.Append(x)
	var buf bytes.Buffer
	if err := WriteGPX(&buf, s, GPXOptions{}); err != nil {
		t.Fatal(err)
	}
	d := parseGPX(t, buf.Bytes())
	if diff := cmp.Diff("2024-03-30T06:45:01.5Z", d.Trk.Pts[0].Time); diff != "" {
		t.Error(diff)
	}
}

func TestWriteGPXPrecision(t *testing.T) {
	s := model.NewSession(model.Running, testStart)
	x := model.MissingSample(0)
	x.Lat, x.Lon, x.AltM = 53.123456789, -1.98765432, 90.20000000000005
	s.Samples.Append(x)
	var buf bytes.Buffer
	if err := WriteGPX(&buf, s, GPXOptions{}); err != nil {
		t.Fatal(err)
	}
	want := `<trkpt lat="53.1234568" lon="-1.9876543"><ele>90.2</ele>`
	if !strings.Contains(buf.String(), want) {
		t.Errorf("GPX lacks %s:\n%s", want, buf.String())
	}
}
