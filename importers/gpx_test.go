package importers

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tkrajina/gpxgo/gpx"
	"golang.org/x/text/encoding/unicode"

	"github.com/backtrack/backtrack/internal/synth"
	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/model"
)

// xmlLatStep is the haversine length in metres of 0.0001° of latitude
// (earth radius 6,371 km), the spacing of the hand-written test tracks.
const xmlLatStep = 6371000 * math.Pi / 180 * 0.0001

// xmlApprox compares floats to 0.01 and NaN equal to NaN.
var xmlApprox = cmp.Options{cmpopts.EquateApprox(0, 0.01), cmpopts.EquateNaNs()}

// xmlSum is the part of a session the table tests compare.
type xmlSum struct {
	Sport     model.Sport
	Start     string // RFC 3339 with fraction, UTC
	OffsetS   int
	Origin    model.OffsetOrigin
	N         int
	ElapsedS  float64
	TimerS    float64
	DistanceM float64
	AscentM   float64
	DescentM  float64
	AvgHR     float64
	AvgCad    float64
	Device    string
	Name      string
	T         []float64
	Cadence   []float64
	Speed     []float64
	Laps      int
}

// xmlSummarise returns the comparable summary of each session.
func xmlSummarise(ss []model.Session) []xmlSum {
	var out []xmlSum
	for _, s := range ss {
		out = append(out, xmlSum{
			Sport: s.Sport, Start: s.Start.Format(time.RFC3339Nano), OffsetS: s.OffsetS, Origin: s.OffsetOrigin,
			N: s.Samples.Len(), ElapsedS: s.ElapsedS, TimerS: s.TimerS, DistanceM: s.DistanceM,
			AscentM: s.AscentM, DescentM: s.DescentM, AvgHR: s.AvgHR, AvgCad: s.AvgCadenceSPM,
			Device: s.Device, Name: s.Name, T: s.Samples.T, Cadence: s.Samples.CadenceSPM,
			Speed: s.Samples.SpeedMPS, Laps: len(s.Laps),
		})
	}
	return out
}

// xmlReadFile returns a testdata file's bytes.
func xmlReadFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xmlCheckInvariants fails t unless every session of res is well formed:
// UTC start, equal column lengths, sample times from 0 and non-decreasing,
// no zero where a value is missing in heart rate.
func xmlCheckInvariants(t testing.TB, res *Result) {
	t.Helper()
	for i, s := range res.Sessions {
		if s.Start.Location() != time.UTC {
			t.Errorf("session %d: start %v not in UTC", i, s.Start)
		}
		n := s.Samples.Len()
		for j, c := range s.Samples.Columns() {
			if len(*c) != n {
				t.Errorf("session %d: column %s has %d values, want %d", i, model.SampleColumns[j], len(*c), n)
			}
		}
		for j := 0; j < n; j++ {
			if math.IsNaN(s.Samples.T[j]) || s.Samples.T[j] < 0 || (j > 0 && s.Samples.T[j] < s.Samples.T[j-1]) {
				t.Errorf("session %d: sample %d time %v out of order", i, j, s.Samples.T[j])
				break
			}
			if s.Samples.HR[j] == 0 {
				t.Errorf("session %d: sample %d heart rate 0 (missing must be NaN)", i, j)
				break
			}
		}
		if model.Known(s.ElapsedS) && s.ElapsedS < 0 {
			t.Errorf("session %d: negative elapsed %v", i, s.ElapsedS)
		}
	}
}

