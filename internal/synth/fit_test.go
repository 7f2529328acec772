package synth

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/filedef"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/model"
)

// decodeFIT decodes b with muktihari's decoder (checksums verified) and
// returns the raw messages and the activity view of them.
func decodeFIT(t *testing.T, b []byte) ([]proto.Message, *filedef.Activity) {
	t.Helper()
	fit, err := decoder.New(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return fit.Messages, filedef.NewActivity(fit.Messages...)
}

func setsOf(a *filedef.Activity) []*mesgdef.Set {
	var sets []*mesgdef.Set
	for i := range a.UnrelatedMessages {
		if a.UnrelatedMessages[i].Num == mesgnum.Set {
			sets = append(sets, mesgdef.NewSet(&a.UnrelatedMessages[i]))
		}
	}
	return sets
}

var testStart = time.Date(2024, 3, 30, 6, 45, 0, 0, time.UTC)

// testRun is a 5-minute run with a 2-minute auto-pause after 3 minutes, a
// sample without heart rate and one without anything but time.
func testRun() model.Session {
	s := model.NewSession(model.Running, testStart)
	s.OffsetS = 3600
	s.OffsetOrigin = model.OffsetDevice
	var d float64
	for t := 0; t <= 420; t++ {
		if t > 180 && t < 300 {
			continue // paused
		}
		x := model.Sample{T: float64(t), Lat: 53.38 + float64(t)*1e-5, Lon: -1.47, AltM: 60 + float64(t%7)*0.2,
			DistM: d, SpeedMPS: 3.125, HR: 140, CadenceSPM: 171, PowerW: 250}
		d += 3.125
		if t == 10 {
			x.HR = model.Missing
		}
		if t == 11 {
			x = model.MissingSample(11)
		}
		s.Samples.Append(x)
	}
	s.ElapsedS, s.TimerS = 420, 300
	s.DistanceM = d - 3.125
	s.AscentM, s.DescentM = 3, 2
	s.AvgHR, s.AvgCadenceSPM = 140, 171
	l1 := model.NewLap(testStart)
	l1.ElapsedS, l1.TimerS, l1.DistanceM = 320, 200, 625
	l2 := model.NewLap(testStart.Add(320 * time.Second))
	l2.ElapsedS, l2.TimerS, l2.DistanceM = 100, 100, 312.5
	s.Laps = []model.Lap{l1, l2}
	return s
}

func testStrength() model.Session {
	s := model.NewSession(model.Strength, testStart)
	s.SubSport = "strength_training"
	s.OffsetS = 3600
	s.ElapsedS, s.TimerS = 1200, 1200
	at := func(sec int) time.Time { return testStart.Add(time.Duration(sec) * time.Second) }
	s.Sets = []model.StrengthSet{
		{Start: at(60), DurationS: 40.5, Category: "deadlift", Exercise: "barbell_deadlift", Reps: 5, WeightKg: 102.5},
		{Start: at(240), DurationS: 35, Category: "deadlift", Exercise: "romanian_deadlift", Reps: 8, WeightKg: 80},
		{Start: at(420), DurationS: 30, Category: "hip_raise", Exercise: "barbell_hip_thrust_with_bench", Reps: 10, WeightKg: 60},
		{Start: at(600), DurationS: model.Missing, Category: "row", Exercise: "dumbbell_row", Reps: model.NoReps, WeightKg: model.Missing},
		{Start: at(800), DurationS: 20, Category: "good_morning", Exercise: "Good Morning", Reps: 12, WeightKg: 40},
	}
	return s
}

func TestWriteFITRun(t *testing.T) {
	tests := []struct {
		name       string
		opts       FITOptions
		wantCad    uint8
		wantFrac   uint8
		wantLocal  bool
		wantSess   bool
		wantManu   typedef.Manufacturer
		wantCadSPM float64
	}{
		{name: "default", wantCad: 86, wantFrac: basetype.Uint8Invalid, wantLocal: true, wantSess: true,
			wantManu: typedef.ManufacturerDevelopment, wantCadSPM: 172},
		{name: "fractional cadence", opts: FITOptions{FractionalCadence: true}, wantCad: 85, wantFrac: 64,
			wantLocal: true, wantSess: true, wantManu: typedef.ManufacturerDevelopment, wantCadSPM: 171},
		{name: "no session, no local timestamp, garmin", opts: FITOptions{OmitSession: true, NoLocalTimestamp: true, Manufacturer: "garmin"},
			wantCad: 86, wantFrac: basetype.Uint8Invalid, wantManu: typedef.ManufacturerGarmin, wantCadSPM: 172},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := testRun()
			var buf bytes.Buffer
			if err := WriteFIT(&buf, s, tc.opts); err != nil {
				t.Fatal(err)
			}
			_, a := decodeFIT(t, buf.Bytes())
			if a.FileId.Type != typedef.FileActivity || a.FileId.Manufacturer != tc.wantManu {
				t.Errorf("file_id type %v manufacturer %v, want activity %v", a.FileId.Type, a.FileId.Manufacturer, tc.wantManu)
			}
			if got, want := len(a.Records), s.Samples.Len(); got != want {
				t.Fatalf("records: got %d, want %d", got, want)
			}
			r0 := a.Records[0]
			if !r0.Timestamp.Equal(testStart) {
				t.Errorf("first record at %v, want %v", r0.Timestamp, testStart)
			}
			if r0.Cadence != tc.wantCad || r0.FractionalCadence != tc.wantFrac {
				t.Errorf("cadence %d + %d/128, want %d + %d/128", r0.Cadence, r0.FractionalCadence, tc.wantCad, tc.wantFrac)
			}
			if got := 2 * (float64(r0.Cadence) + float64(r0.FractionalCadence%128)/128*boolf(tc.opts.FractionalCadence)); got != tc.wantCadSPM {
				t.Errorf("decoded steps/min %v, want %v", got, tc.wantCadSPM)
			}
			if got := r0.EnhancedAltitudeScaled(); math.Abs(got-60) > 1e-9 {
				t.Errorf("enhanced altitude %v, want 60", got)
			}
			if got := r0.AltitudeScaled(); math.Abs(got-60) > 1e-9 {
				t.Errorf("altitude %v, want 60", got)
			}
			if got := r0.EnhancedSpeedScaled(); got != 3.125 {
				t.Errorf("enhanced speed %v, want 3.125", got)
			}
			if got := r0.PositionLatDegrees(); math.Abs(got-53.38) > 1e-6 {
				t.Errorf("lat %v, want 53.38", got)
			}
			if r0.Power != 250 || r0.HeartRate != 140 {
				t.Errorf("power %d hr %d, want 250 140", r0.Power, r0.HeartRate)
			}
			// Missing values are not written: invalid, never 0.
			if hr := a.Records[10].HeartRate; hr != basetype.Uint8Invalid {
				t.Errorf("record 10 heart rate %d, want invalid (not written)", hr)
			}
			r11 := a.Records[11]
			if r11.HeartRate != basetype.Uint8Invalid || r11.Cadence != basetype.Uint8Invalid ||
				r11.Distance != basetype.Uint32Invalid || r11.EnhancedAltitude != basetype.Uint32Invalid ||
				r11.PositionLat != basetype.Sint32Invalid || r11.Power != basetype.Uint16Invalid ||
				r11.EnhancedSpeed != basetype.Uint32Invalid {
				t.Errorf("record 11 (all missing) has values: %+v", r11)
			}
			if got := len(a.Laps); got != 2 {
				t.Errorf("laps: got %d, want 2", got)
			}
			// Pause: timer stop at 180 s and start at 300 s.
			var stops, starts []time.Duration
			for _, e := range a.Events {
				if e.Event != typedef.EventTimer {
					continue
				}
				switch e.EventType {
				case typedef.EventTypeStopAll:
					stops = append(stops, e.Timestamp.Sub(testStart))
				case typedef.EventTypeStart:
					starts = append(starts, e.Timestamp.Sub(testStart))
				}
			}
			if diff := cmp.Diff([]time.Duration{0, 300 * time.Second}, starts); diff != "" {
				t.Errorf("timer starts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]time.Duration{180 * time.Second, 420 * time.Second}, stops); diff != "" {
				t.Errorf("timer stops (-want +got):\n%s", diff)
			}
			if tc.wantSess != (len(a.Sessions) == 1) {
				t.Fatalf("sessions: got %d, want session %v", len(a.Sessions), tc.wantSess)
			}
			if tc.wantSess {
				ss := a.Sessions[0]
				if ss.Sport != typedef.SportRunning || !ss.StartTime.Equal(testStart) {
					t.Errorf("session sport %v start %v", ss.Sport, ss.StartTime)
				}
				if ss.SubSport != typedef.SubSportInvalid {
					t.Errorf("session sub_sport %v, want not written", ss.SubSport)
				}
				if ss.TotalElapsedTime != 420000 || ss.TotalTimerTime != 300000 || ss.TotalAscent != 3 {
					t.Errorf("session elapsed %d timer %d ascent %d", ss.TotalElapsedTime, ss.TotalTimerTime, ss.TotalAscent)
				}
				if ss.AvgCadence != tc.wantCad {
					t.Errorf("session avg cadence %d, want %d", ss.AvgCadence, tc.wantCad)
				}
			}
			if a.Activity == nil {
				t.Fatal("no activity message")
			}
			if tc.wantLocal {
				if got := a.Activity.LocalTimestamp.Sub(a.Activity.Timestamp); got != time.Hour {
					t.Errorf("local_timestamp - timestamp = %v, want 1h", got)
				}
			} else if a.Activity.LocalTimestamp != (time.Time{}) {
				t.Errorf("local_timestamp %v written, want none", a.Activity.LocalTimestamp)
			}
		})
	}
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func TestWriteFITSportMapping(t *testing.T) {
	tests := []struct {
		sport model.Sport
		sub   string
		want  typedef.Sport
		wsub  typedef.SubSport
	}{
		{model.Running, "treadmill", typedef.SportRunning, typedef.SubSportTreadmill},
		{model.Running, "trail", typedef.SportRunning, typedef.SubSportTrail},
		{model.Cycling, "", typedef.SportCycling, typedef.SubSportInvalid},
		{model.Walking, "", typedef.SportWalking, typedef.SubSportInvalid},
		{model.Hiking, "", typedef.SportHiking, typedef.SubSportInvalid},
		{model.Swimming, "lap_swimming", typedef.SportSwimming, typedef.SubSportLapSwimming},
		{model.Strength, "", typedef.SportTraining, typedef.SubSportStrengthTraining},
		{model.Other, "", typedef.SportGeneric, typedef.SubSportInvalid},
	}
	for _, tc := range tests {
		t.Run(string(tc.sport)+"/"+tc.sub, func(t *testing.T) {
			s := model.NewSession(tc.sport, testStart)
			s.SubSport = tc.sub
			s.ElapsedS = 60
			var buf bytes.Buffer
			if err := WriteFIT(&buf, s, FITOptions{}); err != nil {
				t.Fatal(err)
			}
			_, a := decodeFIT(t, buf.Bytes())
			if len(a.Sessions) != 1 {
				t.Fatalf("sessions: %d", len(a.Sessions))
			}
			if got := a.Sessions[0]; got.Sport != tc.want || got.SubSport != tc.wsub {
				t.Errorf("sport %v/%v, want %v/%v", got.Sport, got.SubSport, tc.want, tc.wsub)
			}
			if got := a.Sessions[0].TotalDistance; got != basetype.Uint32Invalid {
				t.Errorf("missing distance written as %d", got)
			}
		})
	}
}

func TestWriteFITCyclingCadenceNotHalved(t *testing.T) {
	s := model.NewSession(model.Cycling, testStart)
	x := model.MissingSample(0)
	x.CadenceSPM = 90
	s.Samples.Append(x)
	var buf bytes.Buffer
	if err := WriteFIT(&buf, s, FITOptions{}); err != nil {
		t.Fatal(err)
	}
	_, a := decodeFIT(t, buf.Bytes())
	if got := a.Records[0].Cadence; got != 90 {
		t.Errorf("cycling cadence %d rpm, want 90", got)
	}
}

func TestWriteFITStrength(t *testing.T) {
	s := testStrength()
	var buf bytes.Buffer
	if err := WriteFIT(&buf, s, FITOptions{}); err != nil {
		t.Fatal(err)
	}
	_, a := decodeFIT(t, buf.Bytes())
	if len(a.Sessions) != 1 || a.Sessions[0].Sport != typedef.SportTraining ||
		a.Sessions[0].SubSport != typedef.SubSportStrengthTraining {
		t.Fatalf("session: %+v", a.Sessions)
	}
	sets := setsOf(a)
	type setView struct {
		Type     typedef.SetType
		Start    time.Duration
		DurMS    uint32
		Reps     uint16
		Weight16 uint16
		Cat      []typedef.ExerciseCategory
		Sub      []uint16
		Index    typedef.MessageIndex
	}
	var got []setView
	for _, st := range sets {
		got = append(got, setView{st.SetType, st.StartTime.Sub(testStart), st.Duration, st.Repetitions, st.Weight,
			st.Category, st.CategorySubtype, st.MessageIndex})
	}
	const (
		inv16 = basetype.Uint16Invalid
		inv32 = basetype.Uint32Invalid
	)
	active, rest := typedef.SetTypeActive, typedef.SetTypeRest
	cats := func(c typedef.ExerciseCategory) []typedef.ExerciseCategory { return []typedef.ExerciseCategory{c} }
	want := []setView{
		{active, 60 * time.Second, 40500, 5, 102.5 * 16, cats(8), []uint16{0}, 0},
		{rest, 100 * time.Second, 139500, inv16, inv16, nil, nil, 1},
		{active, 240 * time.Second, 35000, 8, 80 * 16, cats(8), []uint16{23}, 2},
		{rest, 275 * time.Second, 145000, inv16, inv16, nil, nil, 3},
		{active, 420 * time.Second, 30000, 10, 60 * 16, cats(10), []uint16{1}, 4},
		{rest, 450 * time.Second, 150000, inv16, inv16, nil, nil, 5},
		{active, 600 * time.Second, inv32, inv16, inv16, cats(23), []uint16{2}, 6},
		// The row had no duration: the rest runs from its start.
		{rest, 600 * time.Second, 200000, inv16, inv16, nil, nil, 7},
		{active, 800 * time.Second, 20000, 12, 40 * 16, cats(typedef.ExerciseCategoryUnknown), nil, 8},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sets (-want +got):\n%s", diff)
	}
}

func TestWriteFITUnknownManufacturer(t *testing.T) {
	var buf bytes.Buffer
	err := WriteFIT(&buf, testRun(), FITOptions{Manufacturer: "acme watches"})
	if !errors.Is(err, ErrUnknownManufacturer) {
		t.Fatalf("err = %v, want ErrUnknownManufacturer", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes on error", buf.Len())
	}
}

func TestWriteFITTimeRange(t *testing.T) {
	tests := []struct {
		name  string
		start time.Time
	}{
		{"before the FIT epoch", time.Date(1989, 12, 30, 0, 0, 0, 0, time.UTC)},
		{"after FIT times overflow", time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := model.NewSession(model.Running, tc.start)
			var buf bytes.Buffer
			if err := WriteFIT(&buf, s, FITOptions{}); !errors.Is(err, ErrTimeOutOfRange) {
				t.Errorf("err = %v, want ErrTimeOutOfRange", err)
			}
		})
	}
}

func TestWriteFITMessageOrder(t *testing.T) {
	// Laps must follow the records they close, as a watch writes them.
	var buf bytes.Buffer
	if err := WriteFIT(&buf, testRun(), FITOptions{}); err != nil {
		t.Fatal(err)
	}
	mesgs, _ := decodeFIT(t, buf.Bytes())
	var last uint32
	for i, m := range mesgs {
		ts := m.FieldValueByNum(fieldnum.RecordTimestamp).Uint32()
		if m.Num == mesgnum.FileId || ts == basetype.Uint32Invalid {
			continue
		}
		if ts < last {
			t.Errorf("message %d (%v) at %v goes back from %v", i, m.Num, datetime.ToTime(ts), datetime.ToTime(last))
		}
		last = ts
	}
	if got := mesgs[0].Num; got != mesgnum.FileId {
		t.Errorf("first message %v, want file_id", got)
	}
}

func TestExerciseNumbers(t *testing.T) {
	tests := []struct {
		cat, ex string
		want    typedef.ExerciseCategory
		sub     uint16
		ok      bool
	}{
		{"deadlift", "barbell_deadlift", 8, 0, true},
		{"deadlift", "romanian_deadlift", 8, 23, true},
		{"deadlift", "sumo_deadlift", 8, 15, true},
		{"deadlift", "trap_bar_deadlift", 8, 17, true},
		{"deadlift", "rack_pull", 8, 7, true},
		{"deadlift", "barbell_straight_leg_deadlift", 8, 1, true},
		{"squat", "barbell_back_squat", 28, 6, true},
		{"row", "dumbbell_row", 23, 2, true},
		{"hip_raise", "barbell_hip_thrust_with_bench", 10, 1, true},
		{"bench_press", "barbell_bench_press", 0, 1, true},
		{"deadlift", "Deadlift (Barbell)", 8, 0, false},
		{"unknown", "", typedef.ExerciseCategoryUnknown, 0, false},
		{"good_morning", "good_morning", typedef.ExerciseCategoryUnknown, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.cat+"/"+tc.ex, func(t *testing.T) {
			c, s, ok := ExerciseNumbers(tc.cat, tc.ex)
			if c != tc.want || s != tc.sub || ok != tc.ok {
				t.Errorf("got %d %d %v, want %d %d %v", c, s, ok, tc.want, tc.sub, tc.ok)
			}
		})
	}
}
