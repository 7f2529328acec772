package app

import (
	"context"
	"fmt"

	"github.com/backtrack/backtrack/analysis"
)

// Settings returns the configured settings: the defaults with the values
// stored by SetSetting applied.
func (a *App) Settings(ctx context.Context) (analysis.Settings, error) {
	set := analysis.DefaultSettings()
	stored, err := a.DB.Config(ctx)
	if err != nil {
		return set, err
	}
	for k, v := range stored {
		if IsImportSetting(k) {
			continue // a word, not one of the analysis's numbers
		}
		if err := set.Set(k, v); err != nil {
			return set, fmt.Errorf("setting in the database: %w (fix it with 'backtrack config set' or 'backtrack config unset')", err)
		}
	}
	return set, nil
}

// settingsWith returns the configured settings cfg and set, the same with
// overrides (setting key → value as typed) applied in display order. A bad
// override wraps analysis.ErrUnknownSetting or analysis.ErrBadSetting.
func (a *App) settingsWith(ctx context.Context, overrides map[string]string) (set, cfg analysis.Settings, err error) {
	cfg, err = a.Settings(ctx)
	if err != nil {
		return cfg, cfg, err
	}
	set, err = ApplySettings(cfg, overrides)
	return set, cfg, err
}

// ApplySettings returns set with overrides (setting key → value as typed,
// "20") applied, in display order. A key that is no setting wraps
// analysis.ErrUnknownSetting; a bad value analysis.ErrBadSetting.
func ApplySettings(set analysis.Settings, overrides map[string]string) (analysis.Settings, error) {
	for k := range overrides {
		if _, err := set.Text(k); err != nil {
			return set, err
		}
	}
	for _, k := range analysis.SettingKeys() {
		v, ok := overrides[k.Key]
		if !ok {
			continue
		}
		if err := set.Set(k.Key, v); err != nil {
			return set, err
		}
	}
	return set, nil
}

// Setting returns the configured value of setting key; an unknown key
// wraps analysis.ErrUnknownSetting.
func (a *App) Setting(ctx context.Context, key string) (float64, error) {
	if _, err := analysis.DefaultSettings().Get(key); err != nil {
		return 0, err
	}
	set, err := a.Settings(ctx)
	if err != nil {
		return 0, err
	}
	return set.Get(key)
}

// SettingText returns the configured value of setting key as text (see
// analysis.Settings.Text: "" for an unset date); an unknown key wraps
// analysis.ErrUnknownSetting.
func (a *App) SettingText(ctx context.Context, key string) (string, error) {
	if _, err := analysis.DefaultSettings().Text(key); err != nil {
		return "", err
	}
	set, err := a.Settings(ctx)
	if err != nil {
		return "", err
	}
	return set.Text(key)
}

// ParseSetting checks value (a decimal number, or a date YYYY-MM-DD for a
// date setting, as typed) for setting key and returns it (NaN for a date
// setting): an unknown key wraps analysis.ErrUnknownSetting, a value that
// is not a number (date) or out of range analysis.ErrBadSetting. It needs no
// database, so a caller can refuse a bad value before opening one.
func ParseSetting(key, value string) (float64, error) {
	set := analysis.DefaultSettings()
	if err := set.Set(key, value); err != nil {
		return 0, err
	}
	return set.Get(key)
}

// SetSetting stores value for setting key (checked as ParseSetting does)
// and returns it (NaN for a date setting: its text is the date). The
// metrics follow on the next UpdateMetrics.
func (a *App) SetSetting(ctx context.Context, key, value string) (float64, error) {
	set := analysis.DefaultSettings()
	if err := set.Set(key, value); err != nil {
		return 0, err
	}
	v, err := set.Get(key)
	if err != nil {
		return 0, err
	}
	text, err := set.Text(key)
	if err != nil {
		return 0, err
	}
	return v, a.DB.SetConfig(ctx, key, text)
}

// UnsetSetting forgets setting key (an analysis or an import setting), so
// that its default applies again; an unknown key wraps
// analysis.ErrUnknownSetting.
func (a *App) UnsetSetting(ctx context.Context, key string) error {
	if _, err := analysis.DefaultSettings().Get(key); err != nil && !IsImportSetting(key) {
		return err
	}
	_, err := a.DB.UnsetConfig(ctx, key)
	return err
}

// SettingValue is one setting with its value, as the JSON of
// `backtrack config list` and `backtrack analyze` shows it. The names are
// stable: users' scripts read them.
type SettingValue struct {
	Key string `json:"key"`
	// Value and Default are numbers (float64), or for a date setting the
	// date as a string and null when unset.
	Value     any    `json:"value"`
	Default   any    `json:"default"`
	IsDefault bool   `json:"is_default"`
	Unit      string `json:"unit"`
	Doc       string `json:"doc"`
}

// metricSettingValues lists set's settings that change stored metrics
// (not the report-only ones), in display order.
func metricSettingValues(set analysis.Settings) []SettingValue {
	out := []SettingValue{}
	for _, s := range set.List() {
		if !s.ReportOnly {
			out = append(out, settingValue(s))
		}
	}
	return out
}

// SettingValues lists set's settings in display order.
func SettingValues(set analysis.Settings) []SettingValue {
	out := []SettingValue{}
	for _, s := range set.List() {
		out = append(out, settingValue(s))
	}
	return out
}

// settingValue is setting s as SettingValue shows it.
func settingValue(s analysis.Setting) SettingValue {
	v := SettingValue{Key: s.Key, Value: s.Value, Default: s.Default, IsDefault: s.IsDefault(), Unit: s.Unit, Doc: s.Doc}
	if s.SettingInfo.Date {
		v.Value, v.Default = nil, nil
		if s.Date != "" {
			v.Value = s.Date
		}
	}
	return v
}
