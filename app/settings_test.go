package app_test

import (
	"context"
	"errors"
	"testing"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
)

// TestSettings: a setting is checked, stored, read back and forgotten; an
// unknown key or a bad value is the analysis's sentinel error.
func TestSettings(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	if v, err := app.ParseSetting(analysis.KeyStrengthWindow, " 24 "); err != nil || v != 24 {
		t.Errorf("ParseSetting = %v, %v", v, err)
	}
	for _, tt := range []struct {
		key, value string
		want       error
	}{
		{"nope", "1", analysis.ErrUnknownSetting},
		{analysis.KeyStrengthWindow, "a day", analysis.ErrBadSetting},
		{analysis.KeyStrengthWindow, "0", analysis.ErrBadSetting},
	} {
		if _, err := app.ParseSetting(tt.key, tt.value); !errors.Is(err, tt.want) {
			t.Errorf("ParseSetting(%q, %q) = %v, want %v", tt.key, tt.value, err, tt.want)
		}
		if _, err := a.SetSetting(ctx, tt.key, tt.value); !errors.Is(err, tt.want) {
			t.Errorf("SetSetting(%q, %q) = %v, want %v", tt.key, tt.value, err, tt.want)
		}
	}
	if _, err := a.Setting(ctx, "nope"); !errors.Is(err, analysis.ErrUnknownSetting) {
		t.Errorf("Setting(nope) = %v", err)
	}
	if err := a.UnsetSetting(ctx, "nope"); !errors.Is(err, analysis.ErrUnknownSetting) {
		t.Errorf("UnsetSetting(nope) = %v", err)
	}
	if v, err := a.SetSetting(ctx, analysis.KeyStrengthWindow, "36.50"); err != nil || v != 36.5 {
		t.Fatalf("SetSetting = %v, %v", v, err)
	}
	if v, err := a.Setting(ctx, analysis.KeyStrengthWindow); err != nil || v != 36.5 {
		t.Errorf("Setting after SetSetting = %v, %v", v, err)
	}
	set, err := a.Settings(ctx)
	want := analysis.DefaultSettings()
	want.StrengthWindowH = 36.5
	if err != nil || set != want {
		t.Errorf("Settings = %+v, %v; want %+v", set, err, want)
	}
	if vs := app.SettingValues(set); len(vs) != 8 || vs[2].Key != analysis.KeyStrengthWindow || vs[2].Value != 36.5 || vs[2].IsDefault {
		t.Errorf("SettingValues = %+v", vs)
	}
	if err := a.UnsetSetting(ctx, analysis.KeyStrengthWindow); err != nil {
		t.Fatal(err)
	}
	if set, err := a.Settings(ctx); err != nil || set != analysis.DefaultSettings() {
		t.Errorf("Settings after UnsetSetting = %+v, %v", set, err)
	}
	// Overrides apply over any settings, in display order, all or none.
	over, err := app.ApplySettings(want, map[string]string{analysis.KeyHysteresis: "4", analysis.KeyStrengthWindow: "12"})
	if err != nil || over.HysteresisM != 4 || over.StrengthWindowH != 12 || over.HillyClimbMPerKm != want.HillyClimbMPerKm {
		t.Errorf("ApplySettings = %+v, %v", over, err)
	}
	if _, err := app.ApplySettings(want, map[string]string{"nope": "1"}); !errors.Is(err, analysis.ErrUnknownSetting) {
		t.Errorf("ApplySettings(nope) = %v", err)
	}
}

// TestDiaryStartSetting: the date setting is stored as its date, read
// back as text and as part of the settings, and unset again.
func TestDiaryStartSetting(t *testing.T) {
	ctx := context.Background()
	a, _ := newApp(t)
	if v, err := a.SettingText(ctx, analysis.KeyDiaryStart); err != nil || v != "" {
		t.Errorf("unset diary_start = %q, %v", v, err)
	}
	if _, err := a.SetSetting(ctx, analysis.KeyDiaryStart, "2025-1-6"); !errors.Is(err, analysis.ErrBadSetting) {
		t.Errorf("SetSetting(2025-1-6) = %v, want ErrBadSetting", err)
	}
	if _, err := a.SetSetting(ctx, analysis.KeyDiaryStart, "2025-01-06"); err != nil {
		t.Fatal(err)
	}
	if v, err := a.SettingText(ctx, analysis.KeyDiaryStart); err != nil || v != "2025-01-06" {
		t.Errorf("diary_start = %q, %v", v, err)
	}
	set, err := a.Settings(ctx)
	if err != nil || set.DiaryStart != "2025-01-06" || set.Fingerprint() != analysis.DefaultSettings().Fingerprint() {
		t.Errorf("settings %+v, %v: want the date, and the metrics' fingerprint unchanged", set, err)
	}
	vs := app.SettingValues(set)
	if last := vs[len(vs)-1]; last.Key != analysis.KeyDiaryStart || last.Value != "2025-01-06" || last.Default != nil || last.IsDefault {
		t.Errorf("listed as %+v", last)
	}
	if err := a.UnsetSetting(ctx, analysis.KeyDiaryStart); err != nil {
		t.Fatal(err)
	}
	if set, err := a.Settings(ctx); err != nil || set.DiaryStart != "" {
		t.Errorf("after unset: %q, %v", set.DiaryStart, err)
	}
}
