package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/model"
)

// The import settings: words rather than numbers, stored beside the
// analysis's settings (meta rows config.KEY) and shown by backtrack config.
const (
	// KeyLiftWeightUnit is the unit ("kg" or "lb") of a lifting export's
	// weights where the export does not say (Strong's plain Weight column).
	KeyLiftWeightUnit = "lift_weight_unit"
	// KeyTZ is the zone (an IANA name) of files that carry no offset, when
	// neither --tz nor $TZ names one.
	KeyTZ = "tz"
)

// ImportSetting describes one import setting.
type ImportSetting struct {
	// Key is the setting's name, as `backtrack config set` takes it.
	Key string `json:"key"`
	// Value is the value in use, Default the value when none is set.
	Value   string `json:"value"`
	Default string `json:"default"`
	// IsDefault reports whether no value is stored.
	IsDefault bool `json:"is_default"`
	// Doc says in plain words what the setting decides.
	Doc string `json:"doc"`
}

// importSettings lists the import settings in display order, with their
// defaults.
var importSettings = []ImportSetting{
	{Key: KeyLiftWeightUnit, Default: "kg",
		Doc: "the unit (kg or lb) of a lifting export's weights when the export does not say (Strong's Weight column)"},
	{Key: KeyTZ, Default: "",
		Doc: "your time zone (e.g. Europe/London) for files without an offset, when --tz and $TZ are not set; empty: the offsets your watch recorded nearby, else the machine's zone"},
}

// IsImportSetting reports whether key is an import setting.
func IsImportSetting(key string) bool {
	return slices.ContainsFunc(importSettings, func(s ImportSetting) bool { return s.Key == key })
}

// ParseImportSetting checks value for import setting key and returns it
// normalised ("lbs" is "lb"): an unknown key wraps
// analysis.ErrUnknownSetting, a bad value analysis.ErrBadSetting.
func ParseImportSetting(key, value string) (string, error) {
	v := strings.TrimSpace(value)
	switch key {
	case KeyLiftWeightUnit:
		switch strings.ToLower(v) {
		case "kg", "kgs", "kilograms":
			return "kg", nil
		case "lb", "lbs", "pounds":
			return "lb", nil
		}
		return "", fmt.Errorf("%w: %s %q: use kg or lb", analysis.ErrBadSetting, key, value)
	case KeyTZ:
		if v == "" || strings.EqualFold(v, "local") {
			return "", fmt.Errorf("%w: %s %q: use a zone name like Europe/London (or 'backtrack config unset tz')", analysis.ErrBadSetting, key, value)
		}
		if _, err := time.LoadLocation(v); err != nil {
			return "", fmt.Errorf("%w: %s %q is not a time zone: use a name like Europe/London or America/New_York", analysis.ErrBadSetting, key, value)
		}
		return v, nil
	}
	return "", fmt.Errorf("%w %q", analysis.ErrUnknownSetting, key)
}

// ImportSettings returns the import settings with their values.
func (a *App) ImportSettings(ctx context.Context) ([]ImportSetting, error) {
	stored, err := a.DB.Config(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ImportSetting, len(importSettings))
	for i, s := range importSettings {
		out[i] = s
		out[i].Value, out[i].IsDefault = s.Default, true
		if v, ok := stored[s.Key]; ok {
			out[i].Value, out[i].IsDefault = v, false
		}
	}
	return out, nil
}

// ImportSettingValue returns the value of import setting key in use.
func (a *App) ImportSettingValue(ctx context.Context, key string) (string, error) {
	if !IsImportSetting(key) {
		return "", fmt.Errorf("%w %q", analysis.ErrUnknownSetting, key)
	}
	all, err := a.ImportSettings(ctx)
	if err != nil {
		return "", err
	}
	for _, s := range all {
		if s.Key == key {
			return s.Value, nil
		}
	}
	return "", nil
}

// SetImportSetting stores value for import setting key (checked as
// ParseImportSetting does) and returns it.
func (a *App) SetImportSetting(ctx context.Context, key, value string) (string, error) {
	v, err := ParseImportSetting(key, value)
	if err != nil {
		return "", err
	}
	return v, a.DB.SetConfig(ctx, key, v)
}

// ImportDefaults are the choices an import makes for files that do not
// say: the zone of times without an offset and the unit of weights.
type ImportDefaults struct {
	// Location is the zone; Guessed is true when it is only the machine's
	// (no --tz, $TZ or tz setting), so that the offsets a watch recorded
	// nearby take precedence.
	Location *time.Location
	Guessed  bool
	// WeightUnit ("kg", "lb" or "" for the default kg) and where it came
	// from, in words and as WeightUnitOrigin (model.UnitFlag or
	// model.UnitSetting; "" for the default).
	WeightUnit, WeightUnitFrom string
	WeightUnitOrigin           model.UnitOrigin
}

// ImportDefaults resolves the zone and weight unit of an import: zone is
// the one the user named (--tz or $TZ; nil for none), else the tz setting,
// else the machine's zone, guessed; weightUnit is --weight-unit ("" for
// none), else the lift_weight_unit setting, else kg.
func (a *App) ImportDefaults(ctx context.Context, zone *time.Location, weightUnit string) (ImportDefaults, error) {
	d := ImportDefaults{Location: zone}
	stored, err := a.DB.Config(ctx)
	if err != nil {
		return d, err
	}
	if zone == nil {
		if name := stored[KeyTZ]; name != "" {
			if d.Location, err = time.LoadLocation(name); err != nil {
				return d, fmt.Errorf("setting in the database: %s %q is not a time zone (fix it with 'backtrack config set tz' or 'backtrack config unset tz')", KeyTZ, name)
			}
		} else {
			d.Location, d.Guessed = time.Local, true
		}
	}
	switch {
	case weightUnit != "":
		d.WeightUnit, d.WeightUnitFrom, d.WeightUnitOrigin = weightUnit, "--weight-unit "+weightUnit, model.UnitFlag
	case stored[KeyLiftWeightUnit] != "":
		d.WeightUnit, d.WeightUnitFrom = stored[KeyLiftWeightUnit], "the lift_weight_unit setting ("+stored[KeyLiftWeightUnit]+")"
		d.WeightUnitOrigin = model.UnitSetting
	}
	return d, nil
}