func TestDecodeGPXFiles(t *testing.T) {
	tests := []struct {
		file     string
		status   model.SourceStatus
		damage   string
		warnings []string
		want     []xmlSum
	}{
		{
			// Garmin Connect writes strides/min: doubled for a run.
			file: "gpx/garmin_run.gpx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-03-05T06:30:00Z", OffsetS: 3600, Origin: model.OffsetZone,
				N: 6, ElapsedS: 25, TimerS: model.Missing, DistanceM: 5 * xmlLatStep, AscentM: 5, DescentM: 0,
				AvgHR: 132.5, AvgCad: 172, Device: "Garmin Connect", Name: "Ljubljana Running",
				T:       []float64{0, 5, 10, 15, 20, 25},
				Cadence: []float64{168, 170, 172, 174, 176, 172},
				Speed:   []float64{math.NaN(), xmlLatStep / 5, xmlLatStep / 5, xmlLatStep / 5, xmlLatStep / 5, xmlLatStep / 5},
			}},
		},
		{
			// Strava writes steps/min: kept. Two segments: no distance or
			// speed across the 60 s gap; the numeric type 9 is a run.
			file: "gpx/strava_run.gpx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-03-06T17:10:00Z", OffsetS: 3600, Origin: model.OffsetZone,
				N: 6, ElapsedS: 76, TimerS: model.Missing, DistanceM: 4 * xmlLatStep, AscentM: 4, DescentM: 0,
				AvgHR: 137.5, AvgCad: (170 + 172 + 174 + 176 + 178 + 172) / 6.0, Device: "StravaGPX iPhone", Name: "Evening Run",
				T:       []float64{0, 4, 8, 68, 72, 76},
				Cadence: []float64{170, 172, 174, 176, 178, 172},
				Speed:   []float64{math.NaN(), xmlLatStep / 4, xmlLatStep / 4, math.NaN(), xmlLatStep / 4, xmlLatStep / 4},
			}},
		},
		{
			// TrackPointExtension without namespace prefixes; an unknown
			// writer's run cadence of 80–84 is strides.
			file: "gpx/noprefix_ext.gpx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-04-01T05:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 4, ElapsedS: 9, TimerS: model.Missing, DistanceM: 20.19, AscentM: 0, DescentM: 3,
				AvgHR: 116, AvgCad: 164.5, Device: "OpenTracks", Name: "Tempo",
				T:       []float64{0, 3, 6, 9},
				Cadence: []float64{160, 164, 166, 168},
				Speed:   []float64{math.NaN(), 20.19 / 9, 20.19 / 9, 20.19 / 9},
			}},
		},
		{
			// +02:00 times: the device's offset; one point has a fraction of
			// a second before its offset (gpxgo would drop the offset).
			// Hiking strides (≈ 51/min) from an unknown writer are doubled.
			file: "gpx/offset_hike.gpx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Hiking, Start: "2024-06-01T06:00:00Z", OffsetS: 7200, Origin: model.OffsetDevice,
				N: 5, ElapsedS: 40, TimerS: model.Missing, DistanceM: 4 * xmlLatStep, AscentM: 12, DescentM: 0,
				AvgHR: model.Missing, AvgCad: (100 + 104 + 102 + 106 + 104) / 5.0, Device: "Bergsteiger App 2.3", Name: "Triglav",
				T:       []float64{0, 10, 20.5, 30, 40},
				Cadence: []float64{100, 104, 102, 106, 104},
				Speed:   []float64{math.NaN(), xmlLatStep / 10, xmlLatStep / 10.5, xmlLatStep / 9.5, xmlLatStep / 10},
			}},
		},
		{
			// Cycling cadence is rpm, never doubled.
			file: "gpx/garmin_ride.gpx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Cycling, Start: "2024-05-10T15:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 4, ElapsedS: 15, TimerS: model.Missing, DistanceM: 15 * xmlLatStep, AscentM: 6, DescentM: 0,
				AvgHR: 141.5, AvgCad: 90, Device: "Garmin Connect", Name: "Afternoon Spin",
				T:       []float64{0, 5, 10, 15},
				Cadence: []float64{88, 90, 92, 90},
				Speed:   []float64{math.NaN(), xmlLatStep, xmlLatStep, xmlLatStep},
			}},
		},
		{
			// Latin-1 bytes in the name, declared in the XML declaration.
			file: "gpx/iso8859_1.gpx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2023-09-09T07:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 3, ElapsedS: 8, TimerS: model.Missing, DistanceM: 2 * xmlLatStep, AscentM: 2, DescentM: 0,
				AvgHR: model.Missing, AvgCad: model.Missing, Device: "OziExplorer Version 3954q", Name: "Course à pied près du lac",
				T:       []float64{0, 4, 8},
				Cadence: []float64{math.NaN(), math.NaN(), math.NaN()},
				Speed:   []float64{math.NaN(), xmlLatStep / 4, xmlLatStep / 4},
			}},
		},
		{
			// Sports from whole words of the names only; a point without a
			// time, one going back in time and one at 0,0 (no fix).
			file: "gpx/three_tracks.gpx", status: model.StatusOK,
			warnings: []string{
				`track 1 ("Morning Run"): 1 point without a time left out`,
				`track 1 ("Morning Run"): 1 point more than 3 s earlier than the point before left out`,
			},
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-07-01T05:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 4, ElapsedS: 20, TimerS: model.Missing, DistanceM: 4 * xmlLatStep, AscentM: model.Missing, DescentM: model.Missing,
				AvgHR: model.Missing, AvgCad: model.Missing, Device: "tapiriik-sync", Name: "Morning Run",
				T:       []float64{0, 10, 15, 20},
				Cadence: []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()},
				Speed:   []float64{math.NaN(), 2 * xmlLatStep / 10, math.NaN(), 2 * xmlLatStep / 10},
			}, {
				Sport: model.Cycling, Start: "2024-07-01T11:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 2, ElapsedS: 20, TimerS: model.Missing, DistanceM: 10 * xmlLatStep, AscentM: model.Missing, DescentM: model.Missing,
				AvgHR: model.Missing, AvgCad: model.Missing, Device: "tapiriik-sync", Name: "Lunch Ride",
				T:       []float64{0, 20},
				Cadence: []float64{math.NaN(), math.NaN()},
				Speed:   []float64{math.NaN(), 10 * xmlLatStep / 20},
			}, {
				Sport: model.Other, Start: "2024-07-01T18:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 2, ElapsedS: 30, TimerS: model.Missing, DistanceM: 10 * xmlLatStep, AscentM: model.Missing, DescentM: model.Missing,
				AvgHR: model.Missing, AvgCad: model.Missing, Device: "tapiriik-sync", Name: "Rundfahrt 07/01",
				T:       []float64{0, 30},
				Cadence: []float64{math.NaN(), math.NaN()},
				Speed:   []float64{math.NaN(), 10 * xmlLatStep / 30},
			}},
		},
		{
			// Cut inside the fifth point: four whole points are kept.
			file: "gpx/garmin_run_truncated.gpx", status: model.StatusPartial,
			damage: "XML ends early at byte 2,111: kept 4 points",
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-03-05T06:30:00Z", OffsetS: 3600, Origin: model.OffsetZone,
				N: 4, ElapsedS: 15, TimerS: model.Missing, DistanceM: 3 * xmlLatStep, AscentM: 2.4, DescentM: 0,
				AvgHR: 127.5, AvgCad: 171, Device: "Garmin Connect", Name: "Ljubljana Running",
				T:       []float64{0, 5, 10, 15},
				Cadence: []float64{168, 170, 172, 174},
				Speed:   []float64{math.NaN(), xmlLatStep / 5, xmlLatStep / 5, xmlLatStep / 5},
			}},
		},
	}
	loc := xmlLjubljana(t)
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			res, err := DecodeGPX(bytes.NewReader(xmlReadFile(t, tc.file)), WithLocation(loc))
			if err != nil {
				t.Fatalf("DecodeGPX: %v", err)
			}
			xmlCheckInvariants(t, res)
			if res.Format != model.FormatGPX || res.Status != tc.status || res.Damage != tc.damage {
				t.Errorf("format, status, damage = %q, %q, %q; want gpx, %q, %q", res.Format, res.Status, res.Damage, tc.status, tc.damage)
			}
			if diff := cmp.Diff(tc.warnings, res.Warnings, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, xmlSummarise(res.Sessions), xmlApprox); diff != "" {
				t.Errorf("sessions (-want +got):\n%s", diff)
			}
		})
	}
}

// xmlLjubljana returns Europe/Ljubljana (UTC+1, +2 in summer), or skips.
func xmlLjubljana(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Ljubljana")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	return loc
}

