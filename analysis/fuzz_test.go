package analysis_test

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// sampleBytes is the size of one sample in FuzzRunMetrics's encoding.
const sampleBytes = 8

// decodeFuzzSamples turns bytes into samples, 8 bytes each: the interval
// (1/16 s; 255 NaN, 254 one second back), the distance step (dm; 0xFFFF
// NaN), the altitude (dm, signed; 0x7FFF NaN, 0x7FFE +Inf), the speed
// (1/20 m/s; 255 NaN), the cadence (steps/min; 255 NaN) and a flag byte
// (bit 0: distance missing, a position instead).
func decodeFuzzSamples(b []byte) model.Samples {
	var s model.Samples
	t, d := 0.0, 0.0
	for len(b) >= sampleBytes {
		x := model.MissingSample(0)
		switch b[0] {
		case 255:
			t = math.NaN()
		case 254:
			t--
		default:
			t += float64(b[0]) / 16
		}
		x.T = t
		if step := binary.LittleEndian.Uint16(b[1:]); step != 0xFFFF {
			d += float64(step) / 10
			x.DistM = d
		}
		switch alt := int16(binary.LittleEndian.Uint16(b[3:])); alt {
		case 0x7FFF:
		case 0x7FFE:
			x.AltM = math.Inf(1)
		default:
			x.AltM = float64(alt) / 10
		}
		if b[5] != 255 {
			x.SpeedMPS = float64(b[5]) / 20
		}
		if b[6] != 255 {
			x.CadenceSPM = float64(b[6])
		}
		if b[7]&1 != 0 {
			x.Lat, x.Lon, x.DistM = 53+d/111195, -1.5, math.NaN()
		}
		s.Append(x)
		b = b[sampleBytes:]
	}
	return s
}

// encodeFuzzSamples is the inverse of decodeFuzzSamples for the seeds, at
// its precision.
func encodeFuzzSamples(s *model.Samples) []byte {
	var out []byte
	pt, pd := 0.0, 0.0
	for i := 0; i < s.Len(); i++ {
		var rec [sampleBytes]byte
		rec[0] = byte(min(max(math.Round((s.T[i]-pt)*16), 0), 253))
		pt += float64(rec[0]) / 16
		step := min(max(math.Round((s.DistM[i]-pd)*10), 0), 0xFFFE)
		pd += step / 10
		binary.LittleEndian.PutUint16(rec[1:], uint16(step))
		binary.LittleEndian.PutUint16(rec[3:], uint16(int16(math.Round(s.AltM[i]*10))))
		rec[5] = byte(min(s.SpeedMPS[i]*20, 254))
		rec[6] = byte(min(s.CadenceSPM[i], 254))
		out = append(out, rec[:]...)
	}
	return out
}

// FuzzRunMetrics feeds arbitrary samples (gaps, time going back, NaN and
// infinite values, distances standing still or missing) to the run
// metrics: they must never panic, and what they report must make sense.
// Inputs are kilobytes long: fuzz with a short minimisation, or each new
// input is minimised for a minute while no executions show:
//
//	go test -run '^$' -fuzz FuzzRunMetrics -fuzztime 60s -fuzzminimizetime 2s ./analysis
func FuzzRunMetrics(f *testing.F) {
	for _, spec := range []runSpec{
		{seed: 1, minutes: 25, speedMPS: 3, prof: hillRepeats, noise: noiseGPS, cadence: 170, dropPct: 5, dropAt: 0.7},
		{seed: 2, minutes: 21, speedMPS: 3, prof: flat, noise: noiseBaro, cadence: 168, stopAt: 0.5, stopS: 120},
		{seed: 3, minutes: 3, speedMPS: 3, prof: rolling, noise: noiseBaro, cadence: 168, pauseAt: 0.5, pauseS: 60},
	} {
		s, _ := genRun(spec)
		f.Add(encodeFuzzSamples(&s.Samples), 3.0)
	}
	f.Add([]byte{}, 3.0)
	f.Add([]byte{255, 0, 0, 0xFF, 0x7F, 255, 255, 1, 16, 10, 0, 0xFE, 0x7F, 60, 170, 0}, 0.5)
	set := analysis.DefaultSettings()
	f.Fuzz(func(t *testing.T, b []byte, hysteresis float64) {
		if len(b) > 64<<10 {
			return
		}
		s := model.NewSession(model.Running, time.Date(2024, 5, 1, 7, 0, 0, 0, time.UTC))
		s.Samples = decodeFuzzSamples(b)
		st := set
		if hysteresis >= 0.5 && hysteresis <= 50 {
			st.HysteresisM = hysteresis
		}
		m := analysis.SessionMetrics(&s, st)
		h, d := m.Hills, m.Drift
		if (h.AltitudeSource == "") != math.IsNaN(h.AscentM) {
			t.Errorf("altitude source %q with ascent %v", h.AltitudeSource, h.AscentM)
		}
		if !math.IsNaN(h.AscentM) {
			for name, v := range map[string]float64{"ascent": h.AscentM, "descent": h.DescentM, "climb": h.ClimbPerKm} {
				if !(v >= 0) || math.IsInf(v, 0) {
					t.Errorf("%s = %v, want finite and not negative", name, v)
				}
			}
			if !(h.Grade5UpShare >= 0 && h.Grade5DownShare >= 0 && h.Grade5UpShare+h.Grade5DownShare <= 1+1e-9) {
				t.Errorf("steep shares %v up, %v down", h.Grade5UpShare, h.Grade5DownShare)
			}
		}
		if n := s.Samples.Len(); n >= 2 && !(d.MovingS >= 0) {
			t.Errorf("moving time %v", d.MovingS)
		}
		if !math.IsNaN(d.CadenceDriftPct) {
			if d.MovingS < analysis.MinDriftMovingS || math.IsInf(d.CadenceDriftPct, 0) || !(d.CadenceEarlySPM > 0) {
				t.Errorf("drift %v%% from %v to %v spm with %v s moving", d.CadenceDriftPct, d.CadenceEarlySPM, d.CadenceLateSPM, d.MovingS)
			}
		}
	})
}

// FuzzSettingsSet: any key and value either set a valid setting that reads
// back the same, or fail with one of the two sentinel errors and change
// nothing.
func FuzzSettingsSet(f *testing.F) {
	for _, k := range analysis.SettingKeys() {
		f.Add(k.Key, analysis.FormatSetting(k.Default))
		f.Add(k.Key, analysis.FormatSetting(k.Max+1))
	}
	f.Add("diary_start", "2025-01-06")
	f.Add("diary_start", "2024-02-29")
	f.Add("hilly", "20")
	f.Add("hysteresis_m", "1e-320")
	f.Add("cadence_drift_pct", "0x1p-2")
	f.Fuzz(func(t *testing.T, key, value string) {
		s := analysis.DefaultSettings()
		before := s
		if err := s.Set(key, value); err != nil {
			if s != before {
				t.Errorf("a failed Set(%q, %q) changed the settings", key, value)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Errorf("Set(%q, %q) left invalid settings: %v", key, value, err)
		}
		v, err := s.Text(key)
		if err != nil {
			t.Fatal(err)
		}
		again := analysis.DefaultSettings()
		if err := again.Set(key, v); err != nil || again != s {
			t.Errorf("%s = %q does not read back: %v", key, v, err)
		}
	})
}
