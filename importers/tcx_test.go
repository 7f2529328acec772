package importers

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/backtrack/backtrack/model"
)

// xmlLap builds an expected lap.
func xmlLap(start string, elapsed, timer, dist, hr, cad float64) model.Lap {
	t, err := time.Parse(time.RFC3339, start)
	if err != nil {
		panic(err)
	}
	l := model.NewLap(t)
	l.ElapsedS, l.TimerS, l.DistanceM, l.AvgHR, l.AvgCadenceSPM = elapsed, timer, dist, hr, cad
	return l
}

func TestDecodeTCXFiles(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		file     string
		status   model.SourceStatus
		damage   string
		warnings []string
		want     []xmlSum
		laps     [][]model.Lap
	}{
		{
			// Forerunner run: RunCadence in strides/min doubled, device
			// distance and speed kept, totals from the laps.
			file: "tcx/garmin_run.tcx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-03-05T06:30:00Z", OffsetS: 3600, Origin: model.OffsetZone,
				N: 6, ElapsedS: 22, TimerS: 22, DistanceM: 55, AscentM: nan, DescentM: nan,
				AvgHR: 132.5, AvgCad: 172, Device: "Forerunner 935",
				T:       []float64{0, 5, 10, 15, 20, 22},
				Cadence: []float64{168, 170, 172, 174, 176, 172},
				Speed:   []float64{0, 2.4, 2.6, 2.4, 2.5, 2.75},
				Laps:    2,
			}},
			laps: [][]model.Lap{{
				xmlLap("2024-03-05T06:30:00Z", 10, 10, 25, 125, 170),
				xmlLap("2024-03-05T06:30:10Z", 12, 12, 30, 140, 174),
			}},
		},
		{
			// Edge ride: Cadence is rpm, never doubled; Watts kept.
			file: "tcx/garmin_ride.tcx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Cycling, Start: "2024-05-10T15:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 4, ElapsedS: 15, TimerS: 15, DistanceM: 300, AscentM: nan, DescentM: nan,
				AvgHR: 141.5, AvgCad: 90, Device: "Edge 530",
				T:       []float64{0, 5, 10, 15},
				Cadence: []float64{88, 90, 92, 90},
				Speed:   []float64{nan, 20, 20, 20},
				Laps:    1,
			}},
			laps: [][]model.Lap{{xmlLap("2024-05-10T15:00:00Z", 15, 15, 300, 141, 90)}},
		},
		{
			// +01:00 times; no DistanceMeters (computed from positions); a
			// footpod's Cadence in the trackpoint (strides); TPX without a
			// prefix; no Creator, so the Author names the device.
			file: "tcx/offset_noprefix.tcx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-01-10T06:00:00Z", OffsetS: 3600, Origin: model.OffsetDevice,
				N: 3, ElapsedS: 12, TimerS: 12, DistanceM: 22.2, AscentM: nan, DescentM: nan,
				AvgHR: 101, AvgCad: 162, Device: "RunGap 3.2",
				T:       []float64{0, 6, 12},
				Cadence: []float64{160, 162, 164},
				Speed:   []float64{nan, 1.9, xmlLatStep / 6},
				Laps:    1,
			}},
			laps: [][]model.Lap{{xmlLap("2024-01-10T06:00:00Z", 12, 12, 22.2, 101, nan)}},
		},
		{
			// No track: the session comes from the laps.
			file: "tcx/laps_only.tcx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-02-02T18:00:00Z", OffsetS: 3600, Origin: model.OffsetZone,
				N: 0, ElapsedS: 960, TimerS: 900, DistanceM: 3000, AscentM: nan, DescentM: nan,
				AvgHR: (150*600 + 160*300) / 900.0, AvgCad: (164*600 + 172*300) / 900.0, Device: "Forerunner 255",
				Laps: 2,
			}},
			laps: [][]model.Lap{{
				xmlLap("2024-02-02T18:00:00Z", 660, 600, 2000, 150, 164),
				xmlLap("2024-02-02T18:11:00Z", 300, 300, 1000, 160, 172),
			}},
		},
		{
			// Bike then run in one MultiSportSession: two sessions.
			file: "tcx/multisport.tcx", status: model.StatusOK,
			want: []xmlSum{{
				Sport: model.Cycling, Start: "2024-08-04T08:00:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 2, ElapsedS: 30, TimerS: 30, DistanceM: 300, AscentM: nan, DescentM: nan,
				AvgHR: 150, AvgCad: 85, Device: "Connect Api",
				T: []float64{0, 30}, Cadence: []float64{85, 85}, Speed: []float64{nan, 10}, Laps: 1,
			}, {
				Sport: model.Running, Start: "2024-08-04T08:02:00Z", OffsetS: 7200, Origin: model.OffsetZone,
				N: 3, ElapsedS: 10, TimerS: 10, DistanceM: 22.2, AscentM: nan, DescentM: nan,
				AvgHR: 160, AvgCad: 174, Device: "Forerunner 945",
				T: []float64{0, 5, 10}, Cadence: []float64{174, 174, 174}, Speed: []float64{2.2, 2.2, 2.2}, Laps: 1,
			}},
			laps: [][]model.Lap{
				{xmlLap("2024-08-04T08:00:00Z", 30, 30, 300, 150, nan)},
				{xmlLap("2024-08-04T08:02:00Z", 10, 10, 22.2, 160, 174)},
			},
		},
		{
			// Cut inside lap 2's fifth trackpoint: the lap's totals, read
			// before its track, are kept; the Creator after the cut is lost.
			file: "tcx/garmin_run_truncated.tcx", status: model.StatusPartial,
			damage: "XML ends early at byte 4,593: kept 4 trackpoints",
			want: []xmlSum{{
				Sport: model.Running, Start: "2024-03-05T06:30:00Z", OffsetS: 3600, Origin: model.OffsetZone,
				N: 4, ElapsedS: 22, TimerS: 22, DistanceM: 55, AscentM: nan, DescentM: nan,
				AvgHR: 127.5, AvgCad: 171, Device: "",
				T:       []float64{0, 5, 10, 15},
				Cadence: []float64{168, 170, 172, 174},
				Speed:   []float64{0, 2.4, 2.6, 2.4},
				Laps:    2,
			}},
			laps: [][]model.Lap{{
				xmlLap("2024-03-05T06:30:00Z", 10, 10, 25, 125, 170),
				xmlLap("2024-03-05T06:30:10Z", 12, 12, 30, 140, nan),
			}},
		},
	}
	loc := xmlLjubljana(t)
	for _, tc := range tests {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			res, err := DecodeTCX(bytes.NewReader(xmlReadFile(t, tc.file)), WithLocation(loc))
			if err != nil {
				t.Fatalf("DecodeTCX: %v", err)
			}
			xmlCheckInvariants(t, res)
			if res.Format != model.FormatTCX || res.Status != tc.status || res.Damage != tc.damage {
				t.Errorf("format, status, damage = %q, %q, %q; want tcx, %q, %q", res.Format, res.Status, res.Damage, tc.status, tc.damage)
			}
			if diff := cmp.Diff(tc.warnings, res.Warnings, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, xmlSummarise(res.Sessions), xmlApprox, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("sessions (-want +got):\n%s", diff)
			}
			var laps [][]model.Lap
			for _, s := range res.Sessions {
				laps = append(laps, s.Laps)
			}
			if diff := cmp.Diff(tc.laps, laps, xmlApprox); diff != "" {
				t.Errorf("laps (-want +got):\n%s", diff)
			}
		})
	}
}