// xmlGPX returns a one-track GPX document by creator, with the track's type
// and name (left out when "") and one point per cadence value, 5 s apart.
func xmlGPX(creator, typ, name string, cads ...float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><gpx version="1.1" creator=%q xmlns="http://www.topografix.com/GPX/1/1" xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk>`, creator)
	if name != "" {
		fmt.Fprintf(&b, "<name>%s</name>", name)
	}
	if typ != "" {
		fmt.Fprintf(&b, "<type>%s</type>", typ)
	}
	b.WriteString("<trkseg>")
	if len(cads) == 0 {
		cads = []float64{math.NaN(), math.NaN()}
	}
	for i, c := range cads {
		fmt.Fprintf(&b, `<trkpt lat="%.4f" lon="14.5"><time>2024-03-05T06:30:%02dZ</time>`, 46.05+0.0001*float64(i), 5*i)
		if !math.IsNaN(c) {
			fmt.Fprintf(&b, "<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>%g</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions>", c)
		}
		b.WriteString("</trkpt>")
	}
	b.WriteString("</trkseg></trk></gpx>")
	return b.String()
}

func TestDecodeGPXCadenceUnits(t *testing.T) {
	const contradicted = "looks like"
	tests := []struct {
		name, creator, typ string
		cad                []float64
		want               []float64
		warn               string // substring of the only warning, or "" for none
	}{
		{"garmin run strides", "Garmin Connect", "running", []float64{85, 86, 0}, []float64{170, 172, 0}, ""},
		{"garmin device run strides", "Forerunner 965", "running", []float64{85, 86}, []float64{170, 172}, ""},
		{"strava run steps", "StravaGPX Android", "9", []float64{170, 172}, []float64{170, 172}, ""},
		{"strava run in strides contradicts", "StravaGPX", "Run", []float64{85, 86}, []float64{170, 172}, contradicted},
		{"garmin run in steps contradicts", "Garmin Connect", "running", []float64{168, 170}, []float64{168, 170}, contradicted},
		{"unknown run strides by magnitude", "HealthFit", "running", []float64{75, 76}, []float64{150, 152}, ""},
		{"unknown run steps by magnitude", "RunGap", "running", []float64{165, 166}, []float64{165, 166}, ""},
		{"garmin walk strides", "Garmin Connect", "walking", []float64{55, 56}, []float64{110, 112}, ""},
		{"garmin walk stays strides even if high", "Garmin Connect", "walking", []float64{90, 92}, []float64{180, 184}, ""},
		{"strava walk steps", "StravaGPX", "10", []float64{110, 112}, []float64{110, 112}, ""},
		{"unknown walk strides", "Some App", "walking", []float64{55, 56}, []float64{110, 112}, ""},
		{"unknown hike steps", "Some App", "hiking", []float64{100, 104}, []float64{100, 104}, ""},
		{"cycling rpm never doubled", "Garmin Connect", "cycling", []float64{45, 46}, []float64{45, 46}, ""},
		{"other sport untouched", "Garmin Connect", "", []float64{85, 86}, []float64{85, 86}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeGPX(strings.NewReader(xmlGPX(tc.creator, tc.typ, "", tc.cad...)), WithLocation(time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Sessions) != 1 {
				t.Fatalf("got %d sessions, want 1", len(res.Sessions))
			}
			if diff := cmp.Diff(tc.want, res.Sessions[0].Samples.CadenceSPM); diff != "" {
				t.Errorf("cadence (-want +got):\n%s", diff)
			}
			switch {
			case tc.warn == "" && len(res.Warnings) > 0:
				t.Errorf("unexpected warnings %q", res.Warnings)
			case tc.warn != "" && (len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], tc.warn)):
				t.Errorf("warnings %q, want one containing %q", res.Warnings, tc.warn)
			}
		})
	}
}

func TestDecodeGPXSport(t *testing.T) {
	tests := []struct {
		name, creator, typ, trkName string
		want                        model.Sport
	}{
		{"type running", "x", "running", "", model.Running},
		{"type trail_running", "x", "trail_running", "", model.Running},
		{"type Run", "x", "Run", "", model.Running},
		{"type road_biking", "x", "road_biking", "", model.Cycling},
		{"type VirtualRide", "x", "VirtualRide", "", model.Cycling},
		{"type walking", "x", "walking", "", model.Walking},
		{"type hiking", "x", "hiking", "", model.Hiking},
		{"type open_water_swimming", "x", "open_water_swimming", "", model.Swimming},
		{"type strength_training", "x", "strength_training", "", model.Strength},
		{"type unknown word", "x", "kayaking", "Morning Run", model.Other},
		{"strava 1 is a ride", "StravaGPX", "1", "", model.Cycling},
		{"strava 9 is a run", "StravaGPX iPhone", "9", "", model.Running},
		{"strava 4 is a hike", "StravaGPX", "4", "", model.Hiking},
		{"strava 10 is a walk", "StravaGPX", "10", "", model.Walking},
		{"strava 16 is a swim", "StravaGPX", "16", "", model.Swimming},
		{"number from another writer", "Runtastic", "1", "", model.Other},
		{"no type, name Morning Run", "x", "", "Morning Run", model.Running},
		{"no type, name Lunch Ride", "x", "", "Lunch Ride", model.Cycling},
		{"no type, name Evening Walk", "x", "", "Evening Walk", model.Walking},
		{"no type, name Hike to the lake", "x", "", "Hike to the lake", model.Hiking},
		{"no type, name without sport word", "x", "", "Brunch trip", model.Other},
		{"no type, no name", "x", "", "", model.Other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeGPX(strings.NewReader(xmlGPX(tc.creator, tc.typ, tc.trkName)), WithLocation(time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if got := res.Sessions[0].Sport; got != tc.want {
				t.Errorf("sport = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDecodeGPXTimes(t *testing.T) {
	loc := xmlLjubljana(t)
	tests := []struct {
		name   string
		times  [2]string
		start  string
		offS   int
		origin model.OffsetOrigin
		span   float64
	}{
		{"UTC in winter takes the zone", [2]string{"2024-01-15T07:00:00Z", "2024-01-15T07:00:10Z"}, "2024-01-15T07:00:00Z", 3600, model.OffsetZone, 10},
		{"UTC in summer takes the zone with DST", [2]string{"2024-07-15T07:00:00Z", "2024-07-15T07:00:10Z"}, "2024-07-15T07:00:00Z", 7200, model.OffsetZone, 10},
		{"explicit offset is the device's", [2]string{"2024-07-15T09:00:00+02:00", "2024-07-15T09:00:10+02:00"}, "2024-07-15T07:00:00Z", 7200, model.OffsetDevice, 10},
		{"half-hour offset kept", [2]string{"2024-07-15T12:30:00+05:30", "2024-07-15T12:30:10+05:30"}, "2024-07-15T07:00:00Z", 19800, model.OffsetDevice, 10},
		{"negative offset", [2]string{"2024-07-15T03:00:00-04:00", "2024-07-15T03:00:10-04:00"}, "2024-07-15T07:00:00Z", -14400, model.OffsetDevice, 10},
		{"+00:00 is UTC, not a device offset", [2]string{"2024-07-15T07:00:00+00:00", "2024-07-15T07:00:10+00:00"}, "2024-07-15T07:00:00Z", 7200, model.OffsetZone, 10},
		{"fraction before offset", [2]string{"2024-07-15T09:00:00.250+02:00", "2024-07-15T09:00:10.750+02:00"}, "2024-07-15T07:00:00.25Z", 7200, model.OffsetDevice, 10.5},
		{"no zone is UTC", [2]string{"2024-07-15T07:00:00", "2024-07-15T07:00:10"}, "2024-07-15T07:00:00Z", 7200, model.OffsetZone, 10},
		{"space instead of T", [2]string{"2024-07-15 07:00:00Z", "2024-07-15 07:00:10Z"}, "2024-07-15T07:00:00Z", 7200, model.OffsetZone, 10},
		{"lower-case z", [2]string{"2024-07-15T07:00:00z", "2024-07-15T07:00:10z"}, "2024-07-15T07:00:00Z", 7200, model.OffsetZone, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `<gpx creator="x"><trk><trkseg>` +
				`<trkpt lat="46.05" lon="14.5"><time>` + tc.times[0] + `</time></trkpt>` +
				`<trkpt lat="46.0501" lon="14.5"><time>` + tc.times[1] + `</time></trkpt>` +
				`</trkseg></trk></gpx>`
			res, err := DecodeGPX(strings.NewReader(doc), WithLocation(loc))
			if err != nil {
				t.Fatal(err)
			}
			s := res.Sessions[0]
			got := fmt.Sprint(s.Start.Format(time.RFC3339Nano), " ", s.OffsetS, " ", s.OffsetOrigin, " ", s.ElapsedS)
			want := fmt.Sprint(tc.start, " ", tc.offS, " ", tc.origin, " ", tc.span)
			if got != want {
				t.Errorf("start offset origin span = %s, want %s", got, want)
			}
		})
	}
}

func TestDecodeGPXSkips(t *testing.T) {
	tests := []struct {
		name, doc, reason string
	}{
		{"route and untimed track", string(xmlReadFile(t, "gpx/route_no_times.gpx")), "a route, not an activity"},
		{"few timed points in a long track", `<gpx><trk><trkseg>` +
			`<trkpt lat="1" lon="1"><time>2024-01-01T10:00:00Z</time></trkpt><trkpt lat="1.001" lon="1"/>` +
			`<trkpt lat="1.002" lon="1"/><trkpt lat="1.003" lon="1"><time>2024-01-01T10:05:00Z</time></trkpt>` +
			`<trkpt lat="1.004" lon="1"/><trkpt lat="1.005" lon="1"/></trkseg></trk></gpx>`, "a route, not an activity"},
		{"route only", `<gpx version="1.1"><rte><rtept lat="1" lon="2"/></rte></gpx>`, "a route, not an activity"},
		{"waypoints only", `<gpx version="1.1"><wpt lat="1" lon="2"><time>2024-01-01T00:00:00Z</time></wpt></gpx>`, "waypoints only, not an activity"},
		{"empty gpx", `<?xml version="1.0"?><gpx version="1.1" creator="x"/>`, "no track points, nothing to import"},
		{"single timed point", `<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`,
			"a single timed point, not an activity"},
		{"receiver without a fix", `<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>1901-12-13T20:45:52.2073437Z</time></trkpt>` +
			`<trkpt lat="1" lon="2.001"><time>1901-12-13T20:45:52.2073437Z</time></trkpt></trkseg></trk></gpx>`,
			"no usable times: 2 points with impossible dates (such as 1901-12-13T20:45:52Z)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeGPX(strings.NewReader(tc.doc))
			reason, ok := IsSkip(err)
			if !ok || reason != tc.reason {
				t.Errorf("DecodeGPX = %v, %v; want skip %q", res, err, tc.reason)
			}
		})
	}
}

func TestDecodeGPXNotGPX(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"empty", "", "not a GPX file: no XML element found"},
		{"blank", " \n\t", "not a GPX file: no XML element found"},
		{"plain text", "hello, world\n", "not a GPX file: no XML element found"},
		{"JSON", `{"type":"FeatureCollection"}`, "not a GPX file: no XML element found"},
		{"TCX", string(xmlReadFile(t, "tcx/garmin_run.tcx")), "not a GPX file: the root element is <TrainingCenterDatabase>"},
		{"KML", `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>`, "not a GPX file: the root element is <kml>"},
		{"PNG", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a GPX file: "},
		{"broken markup", "<gpx", "not a GPX file: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeGPX(strings.NewReader(tc.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("DecodeGPX = %v, %v; want error starting %q", res, err, tc.want)
			}
			if !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("error %q does not match ErrUnknownFormat", err)
			}
			if _, skip := IsSkip(err); skip {
				t.Errorf("error %v is a skip, want a failure", err)
			}
		})
	}
}

// TestDecodeGPXCutEverywhere cuts a GPX file at every byte: a cut never
// panics, keeps only whole points (never more as the cut moves earlier) and
// is partial unless only the end tag's tail is missing.
func TestDecodeGPXCutEverywhere(t *testing.T) {
	full := xmlReadFile(t, "gpx/strava_run.gpx")
	prevKept := 0
	for n := 0; n <= len(full); n++ {
		res, err := DecodeGPX(bytes.NewReader(full[:n]), WithLocation(time.UTC))
		if err != nil {
			if prevKept > 0 {
				t.Fatalf("cut at %d: %v after an earlier cut kept %d points", n, err, prevKept)
			}
			if _, skip := IsSkip(err); skip {
				t.Fatalf("cut at %d: skip %v, want an error for a damaged file", n, err)
			}
			continue
		}
		xmlCheckInvariants(t, res)
		kept := res.Sessions[0].Samples.Len()
		if kept < prevKept || kept > 6 {
			t.Fatalf("cut at %d: kept %d points after %d", n, kept, prevKept)
		}
		prevKept = kept
		closed := bytes.Contains(full[:n], []byte("</gpx>"))
		switch {
		case !closed && (res.Status != model.StatusPartial || !strings.HasPrefix(res.Damage, fmt.Sprintf("XML ends early at byte %s: kept ", xmlCommas(int64(n))))):
			t.Fatalf("cut at %d: status %q damage %q, want partial", n, res.Status, res.Damage)
		case closed && res.Status != model.StatusOK:
			t.Fatalf("cut at %d (after </gpx>): status %q", n, res.Status)
		}
	}
	if prevKept != 6 {
		t.Errorf("whole file kept %d points, want 6", prevKept)
	}
}

// TestDecodeGPXBroken: markup broken in the middle keeps what came before.
func TestDecodeGPXBroken(t *testing.T) {
	full := string(xmlReadFile(t, "gpx/garmin_run.gpx"))
	i := strings.Index(full, "<trkpt lat=\"46.0503")
	doc := full[:i] + "<trkpt lat=\"46.0503\" <<>> garbage" + full[i:]
	res, err := DecodeGPX(strings.NewReader(doc), WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != model.StatusPartial || !strings.HasPrefix(res.Damage, "XML broken at byte ") || !strings.HasSuffix(res.Damage, "kept 3 points") {
		t.Errorf("status %q damage %q, want partial, broken, 3 points", res.Status, res.Damage)
	}
}

func TestDecodeGPXEncodings(t *testing.T) {
	utf8Doc := xmlReadFile(t, "gpx/garmin_run.gpx")
	want, err := DecodeGPX(bytes.NewReader(utf8Doc), WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	utf16 := func(e unicode.Endianness, bom unicode.BOMPolicy) []byte {
		doc := bytes.Replace(utf8Doc, []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1)
		b, err := unicode.UTF16(e, bom).NewEncoder().Bytes(doc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		doc  []byte
		warn []string
	}{
		{"UTF-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, utf8Doc...), nil},
		{"UTF-16LE with BOM", utf16(unicode.LittleEndian, unicode.UseBOM), nil},
		{"UTF-16BE with BOM", utf16(unicode.BigEndian, unicode.UseBOM), nil},
		{"UTF-16LE without BOM", utf16(unicode.LittleEndian, unicode.IgnoreBOM), nil},
		{"UTF-8 labelled UTF-16", bytes.Replace(utf8Doc, []byte(`encoding="UTF-8"`), []byte(`encoding="UTF-16"`), 1), nil},
		{"windows-1252 label", bytes.Replace(utf8Doc, []byte(`encoding="UTF-8"`), []byte(`encoding="windows-1252"`), 1), nil},
		{"unknown label", bytes.Replace(utf8Doc, []byte(`encoding="UTF-8"`), []byte(`encoding="x-klingon"`), 1),
			[]string{`unknown text encoding "x-klingon": read as UTF-8`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DecodeGPX(bytes.NewReader(tc.doc), WithLocation(time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.warn, got.Warnings, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(xmlSummarise(want.Sessions), xmlSummarise(got.Sessions), xmlApprox); diff != "" {
				t.Errorf("sessions differ from the UTF-8 file's (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeGPXWithoutSamples(t *testing.T) {
	doc := xmlReadFile(t, "gpx/garmin_run.gpx")
	full, err := DecodeGPX(bytes.NewReader(doc), WithLocation(time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	bare, err := DecodeGPX(bytes.NewReader(doc), WithLocation(time.UTC), WithoutSamples())
	if err != nil {
		t.Fatal(err)
	}
	if n := bare.Sessions[0].Samples.Len(); n != 0 {
		t.Errorf("WithoutSamples kept %d samples", n)
	}
	want := full.Sessions[0]
	want.Samples = model.Samples{}
	if diff := cmp.Diff(want, bare.Sessions[0], cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("summary differs without samples (-want +got):\n%s", diff)
	}
}

// TestDecodeGPXSizeCap: a file longer than the read cap keeps what was read
// and says so.
func TestDecodeGPXSizeCap(t *testing.T) {
	doc := xmlReadFile(t, "gpx/garmin_run.gpx")
	d := &gpxDecoder{o: &Options{Location: time.UTC}, s: newXMLStreamLimit(bytes.NewReader(doc), 2000)}
	res, err := d.decode()
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != model.StatusPartial || res.Damage != "file is larger than 2,000 bytes: read the first 2,000 bytes only, kept 4 points" {
		t.Errorf("status %q damage %q", res.Status, res.Damage)
	}
}

// TestDecodeGPXGpxgoFiles decodes every file of gpxgo's test_files: each
// imports with the expected tracks and point counts or is skipped for the
// expected reason. Imported tracks are checked against gpxgo's own parse:
// the same timed points, the same uphill and downhill, and a length within
// 0.5% (gpxgo's Length2D approximates short hops on a flat earth).
func TestDecodeGPXGpxgoFiles(t *testing.T) {
	dir := testutil.ModuleFiles(t, "github.com/tkrajina/gpxgo", "test_files")
	type track struct {
		name   string
		points int
	}
	tests := []struct {
		file   string
		skip   string
		tracks []track
		warns  int
	}{
		{file: "Mojstrovka.gpx", skip: "no usable times: 184 points with impossible dates (such as 1901-12-13T20:45:52Z)"},
		{file: "cerknicko-without-times.gpx", skip: "a route, not an activity"},
		{file: "file.gpx", tracks: []track{{"17-MRZ-12 16:44:12", 4}}},
		{file: "gpx-without-root-attributes.gpx", skip: "no usable times: 1 point with impossible dates (such as 1901-12-13T20:45:52Z)"},
		{file: "gpx-without-xml-declaration.gpx", skip: "no usable times: 1 point with impossible dates (such as 1901-12-13T20:45:52Z)"},
		{file: "gpx1.0_with_all_fields.gpx", skip: "a single timed point, not an activity"},
		{file: "gpx1.1_with_all_fields.gpx", skip: "a single timed point, not an activity"},
		{file: "gpx1.1_with_extensions.gpx", skip: "a single timed point, not an activity"},
		{file: "gpx1.1_with_extensions_without_namespaces.gpx", skip: "waypoints only, not an activity"},
		{file: "gpx_with_garmin_extension.gpx", skip: "waypoints only, not an activity"},
		{file: "graphhopper.gpx.gz", skip: "a route, not an activity"},
		{file: "iso8859-1encoded.gpx", skip: "waypoints only, not an activity"},
		{file: "korita-zbevnica.gpx", tracks: []track{{"ACTIVE LOG", 176}, {"ACTIVE LOG #2", 337}}, warns: 3}, // 2 sports inferred from speed
		{file: "visnjan.gpx", tracks: []track{{"8/22/2014 18:48", 413}}, warns: 1},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		seen[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(tc.file, ".gz") {
				zr, err := gzip.NewReader(bytes.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				if raw, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			res, err := DecodeGPX(bytes.NewReader(raw), WithLocation(time.UTC))
			if tc.skip != "" {
				if reason, ok := IsSkip(err); !ok || reason != tc.skip {
					t.Fatalf("DecodeGPX = %v; want skip %q", err, tc.skip)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			xmlCheckInvariants(t, res)
			if len(res.Warnings) != tc.warns || res.Status != model.StatusOK {
				t.Errorf("status %q, warnings %q; want ok and %d warnings", res.Status, res.Warnings, tc.warns)
			}
			var got []track
			for _, s := range res.Sessions {
				got = append(got, track{s.Name, s.Samples.Len()})
			}
			if diff := cmp.Diff(tc.tracks, got, cmp.AllowUnexported(track{})); diff != "" {
				t.Fatalf("tracks (-want +got):\n%s", diff)
			}
			g, err := gpx.ParseBytes(raw)
			if err != nil {
				t.Fatalf("gpxgo: %v", err)
			}
			for _, s := range res.Sessions {
				xmlCompareGpxgo(t, g, s)
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !seen[e.Name()] {
			t.Errorf("gpxgo test file %s has no expectation", e.Name())
		}
	}
}

// xmlCompareGpxgo checks a session against the gpxgo track of the same name.
func xmlCompareGpxgo(t *testing.T, g *gpx.GPX, s model.Session) {
	t.Helper()
	for _, trk := range g.Tracks {
		if trk.Name != s.Name {
			continue
		}
		timed := 0
		for _, seg := range trk.Segments {
			for _, p := range seg.Points {
				if !p.Timestamp.IsZero() {
					timed++
				}
			}
		}
		if timed != s.Samples.Len() {
			t.Errorf("%s: %d samples, gpxgo has %d timed points", s.Name, s.Samples.Len(), timed)
		}
		ud := trk.UphillDownhill()
		if math.Abs(ud.Uphill-s.AscentM) > 1e-9 || math.Abs(ud.Downhill-s.DescentM) > 1e-9 {
			t.Errorf("%s: ascent/descent %v/%v, gpxgo %v/%v", s.Name, s.AscentM, s.DescentM, ud.Uphill, ud.Downhill)
		}
		if l := trk.Length2D(); math.Abs(l-s.DistanceM) > 0.005*l {
			t.Errorf("%s: distance %v, gpxgo Length2D %v", s.Name, s.DistanceM, l)
		}
		if !trk.Segments[0].Points[0].Timestamp.Equal(s.Start) {
			t.Errorf("%s: start %v, gpxgo's first point %v", s.Name, s.Start, trk.Segments[0].Points[0].Timestamp)
		}
		return
	}
	t.Errorf("gpxgo has no track %q", s.Name)
}

// TestDecodeGPXSynth round-trips a generated 1 Hz run through synth's GPX
// writer: positions, times, elevation, heart rate and cadence (written as
// Garmin strides, rounded) come back, and the distance from positions is
// at most 3% longer than the generated one (the generator's GPS jitter).
func TestDecodeGPXSynth(t *testing.T) {
	a := synth.Generate(synth.Config{Seed: 7, Months: 1})
	var run *model.Session
	for i := range a.Sessions {
		if a.Sessions[i].Sport == model.Running && a.Sessions[i].Samples.Len() > 0 {
			run = &a.Sessions[i]
			break
		}
	}
	if run == nil {
		t.Fatal("synth made no run")
	}
	var buf bytes.Buffer
	if err := synth.WriteGPX(&buf, *run, synth.GPXOptions{Creator: "Garmin Connect", Type: "running"}); err != nil {
		t.Fatal(err)
	}
	res, err := DecodeGPX(&buf, WithLocation(a.Zone))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 1 || len(res.Warnings) != 0 {
		t.Fatalf("got %d sessions, warnings %q", len(res.Sessions), res.Warnings)
	}
	got := res.Sessions[0]
	want := &run.Samples
	var idx []int // samples with a position, as WriteGPX writes them
	for i := 0; i < want.Len(); i++ {
		if model.Known(want.Lat[i]) && model.Known(want.Lon[i]) {
			idx = append(idx, i)
		}
	}
	if got.Samples.Len() != len(idx) {
		t.Fatalf("%d samples, want %d", got.Samples.Len(), len(idx))
	}
	t0 := want.T[idx[0]]
	if d := got.Start.Sub(run.Start.Add(time.Duration(t0 * float64(time.Second)))); d != 0 {
		t.Errorf("start off by %v", d)
	}
	for j, i := range idx {
		w := want.At(i)
		g := got.Samples.At(j)
		wantCad := w.CadenceSPM
		if model.Known(wantCad) {
			wantCad = 2 * math.Round(wantCad/2)
		}
		// WriteGPX writes coordinates to 7 decimals.
		if math.Abs(g.T-(w.T-t0)) > 1e-6 || math.Abs(g.Lat-w.Lat) > 5.1e-8 || math.Abs(g.Lon-w.Lon) > 5.1e-8 || !xmlSameFloat(g.AltM, w.AltM, 1e-6) ||
			!xmlSameFloat(g.HR, math.Round(w.HR), 0) || !xmlSameFloat(g.CadenceSPM, wantCad, 0) {
			t.Fatalf("sample %d: got %+v, want %+v (cadence %v)", j, g, w, wantCad)
		}
	}
	if got.Sport != model.Running || got.OffsetS != run.OffsetS || got.OffsetOrigin != model.OffsetZone {
		t.Errorf("sport %q offset %d %q, want running %d zone", got.Sport, got.OffsetS, got.OffsetOrigin, run.OffsetS)
	}
	// The generator adds GPS jitter to positions, so their sum is a little
	// longer than the distance run, never shorter.
	if got.DistanceM < run.DistanceM || got.DistanceM > 1.03*run.DistanceM {
		t.Errorf("distance %.1f m, generated %.1f m", got.DistanceM, run.DistanceM)
	}
}

// xmlSameFloat reports whether a and b are both missing or within tol.
func xmlSameFloat(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol
}

// BenchmarkDecodeGPX measures decode throughput on a generated 1 Hz run
// written as GPX (MB/s of GPX text).
func BenchmarkDecodeGPX(b *testing.B) {
	a := synth.Generate(synth.Config{Seed: 7, Months: 1})
	var doc bytes.Buffer
	for i := range a.Sessions {
		s := a.Sessions[i]
		if s.Sport == model.Running && s.Samples.Len() > 0 {
			if err := synth.WriteGPX(&doc, s, synth.GPXOptions{Type: "running"}); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	raw := doc.Bytes()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeGPX(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGpxgoParse is the same file through gpxgo's whole-document
// parser, for comparison.
func BenchmarkGpxgoParse(b *testing.B) {
	a := synth.Generate(synth.Config{Seed: 7, Months: 1})
	var doc bytes.Buffer
	for i := range a.Sessions {
		s := a.Sessions[i]
		if s.Sport == model.Running && s.Samples.Len() > 0 {
			if err := synth.WriteGPX(&doc, s, synth.GPXOptions{Type: "running"}); err != nil {
				b.Fatal(err)
			}
			break
		}
	}
	raw := doc.Bytes()
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gpx.ParseBytes(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// xmlFuzzCheck fails t unless a decoder's answer is well formed: an error
// and no result, or sessions that pass xmlCheckInvariants with plausible
// starts, and Damage exactly when partial.
func xmlFuzzCheck(t *testing.T, res *Result, err error, minSamples int) {
	t.Helper()
	if err != nil {
		if res != nil {
			t.Fatalf("error %v with a result", err)
		}
		if err.Error() == "" {
			t.Fatal("empty error text")
		}
		return
	}
	if len(res.Sessions) == 0 {
		t.Fatal("no error and no session")
	}
	if (res.Status == model.StatusPartial) != (res.Damage != "") || (res.Status != model.StatusOK && res.Status != model.StatusPartial) {
		t.Fatalf("status %q with damage %q", res.Status, res.Damage)
	}
	xmlCheckInvariants(t, res)
	for _, s := range res.Sessions {
		if y := s.Start.Year(); y < xmlMinYear || y > xmlMaxYear {
			t.Fatalf("implausible start %v", s.Start)
		}
		if s.Samples.Len() < minSamples {
			t.Fatalf("session with %d samples, want at least %d", s.Samples.Len(), minSamples)
		}
		if _, ok := model.ParseSport(string(s.Sport)); !ok {
			t.Fatalf("sport %q not normalised", s.Sport)
		}
	}
}

// xmlFuzzSeeds adds every file of the testdata directories to f.
func xmlFuzzSeeds(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range files {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
}

func FuzzDecodeGPX(f *testing.F) {
	xmlFuzzSeeds(f, "gpx")
	f.Add([]byte(xmlGPX("StravaGPX", "9", "Morning Run", 85, 170, 0)))
	f.Add([]byte(`<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2024-01-01T00:00:00+05:30</time></trkpt><trkpt lat="1" lon="2"><time>2024-01-01T00:00:01.5+05:30</time></trkpt></trkseg></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := DecodeGPX(bytes.NewReader(data), WithLocation(time.UTC))
		xmlFuzzCheck(t, res, err, 2)
	})
}

