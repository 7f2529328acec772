package synth

import (
	"bytes"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/filedef"

	"github.com/backtrack/backtrack/model"
)

// FuzzWriteFIT checks that any sample values, however odd (NaN, negative,
// huge), give a FIT file that a strict decoder reads back with one record
// per sample and the session's sport.
func FuzzWriteFIT(f *testing.F) {
	f.Add(0.0, 53.38, -1.47, 60.0, 0.0, 3.1, 140.0, 171.0, 250.0, 1.5, false, 3600, "strength")
	f.Add(math.NaN(), 91.0, 181.0, -600.0, -1.0, -2.0, 300.0, 600.0, 1e9, math.Inf(1), true, -36000, "running")
	f.Add(1e12, -90.0, 180.0, 1e7, 5e7, 70000.0, -5.0, 509.0, 65535.0, -3.0, true, 0, "cycling")
	f.Fuzz(func(t *testing.T, t0, lat, lon, alt, dist, speed, hr, cad, power, setDur float64, frac bool, offset int, sport string) {
		sp, ok := model.ParseSport(sport)
		if !ok {
			sp = model.Other
		}
		s := model.NewSession(sp, time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC))
		s.OffsetS = offset % 100000
		s.ElapsedS, s.TimerS, s.DistanceM, s.AvgHR, s.AvgCadenceSPM = t0, setDur, dist, hr, cad
		if !(t0 >= 0 && t0 < 1e6) {
			t0 = 0
		}
		for i := 0; i < 3; i++ {
			s.Samples.Append(model.Sample{T: t0 + float64(i), Lat: lat, Lon: lon, AltM: alt, DistM: dist,
				SpeedMPS: speed, HR: hr, CadenceSPM: cad, PowerW: power})
		}
		l := model.NewLap(s.Start)
		l.ElapsedS, l.DistanceM, l.AscentM = setDur, dist, alt
		s.Laps = []model.Lap{l}
		s.Sets = []model.StrengthSet{
			{Start: s.Start, DurationS: setDur, Category: sport, Exercise: sport, Reps: int(cad), WeightKg: power},
			{Start: s.Start.Add(time.Minute), DurationS: setDur, Category: "deadlift", Reps: model.NoReps, WeightKg: model.Missing},
		}
		var buf bytes.Buffer
		err := WriteFIT(&buf, s, FITOptions{FractionalCadence: frac})
		if errors.Is(err, ErrTimeOutOfRange) && s.ElapsedS > math.MaxUint32/2 {
			return
		}
		if err != nil {
			t.Fatalf("write: %v", err)
		}
		fit, err := decoder.New(bytes.NewReader(buf.Bytes())).Decode()
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		a := filedef.NewActivity(fit.Messages...)
		if len(a.Records) != 3 || len(a.Sessions) != 1 || a.Sessions[0].Sport != fitSport(sp) {
			t.Fatalf("records %d sessions %d", len(a.Records), len(a.Sessions))
		}
	})
}
