package synth

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"

	"github.com/backtrack/backtrack/model"
)

func hashDir(t *testing.T, dir string, files []string) map[string]string {
	t.Helper()
	h := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		h[f] = hex.EncodeToString(sum[:])
	}
	return h
}

func TestWriteExportDeterministic(t *testing.T) {
	c := Config{Seed: 99, Months: 2}
	d1, d2 := t.TempDir(), t.TempDir()
	m1, err := Generate(c).WriteExport(d1)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Generate(c).WriteExport(d2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m1, m2); diff != "" {
		t.Fatalf("manifests differ:\n%s", diff)
	}
	if diff := cmp.Diff(hashDir(t, d1, m1.Files), hashDir(t, d2, m2.Files)); diff != "" {
		t.Errorf("same seed, different bytes:\n%s", diff)
	}
	d3 := t.TempDir()
	m3, err := Generate(Config{Seed: 100, Months: 2}).WriteExport(d3)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(hashDir(t, d1, m1.Files)["pain.csv"], hashDir(t, d3, m3.Files)["pain.csv"]) &&
		cmp.Equal(m1.Files, m3.Files) {
		t.Error("seeds 99 and 100 wrote the same export")
	}
}

func TestWriteExport(t *testing.T) {
	a := Generate(Config{Seed: 9, Months: 2})
	dir := t.TempDir()
	m, err := a.WriteExport(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wantRuns, wantLifts, wantSets, wantGPX int
	for _, s := range a.Sessions {
		if s.Sport == model.Running {
			wantRuns++
			if HasStravaCopy(wantRuns) && s.SubSport != "treadmill" {
				wantGPX++
			}
		} else {
			wantLifts++
			wantSets += len(s.Sets)
		}
	}
	if m.Runs != wantRuns || m.Strength != wantLifts || m.Sets != wantSets || m.PainEvents != len(a.Pain) {
		t.Errorf("manifest %d runs %d strength %d sets %d pain, want %d %d %d %d",
			m.Runs, m.Strength, m.Sets, m.PainEvents, wantRuns, wantLifts, wantSets, len(a.Pain))
	}
	if got, want := len(m.Files), wantRuns+wantLifts+wantGPX+1; got != want {
		t.Errorf("%d files, want %d", got, want)
	}
	if wantGPX == 0 {
		t.Fatal("no Strava copies in two months")
	}

	runN, liftN, gpxN := 0, 0, 0
	fi := 0
	for i := range a.Sessions {
		s := &a.Sessions[i]
		if s.Sport == model.Running {
			runN++
			name := s.LocalDate() + "-run-" + strconv.Itoa(runN) + ".fit"
			if m.Files[fi] != name {
				t.Fatalf("file %d is %q, want %q", fi, m.Files[fi], name)
			}
			checkRunFIT(t, filepath.Join(dir, name), s, IsFractionalRun(runN))
			fi++
			if HasStravaCopy(runN) && s.SubSport != "treadmill" {
				gname := filepath.Join(StravaDir, s.LocalDate()+"-run-"+strconv.Itoa(runN)+".gpx")
				if m.Files[fi] != gname {
					t.Fatalf("file %d is %q, want %q", fi, m.Files[fi], gname)
				}
				checkStravaGPX(t, filepath.Join(dir, gname), s)
				gpxN++
				fi++
			}
			continue
		}
		liftN++
		name := s.LocalDate() + "-strength-" + strconv.Itoa(liftN) + ".fit"
		if m.Files[fi] != name {
			t.Fatalf("file %d is %q, want %q", fi, m.Files[fi], name)
		}
		checkStrengthFIT(t, filepath.Join(dir, name), s)
		fi++
	}
	if m.Files[fi] != "pain.csv" {
		t.Fatalf("last file %q, want pain.csv", m.Files[fi])
	}
	checkPainCSV(t, filepath.Join(dir, "pain.csv"), a.Pain)
}

// checkRunFIT decodes a run's FIT file and compares every record with the
// session's samples: the athlete's values are already what FIT stores.
func checkRunFIT(t *testing.T, path string, s *model.Session, fractional bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, a := decodeFIT(t, b)
	if len(a.Records) != s.Samples.Len() {
		t.Fatalf("%s: %d records, %d samples", path, len(a.Records), s.Samples.Len())
	}
	if len(a.Sessions) != 1 || a.Sessions[0].Sport != typedef.SportRunning || !a.Sessions[0].StartTime.Equal(s.Start) {
		t.Fatalf("%s: sessions %+v", path, a.Sessions)
	}
	if got := a.Activity.LocalTimestamp.Sub(a.Activity.Timestamp); got != time.Duration(s.OffsetS)*time.Second {
		t.Errorf("%s: local offset %v, want %ds", path, got, s.OffsetS)
	}
	if len(a.Laps) != len(s.Laps) {
		t.Errorf("%s: %d laps, want %d", path, len(a.Laps), len(s.Laps))
	}
	wantSub := typedef.SubSportInvalid
	if s.SubSport != "" {
		wantSub = typedef.SubSportFromString(s.SubSport)
	}
	if a.Sessions[0].SubSport != wantSub {
		t.Errorf("%s: sub_sport %v, want %v", path, a.Sessions[0].SubSport, wantSub)
	}
	x := &s.Samples
	for i, r := range a.Records {
		fail := func(what string, got, want any) {
			t.Fatalf("%s record %d: %s %v, want %v", path, i, what, got, want)
		}
		if got := r.Timestamp.Sub(s.Start).Seconds(); got != x.T[i] {
			fail("offset", got, x.T[i])
		}
		if model.Known(x.Lat[i]) {
			if r.PositionLatDegrees() != x.Lat[i] || r.PositionLongDegrees() != x.Lon[i] {
				fail("position", [2]float64{r.PositionLatDegrees(), r.PositionLongDegrees()}, [2]float64{x.Lat[i], x.Lon[i]})
			}
			if got := r.EnhancedAltitudeScaled(); got != x.AltM[i] {
				fail("altitude", got, x.AltM[i])
			}
		} else if r.PositionLat != basetype.Sint32Invalid || r.EnhancedAltitude != basetype.Uint32Invalid {
			fail("treadmill position/altitude", r.PositionLat, "none")
		}
		if got := r.DistanceScaled(); got != x.DistM[i] {
			fail("distance", got, x.DistM[i])
		}
		if got := r.EnhancedSpeedScaled(); got != x.SpeedMPS[i] {
			fail("speed", got, x.SpeedMPS[i])
		}
		if float64(r.HeartRate) != x.HR[i] || float64(r.Power) != x.PowerW[i] {
			fail("hr/power", [2]any{r.HeartRate, r.Power}, [2]float64{x.HR[i], x.PowerW[i]})
		}
		spm := 2 * float64(r.Cadence)
		if fractional {
			if r.FractionalCadence == basetype.Uint8Invalid {
				fail("fractional cadence", "none", "some")
			}
			spm = 2 * (float64(r.Cadence) + float64(r.FractionalCadence)/128)
		} else if r.FractionalCadence != basetype.Uint8Invalid {
			fail("fractional cadence", r.FractionalCadence, "none")
		}
		if spm != x.CadenceSPM[i] {
			fail("cadence steps/min", spm, x.CadenceSPM[i])
		}
	}
}

func checkStrengthFIT(t *testing.T, path string, s *model.Session) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, a := decodeFIT(t, b)
	if len(a.Sessions) != 1 || a.Sessions[0].Sport != typedef.SportTraining ||
		a.Sessions[0].SubSport != typedef.SubSportStrengthTraining {
		t.Fatalf("%s: sessions %+v", path, a.Sessions)
	}
	var active, rest int
	for _, set := range setsOf(a) {
		if set.SetType == typedef.SetTypeRest {
			rest++
			continue
		}
		want := s.Sets[active]
		active++
		cat, sub, _ := ExerciseNumbers(want.Category, want.Exercise)
		if set.Category[0] != cat || set.CategorySubtype[0] != sub || int(set.Repetitions) != want.Reps ||
			float64(set.Weight)/16 != nanTo(want.WeightKg, float64(basetype.Uint16Invalid)/16) || !set.StartTime.Equal(want.Start) {
			t.Errorf("%s set %d: %+v, want %+v", path, active, set, want)
		}
	}
	if active != len(s.Sets) || rest != len(s.Sets)-1 {
		t.Errorf("%s: %d active, %d rest sets; want %d and %d", path, active, rest, len(s.Sets), len(s.Sets)-1)
	}
}

