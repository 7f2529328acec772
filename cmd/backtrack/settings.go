package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
)

// settingsFlags are the flags that override a setting for one command run
// (analyze, report). Register them with addSettingsFlags and read them with
// overrides.
type settingsFlags struct {
	values map[string]*string // setting key → flag value
	cmd    *cobra.Command
}

// settingFlagNames maps each setting key to its override flag.
var settingFlagNames = []struct{ key, flag string }{
	{analysis.KeyHillyClimb, "hilly-threshold"},
	{analysis.KeyCadenceDrift, "drift-threshold"},
	{analysis.KeyStrengthWindow, "strength-window"},
	{analysis.KeyDeadliftWindow, "deadlift-window"},
	{analysis.KeyHysteresis, "hysteresis"},
	{analysis.KeyEpisodeGap, "episode-gap"},
	{analysis.KeySeverityMin, "severity-min"},
	{analysis.KeyDiaryStart, "diary-start"},
}

// addSettingsFlags registers one flag per setting on cmd
// (--hilly-threshold, --drift-threshold, --strength-window,
// --deadlift-window, --hysteresis and, when report is set, the report-only
// --episode-gap, --severity-min and --diary-start), each overriding the
// configured value for this run only.
func addSettingsFlags(cmd *cobra.Command, o *settingsFlags, report bool) {
	o.cmd = cmd
	o.values = map[string]*string{}
	for _, f := range settingFlagNames {
		info := settingInfo(f.key)
		if info.ReportOnly && !report {
			continue
		}
		v := new(string)
		o.values[f.key] = v
		cmd.Flags().StringVar(v, f.flag, "", fmt.Sprintf("for this run only, %s (%s, %s; default: 'backtrack config get %s')",
			info.Doc, f.key, info.Unit, f.key))
	}
}

// overrides returns the flags given on the command line as setting key →
// value, each checked before any database is opened: the first bad one is a
// usage error naming the flag.
func (o *settingsFlags) overrides() (map[string]string, error) {
	out := map[string]string{}
	for _, f := range settingFlagNames {
		if o.cmd == nil || o.values[f.key] == nil || !o.cmd.Flags().Changed(f.flag) {
			continue
		}
		v := *o.values[f.key]
		if _, err := app.ParseSetting(f.key, v); err != nil {
			return nil, usagef("--%s: %v", f.flag, err)
		}
		out[f.key] = v
	}
	return out, nil
}

// settingsHelp lists the keys with their defaults, units and meanings.
func settingsHelp() string {
	var b strings.Builder
	for _, k := range analysis.SettingKeys() {
		fmt.Fprintf(&b, "  %-24s %s %s: %s\n", k.Key, k.DefaultText(), k.Unit, k.Doc)
	}
	fmt.Fprintf(&b, "  %-24s kg: the unit (kg or lb) of a lifting export's weights when the export does not say\n", app.KeyLiftWeightUnit)
	fmt.Fprintf(&b, "  %-24s (none): your time zone for files without an offset when --tz and $TZ are not set\n", app.KeyTZ)
	return b.String()
}

// settingError turns an analysis setting error into a usage error (exit 2).
func settingError(err error) error {
	if errors.Is(err, analysis.ErrUnknownSetting) || errors.Is(err, analysis.ErrBadSetting) {
		return &usageError{err: err}
	}
	return err
}

// oneKey checks the single KEY argument.
func oneKey(args []string, want int, usage string) error {
	if len(args) != want {
		return usagef("expected %s, got %d arguments (keys: %s)", usage, len(args), keyNames())
	}
	if app.IsImportSetting(args[0]) {
		return nil
	}
	if _, err := analysis.DefaultSettings().Get(args[0]); err != nil {
		return settingError(err)
	}
	return nil
}

func keyNames() string {
	var ks []string
	for _, k := range analysis.SettingKeys() {
		ks = append(ks, k.Key)
	}
	ks = append(ks, app.KeyLiftWeightUnit, app.KeyTZ)
	return strings.Join(ks, ", ")
}

// settingInfo returns the description of a known key.
func settingInfo(key string) analysis.SettingInfo {
	for _, k := range analysis.SettingKeys() {
		if k.Key == key {
			return k
		}
	}
	return analysis.SettingInfo{Key: key}
}