// xmlTCX returns a one-activity TCX document: sport, Id, then trackpoints
// given as time and cadence (Cadence element, -1 for none), one lap.
func xmlTCX(sport, id string, pts ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"><Activities><Activity Sport=%q>`, sport)
	if id != "" {
		fmt.Fprintf(&b, "<Id>%s</Id>", id)
	}
	b.WriteString(`<Lap StartTime="2024-03-05T06:30:00Z"><TotalTimeSeconds>20</TotalTimeSeconds><Track>`)
	for _, p := range pts {
		b.WriteString("<Trackpoint>" + p + "</Trackpoint>")
	}
	b.WriteString("</Track></Lap></Activity></Activities></TrainingCenterDatabase>")
	return b.String()
}

func TestDecodeTCXCadence(t *testing.T) {
	pt := func(sec int, cad string) string {
		return fmt.Sprintf("<Time>2024-03-05T06:30:%02dZ</Time>%s", sec, cad)
	}
	tests := []struct {
		name, sport string
		pts         []string
		want        []float64
		warn        string
	}{
		{"running Cadence strides", "Running", []string{pt(0, "<Cadence>85</Cadence>"), pt(5, "<Cadence>86</Cadence>")}, []float64{170, 172}, ""},
		{"RunCadence wins over Cadence", "Running", []string{
			pt(0, "<Cadence>40</Cadence><Extensions><TPX><RunCadence>85</RunCadence></TPX></Extensions>"),
			pt(5, "<Extensions><ns3:TPX><ns3:RunCadence>86</ns3:RunCadence></ns3:TPX></Extensions>")}, []float64{170, 172}, ""},
		{"running already in steps", "Running", []string{pt(0, "<Cadence>170</Cadence>"), pt(5, "<Cadence>172</Cadence>")}, []float64{170, 172}, "looks like steps/min"},
		{"biking rpm", "Biking", []string{pt(0, "<Cadence>85</Cadence>"), pt(5, "<Cadence>86</Cadence>")}, []float64{85, 86}, ""},
		{"other untouched", "Other", []string{pt(0, "<Cadence>85</Cadence>"), pt(5, "<Cadence>86</Cadence>")}, []float64{85, 86}, ""},
		{"no cadence", "Running", []string{pt(0, ""), pt(5, "")}, []float64{math.NaN(), math.NaN()}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeTCX(strings.NewReader(xmlTCX(tc.sport, "2024-03-05T06:30:00Z", tc.pts...)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, res.Sessions[0].Samples.CadenceSPM, cmpopts.EquateNaNs()); diff != "" {
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

func TestDecodeTCXStart(t *testing.T) {
	pts := []string{"<Time>2024-03-05T06:30:03Z</Time>", "<Time>2024-03-05T06:30:13Z</Time>"}
	tests := []struct {
		name, id string
		start    string
		t        []float64
		elapsed  float64
		warn     string
	}{
		{"Id shortly before the first trackpoint", "2024-03-05T06:30:00Z", "2024-03-05T06:30:00Z", []float64{3, 13}, 20, ""},
		{"no Id: the lap start", "", "2024-03-05T06:30:00Z", []float64{3, 13}, 20, ""},
		{"bad Id: the lap start", "yesterday", "2024-03-05T06:30:00Z", []float64{3, 13}, 20, ""},
		{"Id far before: the trackpoints", "2024-03-05T01:00:00Z", "2024-03-05T06:30:00Z", []float64{3, 13}, 20, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeTCX(strings.NewReader(xmlTCX("Running", tc.id, pts...)))
			if err != nil {
				t.Fatal(err)
			}
			s := res.Sessions[0]
			got := fmt.Sprint(s.Start.Format(time.RFC3339), s.Samples.T, s.ElapsedS)
			want := fmt.Sprint(tc.start, tc.t, tc.elapsed)
			if got != want {
				t.Errorf("start, T, elapsed = %s, want %s", got, want)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings %q", res.Warnings)
			}
		})
	}
	t.Run("Id and lap start far before", func(t *testing.T) {
		doc := strings.Replace(xmlTCX("Running", "2024-03-05T01:00:00Z", pts...), `StartTime="2024-03-05T06:30:00Z"`, `StartTime="2024-03-05T01:00:00Z"`, 1)
		res, err := DecodeTCX(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		s := res.Sessions[0]
		if got := s.Start.Format(time.RFC3339); got != "2024-03-05T06:30:03Z" || s.Samples.T[0] != 0 {
			t.Errorf("start %s T %v, want the first trackpoint's", got, s.Samples.T)
		}
		if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "5h30m3s before the first trackpoint") {
			t.Errorf("warnings %q", res.Warnings)
		}
	})
}

// TestDecodeTCXLapWithoutStart: a lap without a StartTime starts at its
// first trackpoint, also when the session start moves to the Id.
func TestDecodeTCXLapWithoutStart(t *testing.T) {
	doc := `<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>2024-03-05T06:29:58Z</Id>` +
		`<Lap StartTime="2024-03-05T06:30:00Z"><TotalTimeSeconds>10</TotalTimeSeconds><Track>` +
		`<Trackpoint><Time>2024-03-05T06:30:00Z</Time></Trackpoint><Trackpoint><Time>2024-03-05T06:30:09Z</Time></Trackpoint></Track></Lap>` +
		`<Lap><TotalTimeSeconds>5</TotalTimeSeconds><Track>` +
		`<Trackpoint><Time>2024-03-05T06:30:12Z</Time></Trackpoint><Trackpoint><Time>2024-03-05T06:30:17Z</Time></Trackpoint></Track></Lap>` +
		`</Activity></Activities></TrainingCenterDatabase>`
	for _, opts := range [][]Option{nil, {WithoutSamples()}} {
		res, err := DecodeTCX(strings.NewReader(doc), opts...)
		if err != nil {
			t.Fatal(err)
		}
		s := res.Sessions[0]
		got := fmt.Sprint(s.Start.Format(time.RFC3339), " ", s.ElapsedS, " ", s.Laps[0].Start.Format(time.RFC3339), " ",
			s.Laps[0].ElapsedS, " ", s.Laps[1].Start.Format(time.RFC3339), " ", s.Laps[1].ElapsedS)
		want := "2024-03-05T06:29:58Z 19 2024-03-05T06:30:00Z 12 2024-03-05T06:30:12Z 5"
		if got != want {
			t.Errorf("with %d options: start elapsed lap1 lap2 = %s, want %s", len(opts), got, want)
		}
	}
}

func TestDecodeTCXSkips(t *testing.T) {
	const head = `<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">`
	tests := []struct {
		name, doc, reason string
	}{
		{"course", string(xmlReadFile(t, "tcx/course.tcx")), "a course, not an activity"},
		{"workout", head + `<Workouts><Workout Sport="Running"><Name>Intervals</Name></Workout></Workouts></TrainingCenterDatabase>`,
			"a planned workout, not an activity"},
		{"no activities", head + `<Activities/></TrainingCenterDatabase>`, "no activities in the file"},
		{"activity without laps", head + `<Activities><Activity Sport="Running"><Id>2024-03-05T06:30:00Z</Id></Activity></Activities></TrainingCenterDatabase>`,
			"an activity without trackpoints or laps, nothing to import"},
		{"untimed trackpoints, no lap start", head + `<Activities><Activity Sport="Running"><Lap><Track><Trackpoint><DistanceMeters>1</DistanceMeters></Trackpoint></Track></Lap></Activity></Activities></TrainingCenterDatabase>`,
			"an activity without trackpoints or laps, nothing to import"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeTCX(strings.NewReader(tc.doc))
			if reason, ok := IsSkip(err); !ok || reason != tc.reason {
				t.Errorf("DecodeTCX = %v, %v; want skip %q", res, err, tc.reason)
			}
		})
	}
}

func TestDecodeTCXNotTCX(t *testing.T) {
	tests := []struct {
		name, doc, want string
	}{
		{"empty", "", "not a TCX file: no XML element found"},
		{"text", "Date,Exercise\n", "not a TCX file: no XML element found"},
		{"GPX", string(xmlReadFile(t, "gpx/garmin_run.gpx")), "not a TCX file: the root element is <gpx>"},
		{"FIT bytes", "\x0e\x10\x00\x00\x00\x00\x00\x00.FIT\x00\x00", "not a TCX file: "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := DecodeTCX(strings.NewReader(tc.doc))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("DecodeTCX = %v, %v; want error starting %q", res, err, tc.want)
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

// TestDecodeTCXCutEverywhere cuts a TCX file at every byte: a cut never
// panics, keeps only whole trackpoints (never more as the cut moves
// earlier) and is partial unless the root element closed.
func TestDecodeTCXCutEverywhere(t *testing.T) {
	full := xmlReadFile(t, "tcx/multisport.tcx")
	prev := 0
	for n := 0; n <= len(full); n++ {
		res, err := DecodeTCX(bytes.NewReader(full[:n]), WithLocation(time.UTC))
		if err != nil {
			if prev > 0 {
				t.Fatalf("cut at %d: %v after an earlier cut kept %d trackpoints", n, err, prev)
			}
			if _, skip := IsSkip(err); skip && bytes.Contains(full[:n], []byte("<Lap")) {
				t.Fatalf("cut at %d: skip %v, want an error for a damaged file", n, err)
			}
			continue
		}
		xmlCheckInvariants(t, res)
		kept := 0
		for _, s := range res.Sessions {
			kept += s.Samples.Len()
		}
		if kept < prev || kept > 5 {
			t.Fatalf("cut at %d: kept %d trackpoints after %d", n, kept, prev)
		}
		prev = kept
		closed := bytes.Contains(full[:n], []byte("</TrainingCenterDatabase>"))
		switch {
		case !closed && (res.Status != model.StatusPartial || !strings.HasPrefix(res.Damage, "XML ends early at byte ")):
			t.Fatalf("cut at %d: status %q damage %q, want partial", n, res.Status, res.Damage)
		case closed && res.Status != model.StatusOK:
			t.Fatalf("cut at %d (after the end tag): status %q", n, res.Status)
		}
	}
	if prev != 5 {
		t.Errorf("whole file kept %d trackpoints, want 5", prev)
	}
}

// BenchmarkDecodeTCX measures decode throughput on a generated one-hour run
// at 1 Hz (MB/s of TCX text).
func BenchmarkDecodeTCX(b *testing.B) {
	var doc strings.Builder
	doc.WriteString(`<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities><Activity Sport="Running"><Id>2024-03-05T06:30:00.000Z</Id><Lap StartTime="2024-03-05T06:30:00.000Z"><TotalTimeSeconds>3600</TotalTimeSeconds><DistanceMeters>10000</DistanceMeters><Track>` + "\n")
	start := time.Date(2024, 3, 5, 6, 30, 0, 0, time.UTC)
	for i := range 3600 {
		fmt.Fprintf(&doc, `<Trackpoint><Time>%s</Time><Position><LatitudeDegrees>%.7f</LatitudeDegrees><LongitudeDegrees>14.5</LongitudeDegrees></Position><AltitudeMeters>%.1f</AltitudeMeters><DistanceMeters>%.1f</DistanceMeters><HeartRateBpm><Value>%d</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>2.78</ns3:Speed><ns3:RunCadence>%d</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>`+"\n",
			start.Add(time.Duration(i)*time.Second).Format("2006-01-02T15:04:05.000Z"), 46.05+0.000025*float64(i), 300+float64(i%50), 2.78*float64(i), 140+i%20, 84+i%5)
	}
	doc.WriteString("</Track></Lap></Activity></Activities></TrainingCenterDatabase>\n")
	raw := []byte(doc.String())
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeTCX(bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzDecodeTCX(f *testing.F) {
	xmlFuzzSeeds(f, "tcx")
	f.Add([]byte(xmlTCX("Running", "2024-03-05T06:30:00+01:00", "<Time>2024-03-05T06:30:03+01:00</Time><Cadence>85</Cadence>")))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := DecodeTCX(bytes.NewReader(data), WithLocation(time.UTC))
		xmlFuzzCheck(t, res, err, 0)
	})
}

func ExampleDecodeTCX() {
	const doc = `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
    xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
  <Activities>
    <Activity Sport="Running">
      <Id>2024-03-05T06:30:00Z</Id>
      <Lap StartTime="2024-03-05T06:30:00Z">
        <TotalTimeSeconds>30</TotalTimeSeconds>
        <DistanceMeters>80</DistanceMeters>
        <Track>
          <Trackpoint><Time>2024-03-05T06:30:00Z</Time><DistanceMeters>0</DistanceMeters>
            <HeartRateBpm><Value>120</Value></HeartRateBpm>
            <Extensions><ns3:TPX><ns3:RunCadence>84</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>
          <Trackpoint><Time>2024-03-05T06:30:30Z</Time><DistanceMeters>80</DistanceMeters>
            <HeartRateBpm><Value>130</Value></HeartRateBpm>
            <Extensions><ns3:TPX><ns3:RunCadence>86</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>
        </Track>
      </Lap>
      <Creator><Name>Forerunner 935</Name></Creator>
    </Activity>
  </Activities>
</TrainingCenterDatabase>`
	res, err := DecodeTCX(strings.NewReader(doc), WithLocation(time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Sessions[0]
	fmt.Println(s.Sport, s.Device, s.Start, len(s.Laps), "lap")
	fmt.Printf("timer %.0f s, %.0f m, avg HR %.0f, avg cadence %.0f steps/min\n", s.TimerS, s.DistanceM, s.AvgHR, s.AvgCadenceSPM)
	// Output:
	// running Forerunner 935 2024-03-05 06:30:00 +0000 UTC 1 lap
	// timer 30 s, 80 m, avg HR 125, avg cadence 170 steps/min
}