func nanTo(v, alt float64) float64 {
	if math.IsNaN(v) {
		return alt
	}
	return v
}

func checkStravaGPX(t *testing.T, path string, s *model.Session) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := parseGPX(t, b)
	if d.Creator != "StravaGPX" || d.Trk.Type != "running" || !strings.HasSuffix(d.Trk.Name, " Run") {
		t.Errorf("%s: creator %q type %q name %q", path, d.Creator, d.Trk.Type, d.Trk.Name)
	}
	if len(d.Trk.Pts) != s.Samples.Len() {
		t.Fatalf("%s: %d points, %d samples", path, len(d.Trk.Pts), s.Samples.Len())
	}
	for i, p := range d.Trk.Pts {
		if p.Cad == nil || math.Abs(float64(*p.Cad)-s.Samples.CadenceSPM[i]) > 0.5 {
			t.Fatalf("%s point %d: cad %v, want steps/min %v", path, i, p.Cad, s.Samples.CadenceSPM[i])
		}
	}
}

func checkPainCSV(t *testing.T, path string, pain []model.PainEvent) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("pain.csv: %v", err)
	}
	want := [][]string{PainHeader}
	for _, p := range pain {
		want = append(want, []string{p.LocalDate, p.LocalTime, strconv.Itoa(p.Severity), p.Location, p.Note, p.TZ})
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("pain.csv (-want +got):\n%s", diff)
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), `"Tight after 3 km, ""sharp"" on the hill — glute"`) {
		t.Errorf("pain.csv lacks the RFC 4180-quoted special note:\n%s", raw)
	}
}
