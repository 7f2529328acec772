package analysis

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// Settings are the definitions a user may tune. Each has a key (the word
// `backtrack config set` takes), a default and a valid range; see
// [SettingKeys]. The zero value is not valid: start from [DefaultSettings].
type Settings struct {
	// HillyClimbMPerKm is the climb, in metres per km, from which a run is
	// hilly (key hilly_climb_m_per_km, default 15).
	HillyClimbMPerKm float64
	// CadenceDriftPct is the late drop in cadence, in percent, from which a
	// run has cadence drift (key cadence_drift_pct, default 3: a drift of
	// −3% or lower).
	CadenceDriftPct float64
	// StrengthWindowH is the window, in hours before a run's start, of the
	// deadlift_48h and strength_48h exposures (key strength_window_h,
	// default 48).
	StrengthWindowH float64
	// DeadliftWindowD is the window, in days of 24 hours before a run's
	// start, of the deadlift_14d exposure (key deadlift_weeks_window_d,
	// default 14).
	DeadliftWindowD float64
	// HysteresisM is the elevation hysteresis in metres: a rise or fall
	// counts once the smoothed altitude has moved this far (key
	// hysteresis_m, default 3, as GoldenCheetah and Runalyze).
	HysteresisM float64
	// EpisodeGapD is the most pain-free days between two pain days of one
	// pain episode (key episode_gap_d, default 2): pain again after more
	// days starts a new episode. Report only.
	EpisodeGapD float64
	// SeverityMin is the severity from which pain counts in the sensitivity
	// line under each likely suspect (key severity_min, default 4, the usual
	// cut for moderate pain on a 0–10 scale). Report only.
	SeverityMin float64
	// DiaryStart is the local date (YYYY-MM-DD) from which the pain diary
	// was kept (key diary_start); "" (the default) means from the first to
	// the last diary entry. Report only.
	DiaryStart string
}

// The setting keys.
const (
	KeyHillyClimb      = "hilly_climb_m_per_km"
	KeyCadenceDrift    = "cadence_drift_pct"
	KeyStrengthWindow  = "strength_window_h"
	KeyDeadliftWindow  = "deadlift_weeks_window_d"
	KeyHysteresis      = "hysteresis_m"
	KeyEpisodeGap      = "episode_gap_d"
	KeySeverityMin     = "severity_min"
	KeyDiaryStart      = "diary_start"
	settingsKeysJoined = KeyHillyClimb + ", " + KeyCadenceDrift + ", " + KeyStrengthWindow + ", " +
		KeyDeadliftWindow + ", " + KeyHysteresis + ", " + KeyEpisodeGap + ", " + KeySeverityMin + ", " + KeyDiaryStart
)

// ErrUnknownSetting is returned (wrapped, with the list of valid keys) for a
// key that is not a setting. Test with errors.Is.
var ErrUnknownSetting = errors.New("unknown setting")

// ErrBadSetting is returned (wrapped, with the valid range) for a value that
// is not a number or is out of its setting's range. Test with errors.Is.
var ErrBadSetting = errors.New("bad setting value")

// SettingInfo describes one setting.
type SettingInfo struct {
	// Key is the setting's name, as `backtrack config set` takes it.
	Key string
	// Unit is the unit of the value ("m/km", "%", "h", "days", "m", "of 10",
	// "date").
	Unit string
	// Doc says in plain words what the setting decides.
	Doc string
	// Default is the value when the user has set none.
	Default float64
	// Min and Max bound the valid values, both inclusive.
	Min, Max float64
	// Whole marks a setting that takes whole numbers only (episode_gap_d,
	// severity_min).
	Whole bool
	// Date marks a setting whose value is a local date, YYYY-MM-DD
	// (diary_start), or unset: Default, Min and Max do not apply, and
	// [Settings.Text] reads it.
	Date bool
	// ReportOnly marks a setting that changes the report only, never a
	// stored metric: it is left out of [Settings.Fingerprint], so changing
	// it recomputes nothing.
	ReportOnly bool

	field     func(*Settings) *float64
	dateField func(*Settings) *string
}