// TestDecodeGPXHostile: input built to exhaust memory is bounded. A text
// node longer than xmlMaxRun is cut (encoding/xml would buffer all of it)
// and the file still imports; nesting deeper than xmlMaxDepth stops the
// stream as broken XML.
func TestDecodeGPXHostile(t *testing.T) {
	pt := func(sec int) string {
		return fmt.Sprintf(`<trkpt lat="46.05" lon="14.%d"><time>2024-01-01T00:00:%02dZ</time></trkpt>`, 5+sec, sec)
	}
	t.Run("overlong text node", func(t *testing.T) {
		doc := `<gpx><trk><trkseg>` + pt(0) + `<trkpt lat="46.05" lon="14.6"><time>2024-01-01T00:00:05Z</time><extensions><img>` +
			strings.Repeat("QUJD", xmlMaxRun/2) + `</img></extensions></trkpt>` + pt(9) + `</trkseg></trk></gpx>`
		res, err := DecodeGPX(strings.NewReader(doc), WithLocation(time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if n := res.Sessions[0].Samples.Len(); n != 3 || res.Status != model.StatusOK {
			t.Errorf("kept %d points, status %q; want 3, ok", n, res.Status)
		}
		want := []string{fmt.Sprintf("%s bytes dropped from text or tags longer than 1 MiB (byte positions after them count kept bytes only)", xmlCommas(int64(xmlMaxRun)))}
		if diff := cmp.Diff(want, res.Warnings); diff != "" {
			t.Errorf("warnings (-want +got):\n%s", diff)
		}
	})
	t.Run("deep nesting", func(t *testing.T) {
		doc := `<gpx><trk><trkseg>` + pt(0) + pt(5) + `</trkseg></trk><x>` + strings.Repeat("<a>", 10*xmlMaxDepth)
		res, err := DecodeGPX(strings.NewReader(doc), WithLocation(time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		want := "XML broken at byte "
		if res.Status != model.StatusPartial || !strings.HasPrefix(res.Damage, want) || !strings.Contains(res.Damage, "nested deeper than 256 levels") {
			t.Errorf("status %q damage %q", res.Status, res.Damage)
		}
	})
}

func ExampleDecodeGPX() {
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <trk>
    <name>Tempo</name>
    <type>running</type>
    <trkseg>
      <trkpt lat="46.0500" lon="14.5000"><ele>295</ele><time>2024-06-01T08:00:00+02:00</time>
        <extensions><ns3:TrackPointExtension><ns3:hr>140</ns3:hr><ns3:cad>85</ns3:cad></ns3:TrackPointExtension></extensions></trkpt>
      <trkpt lat="46.0510" lon="14.5000"><ele>297</ele><time>2024-06-01T08:00:40+02:00</time>
        <extensions><ns3:TrackPointExtension><ns3:hr>150</ns3:hr><ns3:cad>88</ns3:cad></ns3:TrackPointExtension></extensions></trkpt>
    </trkseg>
  </trk>
</gpx>`
	res, err := DecodeGPX(strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Sessions[0]
	fmt.Println(s.Sport, s.Name, s.Start, s.OffsetS, s.OffsetOrigin)
	fmt.Printf("%.0f s, %.1f m, %.2f m/s at the end\n", s.ElapsedS, s.DistanceM, s.Samples.SpeedMPS[1])
	fmt.Println("cadence (steps/min, Garmin wrote strides):", s.Samples.CadenceSPM)
	// Output:
	// running Tempo 2024-06-01 06:00:00 +0000 UTC 7200 device
	// 40 s, 111.2 m, 2.78 m/s at the end
	// cadence (steps/min, Garmin wrote strides): [170 176]
}

// TestDecodeGPXJitter: a Sports Tracker-like track whose clock steps back 1
// to 3 s every few points and whose first points carry <ele>0.0</ele>
// placeholders keeps its points in time order and ignores the placeholders,
// so that its climb is the route's, not 200 m more.
func TestDecodeGPXJitter(t *testing.T) {
	zone, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	a := synth.Generate(synth.Config{Seed: 5, Start: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Months: 1, Zone: zone})
	var run model.Session
	for _, s := range a.Sessions {
		if s.Sport == model.Running && s.Samples.Len() > 1000 && model.Known(s.Samples.Lat[0]) {
			run = s
			break
		}
	}
	var clean, jit bytes.Buffer
	if err := synth.WriteGPX(&clean, run, synth.GPXOptions{Creator: "Sports Tracker"}); err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteGPX(&jit, run, synth.GPXOptions{Creator: "Sports Tracker", Jitter: true, PlaceholderEle: 25}); err != nil {
		t.Fatal(err)
	}
	want, err := DecodeGPX(&clean, WithLocation(zone))
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeGPX(&jit, WithLocation(zone))
	if err != nil {
		t.Fatal(err)
	}
	w, g := want.Sessions[0], got.Sessions[0]
	if n, m := g.Samples.Len(), w.Samples.Len(); float64(n) < 0.95*float64(m) {
		t.Errorf("kept %d of %d points", n, m)
	}
	if !sort.Float64sAreSorted(g.Samples.T) || g.Samples.T[0] != 0 {
		t.Errorf("times not in order from 0: %v", g.Samples.T[:10])
	}
	if math.Abs(g.AscentM-w.AscentM) > 5 {
		t.Errorf("ascent %.0f m, want about %.0f (the placeholders ignored)", g.AscentM, w.AscentM)
	}
	var notes []string
	for _, x := range got.Warnings {
		if strings.Contains(x, "clock jitter") || strings.Contains(x, "placeholders") {
			notes = append(notes, x)
		}
	}
	if len(notes) != 2 || !strings.Contains(notes[1], "25 elevations of 0 m") {
		t.Errorf("warnings %q", got.Warnings)
	}
}

// TestInferSport: the rule for tracks whose file names no sport: title and
// file-name words first, then cadence with speed, then speed alone.
func TestInferSport(t *testing.T) {
	track := func(speed, cadence float64) *model.Samples {
		var s model.Samples
		for i := 0; i < 600; i++ {
			x := model.MissingSample(float64(i))
			x.DistM = speed * float64(i)
			if cadence > 0 {
				x.CadenceSPM = cadence
			}
			s.Append(x)
		}
		return &s
	}
	tests := []struct {
		name    string
		s       *model.Samples
		climb   float64
		texts   []string
		want    model.Sport
		decided bool
	}{
		{"a title word", track(1, 0), 0, []string{"Nachtlauf"}, model.Running, true},
		{"Suunto's track name", track(1, 0), 0, []string{"suuntoapp-Running-2023-12-21T11-26-59Z"}, model.Running, true},
		{"camel case in a file name", track(1, 0), 0, []string{"", "", "EveningRide_2024"}, model.Cycling, true},
		{"Movescount's Move says nothing", track(3, 0), 0, []string{"Move"}, model.Running, true},
		{"strides at running speed", track(3.2, 84), 0, nil, model.Running, true},
		{"steps at running speed", track(3.2, 168), 0, nil, model.Running, true},
		{"steps at walking speed", track(1.3, 110), 0, nil, model.Walking, true},
		{"a walk that climbs is a hike", track(1.0, 0), 80, nil, model.Hiking, true},
		{"cycling speed", track(7, 85), 0, nil, model.Cycling, true},
		{"standing still decides nothing", track(0.1, 0), 0, nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why, ok := inferSport(tt.s, tt.climb, tt.texts...)
			if got != tt.want || ok != tt.decided {
				t.Errorf("inferSport = %s (%s), %v; want %s, %v", got, why, ok, tt.want, tt.decided)
			}
		})
	}
}

// TestDecodeGPXUntypedRun: a run's GPX without a type or a telling title
// (Movescount's "Move") is a run, marked inferred, its cadence in steps.
func TestDecodeGPXUntypedRun(t *testing.T) {
	a := synth.Generate(synth.Config{Seed: 5, Start: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Months: 1})
	var run model.Session
	for _, s := range a.Sessions {
		if s.Sport == model.Running && s.Samples.Len() > 1000 && model.Known(s.Samples.Lat[0]) {
			run = s
			break
		}
	}
	run.Name = "Move"
	var b bytes.Buffer
	if err := synth.WriteGPX(&b, run, synth.GPXOptions{Creator: "Movescount - http://www.movescount.com"}); err != nil {
		t.Fatal(err)
	}
	res, err := DecodeGPX(&b, WithLocation(time.UTC), WithFileName("export › Move_2014_01_16.gpx"))
	if err != nil {
		t.Fatal(err)
	}
	s := res.Sessions[0]
	if s.Sport != model.Running || s.SportOrigin != model.SportInferred || s.AvgCadenceSPM < 140 {
		t.Errorf("sport %s (%s), cadence %.0f/min", s.Sport, s.SportOrigin, s.AvgCadenceSPM)
	}
}
