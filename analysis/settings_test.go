package analysis_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

func TestDefaultSettings(t *testing.T) {
	want := analysis.Settings{HillyClimbMPerKm: 15, CadenceDriftPct: 3, StrengthWindowH: 48, DeadliftWindowD: 14, HysteresisM: 3,
		EpisodeGapD: 2, SeverityMin: 4}
	got := analysis.DefaultSettings()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("defaults (-want +got):\n%s", d)
	}
	if err := got.Validate(); err != nil {
		t.Errorf("defaults do not validate: %v", err)
	}
	if err := (analysis.Settings{}).Validate(); !errors.Is(err, analysis.ErrBadSetting) {
		t.Errorf("zero Settings validate: %v, want ErrBadSetting", err)
	}
	var keys []string
	for _, k := range analysis.SettingKeys() {
		keys = append(keys, k.Key)
	}
	if d := cmp.Diff([]string{"hilly_climb_m_per_km", "cadence_drift_pct", "strength_window_h", "deadlift_weeks_window_d", "hysteresis_m",
		"episode_gap_d", "severity_min", "diary_start"}, keys); d != "" {
		t.Errorf("keys (-want +got):\n%s", d)
	}
}

func TestSettingsSet(t *testing.T) {
	tests := []struct {
		key, value string
		want       float64
		wantErr    error
		wantMsg    string
	}{
		{"hilly_climb_m_per_km", "20", 20, nil, ""},
		{"cadence_drift_pct", " 2.5 ", 2.5, nil, ""},
		{"strength_window_h", "24", 24, nil, ""},
		{"deadlift_weeks_window_d", "21", 21, nil, ""},
		{"hysteresis_m", "5", 5, nil, ""},
		{"hilly_climb_m_per_km", "1", 1, nil, ""},
		{"hilly_climb_m_per_km", "200", 200, nil, ""},
		{"episode_gap_d", "0", 0, nil, ""},
		{"episode_gap_d", "7", 7, nil, ""},
		{"severity_min", "1", 1, nil, ""},
		{"hilly", "20", 0, analysis.ErrUnknownSetting, `unknown setting "hilly" (valid keys: hilly_climb_m_per_km, cadence_drift_pct, strength_window_h, deadlift_weeks_window_d, hysteresis_m, episode_gap_d, severity_min, diary_start)`},
		{"episode_gap_d", "1.5", 0, analysis.ErrBadSetting, "episode_gap_d 1.5 is not a whole number"},
		{"episode_gap_d", "8", 0, analysis.ErrBadSetting, "use 0 to 7 days"},
		{"severity_min", "0", 0, analysis.ErrBadSetting, "use 1 to 10 of 10"},
		{"diary_start", "2025-02-30", 0, analysis.ErrBadSetting, `diary_start "2025-02-30" is not a date: use YYYY-MM-DD`},
		{"diary_start", "6 Jan", 0, analysis.ErrBadSetting, "is not a date"},
		{"diary_start", " ", 0, analysis.ErrBadSetting, "is not a date"},
		{"hilly_climb_m_per_km", "lots", 0, analysis.ErrBadSetting, `hilly_climb_m_per_km "lots" is not a number`},
		{"hilly_climb_m_per_km", "NaN", 0, analysis.ErrBadSetting, "out of range"},
		{"hilly_climb_m_per_km", "Inf", 0, analysis.ErrBadSetting, "not a number"},
		{"hilly_climb_m_per_km", "0", 0, analysis.ErrBadSetting, "hilly_climb_m_per_km 0 is out of range: use 1 to 200 m/km"},
		{"strength_window_h", "-48", 0, analysis.ErrBadSetting, "use 1 to 336 h"},
		{"hysteresis_m", "0.1", 0, analysis.ErrBadSetting, "use 0.5 to 50 m"},
		{"deadlift_weeks_window_d", "", 0, analysis.ErrBadSetting, "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			s := analysis.DefaultSettings()
			before := s
			err := s.Set(tt.key, tt.value)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("Set: %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				if !strings.Contains(err.Error(), tt.wantMsg) {
					t.Errorf("error %q does not say %q", err, tt.wantMsg)
				}
				if s != before {
					t.Errorf("a failed Set changed the settings: %+v", s)
				}
				return
			}
			got, err := s.Get(tt.key)
			if err != nil || got != tt.want {
				t.Errorf("Get = %v, %v; want %v", got, err, tt.want)
			}
			if err := s.Validate(); err != nil {
				t.Errorf("Validate after Set: %v", err)
			}
		})
	}
}