// settingInfos lists the settings in display order.
var settingInfos = []SettingInfo{
	{Key: KeyHillyClimb, Unit: "m/km", Default: 15, Min: 1, Max: 200,
		Doc:   "a run is hilly when it climbs at least this many metres per km",
		field: func(s *Settings) *float64 { return &s.HillyClimbMPerKm }},
	{Key: KeyCadenceDrift, Unit: "%", Default: 3, Min: 0.1, Max: 50,
		Doc:   "a run has cadence drift when its late cadence is at least this many percent below its early cadence",
		field: func(s *Settings) *float64 { return &s.CadenceDriftPct }},
	{Key: KeyStrengthWindow, Unit: "h", Default: 48, Min: 1, Max: 336,
		Doc:   "deadlift_48h and strength_48h look this many hours back from a run's start",
		field: func(s *Settings) *float64 { return &s.StrengthWindowH }},
	{Key: KeyDeadliftWindow, Unit: "days", Default: 14, Min: 1, Max: 365,
		Doc:   "deadlift_14d looks this many days (of 24 h) back from a run's start",
		field: func(s *Settings) *float64 { return &s.DeadliftWindowD }},
	{Key: KeyHysteresis, Unit: "m", Default: 3, Min: 0.5, Max: 50,
		Doc:   "elevation hysteresis: smoothed altitude must move this far before a climb or descent counts",
		field: func(s *Settings) *float64 { return &s.HysteresisM }},
	{Key: KeyEpisodeGap, Unit: "days", Default: 2, Min: 0, Max: 7, Whole: true, ReportOnly: true,
		Doc:   "pain again after at most this many pain-free days belongs to the same pain episode",
		field: func(s *Settings) *float64 { return &s.EpisodeGapD }},
	{Key: KeySeverityMin, Unit: "of 10", Default: 4, Min: 1, Max: 10, Whole: true, ReportOnly: true,
		Doc:   "the check under each likely suspect counts only pain of this severity or more",
		field: func(s *Settings) *float64 { return &s.SeverityMin }},
	{Key: KeyDiaryStart, Unit: "date", Date: true, ReportOnly: true,
		Doc:       "the pain diary was kept from this date (YYYY-MM-DD); unset: from the first to the last entry",
		dateField: func(s *Settings) *string { return &s.DiaryStart }},
}

// SettingKeys returns every setting, in display order.
func SettingKeys() []SettingInfo {
	return append([]SettingInfo(nil), settingInfos...)
}

// DefaultSettings returns the settings with every default value (a date
// setting unset).
func DefaultSettings() Settings {
	var s Settings
	for _, in := range settingInfos {
		if in.field != nil {
			*in.field(&s) = in.Default
		}
	}
	return s
}

func lookupSetting(key string) (SettingInfo, error) {
	for _, in := range settingInfos {
		if in.Key == key {
			return in, nil
		}
	}
	return SettingInfo{}, fmt.Errorf("%w %q (valid keys: %s)", ErrUnknownSetting, key, settingsKeysJoined)
}

// check reports whether v is a valid value for in.
func (in SettingInfo) check(v float64) error {
	if math.IsNaN(v) || v < in.Min || v > in.Max {
		return fmt.Errorf("%w: %s %s is out of range: use %s to %s %s", ErrBadSetting, in.Key, FormatSetting(v),
			FormatSetting(in.Min), FormatSetting(in.Max), in.Unit)
	}
	if in.Whole && v != math.Trunc(v) {
		return fmt.Errorf("%w: %s %s is not a whole number", ErrBadSetting, in.Key, FormatSetting(v))
	}
	return nil
}

// checkDate reports whether d is a valid value for the date setting in:
// "" (unset) or a real calendar date written YYYY-MM-DD.
func (in SettingInfo) checkDate(d string) error {
	if d == "" {
		return nil
	}
	if t, err := time.Parse(time.DateOnly, d); err != nil || t.Format(time.DateOnly) != d {
		return fmt.Errorf("%w: %s %q is not a date: use YYYY-MM-DD", ErrBadSetting, in.Key, d)
	}
	return nil
}