// TestSettingsFingerprint: every setting but the report-only ones changes
// the fingerprint; only the hysteresis changes the sample parameters.
func TestSettingsFingerprint(t *testing.T) {
	def := analysis.DefaultSettings()
	if got, want := def.Fingerprint(), "v1 hilly_climb_m_per_km=15 cadence_drift_pct=3 strength_window_h=48 deadlift_weeks_window_d=14 hysteresis_m=3"; got != want {
		t.Errorf("fingerprint %q, want %q", got, want)
	}
	for _, k := range analysis.SettingKeys() {
		s := def
		v := analysis.FormatSetting(k.Default + 1)
		if k.Date {
			v = "2025-01-06"
		}
		if err := s.Set(k.Key, v); err != nil {
			t.Fatal(err)
		}
		if changed := s.Fingerprint() != def.Fingerprint(); changed == k.ReportOnly {
			t.Errorf("changing %s (report only: %v) changes the fingerprint: %v", k.Key, k.ReportOnly, changed)
		}
		if changed := s.SampleParams() != def.SampleParams(); changed != (k.Key == analysis.KeyHysteresis) {
			t.Errorf("changing %s changes the sample parameters: %v", k.Key, changed)
		}
	}
	list := def.List()
	if len(list) != 8 || list[0].Key != "hilly_climb_m_per_km" || list[0].Value != 15 || !list[0].IsDefault() || list[0].Unit != "m/km" {
		t.Errorf("List()[0] = %+v", list[0])
	}
}

// TestDiaryStartSetting: the date setting is set, read as text, listed
// and unset (back to "none": from the first to the last entry).
func TestDiaryStartSetting(t *testing.T) {
	s := analysis.DefaultSettings()
	if v, err := s.Text(analysis.KeyDiaryStart); err != nil || v != "" {
		t.Errorf("default diary_start %q, %v", v, err)
	}
	if err := s.Set(analysis.KeyDiaryStart, " 2025-01-06 "); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Text(analysis.KeyDiaryStart); v != "2025-01-06" || s.DiaryStart != "2025-01-06" {
		t.Errorf("diary_start %q", v)
	}
	if v, err := s.Get(analysis.KeyDiaryStart); err != nil || !math.IsNaN(v) {
		t.Errorf("Get(diary_start) = %v, %v; want NaN (a date has no number)", v, err)
	}
	if err := s.Validate(); err != nil {
		t.Error(err)
	}
	last := s.List()[len(s.List())-1]
	if last.Key != analysis.KeyDiaryStart || last.IsDefault() || last.ValueText() != "2025-01-06" || last.DefaultText() != "none" {
		t.Errorf("listed as %+v (%q, default %q)", last, last.ValueText(), last.DefaultText())
	}
	if v, _ := s.Text(analysis.KeyStrengthWindow); v != "48" {
		t.Errorf("Text(strength_window_h) = %q", v)
	}
	bad := s
	bad.DiaryStart = "2025-13-01"
	if err := bad.Validate(); !errors.Is(err, analysis.ErrBadSetting) {
		t.Errorf("Validate of a bad date: %v", err)
	}
}

func TestFlags(t *testing.T) {
	set := analysis.DefaultSettings()
	tests := []struct {
		name string
		got  model.Flag
		want model.Flag
	}{
		{"climb 15 is hilly", set.Hilly(15), model.FlagYes},
		{"climb 14.9 is not", set.Hilly(14.9), model.FlagNo},
		{"unknown climb", set.Hilly(nan()), model.FlagUnknown},
		{"drift −3 is drift", set.CadenceDrift(-3), model.FlagYes},
		{"drift −2.99 is not", set.CadenceDrift(-2.99), model.FlagNo},
		{"a rise is not drift", set.CadenceDrift(4), model.FlagNo},
		{"unknown drift", set.CadenceDrift(nan()), model.FlagUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
			b, _ := tt.got.MarshalJSON()
			if want := map[model.Flag]string{model.FlagYes: "true", model.FlagNo: "false", model.FlagUnknown: "null"}[tt.want]; string(b) != want {
				t.Errorf("JSON %s, want %s", b, want)
			}
			if model.FlagFromPtr(tt.got.Ptr()) != tt.got {
				t.Errorf("Ptr round trip changes %v", tt.got)
			}
		})
	}
}