// Set parses value and sets the setting key to it: a decimal number, or for
// a date setting a date YYYY-MM-DD. An unknown key wraps ErrUnknownSetting;
// a value that is not a number (date) or is out of range wraps
// ErrBadSetting. On error s is unchanged.
func (s *Settings) Set(key, value string) error {
	in, err := lookupSetting(key)
	if err != nil {
		return err
	}
	if in.Date {
		d := strings.TrimSpace(value)
		if d == "" {
			return fmt.Errorf("%w: %s %q is not a date: use YYYY-MM-DD", ErrBadSetting, key, value)
		}
		if err := in.checkDate(d); err != nil {
			return err
		}
		*in.dateField(s) = d
		return nil
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
	if err != nil || math.IsInf(v, 0) {
		return fmt.Errorf("%w: %s %q is not a number", ErrBadSetting, key, value)
	}
	if err := in.check(v); err != nil {
		return err
	}
	*in.field(s) = v
	return nil
}

// Get returns the value of the numeric setting key; an unknown key wraps
// ErrUnknownSetting. A date setting has no number: Get returns NaN for it
// (read it with Text).
func (s Settings) Get(key string) (float64, error) {
	in, err := lookupSetting(key)
	if err != nil {
		return 0, err
	}
	if in.Date {
		return math.NaN(), nil
	}
	return *in.field(&s), nil
}

// Text returns the value of setting key as it is stored and shown: a number
// as FormatSetting writes it, a date as YYYY-MM-DD, "" for an unset date.
// An unknown key wraps ErrUnknownSetting.
func (s Settings) Text(key string) (string, error) {
	in, err := lookupSetting(key)
	if err != nil {
		return "", err
	}
	if in.Date {
		return *in.dateField(&s), nil
	}
	return FormatSetting(*in.field(&s)), nil
}

// Validate reports the first setting out of its range (wrapping
// ErrBadSetting), or nil.
func (s Settings) Validate() error {
	for _, in := range settingInfos {
		var err error
		if in.Date {
			err = in.checkDate(*in.dateField(&s))
		} else {
			err = in.check(*in.field(&s))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Setting is one setting with its value, for display (reports show the
// definitions they used).
type Setting struct {
	SettingInfo
	// Value is the value in use (NaN for a date setting).
	Value float64
	// Date is a date setting's value, "" when unset.
	Date string
}

// IsDefault reports whether the value is the default (a date setting:
// unset).
func (s Setting) IsDefault() bool {
	if s.SettingInfo.Date {
		return s.Date == ""
	}
	return s.Value == s.Default
}

// ValueText returns the value as `backtrack config` shows it: the number,
// the date, or "none" for an unset date.
func (s Setting) ValueText() string {
	if s.SettingInfo.Date {
		return orNone(s.Date)
	}
	return FormatSetting(s.Value)
}

// DefaultText returns the default as `backtrack config` shows it: the
// number, or "none" for a date setting.
func (in SettingInfo) DefaultText() string {
	if in.Date {
		return "none"
	}
	return FormatSetting(in.Default)
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// List returns every setting with its value, in display order.
func (s Settings) List() []Setting {
	out := make([]Setting, len(settingInfos))
	for i, in := range settingInfos {
		if in.Date {
			out[i] = Setting{SettingInfo: in, Value: math.NaN(), Date: *in.dateField(&s)}
			continue
		}
		out[i] = Setting{SettingInfo: in, Value: *in.field(&s)}
	}
	return out
}

// FormatSetting formats a setting value the way it is stored and shown:
// the shortest decimal that reads back exactly ("15", "2.5").
func FormatSetting(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// Fingerprint returns a canonical text of every setting that changes a
// stored metric (not the ReportOnly ones) and MetricsVersion
// ("v1 hilly_climb_m_per_km=15 …"): stored exposures computed under another
// fingerprint are out of date.
func (s Settings) Fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "v%d", MetricsVersion)
	for _, st := range s.List() {
		if st.ReportOnly {
			continue
		}
		fmt.Fprintf(&b, " %s=%s", st.Key, FormatSetting(st.Value))
	}
	return b.String()
}

// SampleParams returns a canonical text of the settings that change the
// metrics computed from a run's samples (today the hysteresis only): stored
// run metrics computed under other parameters are out of date.
func (s Settings) SampleParams() string {
	return KeyHysteresis + "=" + FormatSetting(s.HysteresisM)
}

// StrengthWindow returns StrengthWindowH as a duration.
func (s Settings) StrengthWindow() time.Duration {
	return time.Duration(s.StrengthWindowH * float64(time.Hour))
}

// DeadliftWindow returns DeadliftWindowD as a duration of 24-hour days.
func (s Settings) DeadliftWindow() time.Duration {
	return time.Duration(s.DeadliftWindowD * 24 * float64(time.Hour))
}

// Hilly says whether a run climbing climbPerKm metres per km is hilly:
// model.FlagUnknown when the climb is unknown (NaN).
func (s Settings) Hilly(climbPerKm float64) model.Flag {
	if math.IsNaN(climbPerKm) {
		return model.FlagUnknown
	}
	return model.FlagOf(climbPerKm >= s.HillyClimbMPerKm)
}

// CadenceDrift says whether a run whose cadence changed by driftPct percent
// (negative: it fell) has cadence drift, a drop of CadenceDriftPct or more:
// model.FlagUnknown when the drift is unknown (NaN).
func (s Settings) CadenceDrift(driftPct float64) model.Flag {
	if math.IsNaN(driftPct) {
		return model.FlagUnknown
	}
	return model.FlagOf(driftPct <= -s.CadenceDriftPct)
}
