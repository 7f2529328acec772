package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// Text formatting helpers: "-" stands for a missing value.

// sportLabel is the sport, with the file's sub-sport (terminal-safe).
func sportLabel(s *model.Session) string {
	if s.SubSport != "" && s.SubSport != "generic" {
		return string(s.Sport) + "/" + termSafe(s.SubSport)
	}
	return string(s.Sport)
}

func firstKnown(vs ...float64) float64 {
	for _, v := range vs {
		if model.Known(v) {
			return v
		}
	}
	return model.Missing
}

func duration(sec float64) string {
	if !model.Known(sec) {
		return "-"
	}
	d := time.Duration(math.Round(sec)) * time.Second
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

func km(m float64) string {
	if !model.Known(m) {
		return "-"
	}
	return fmt.Sprintf("%.2f km", m/1000)
}

func metres(m float64) string {
	if !model.Known(m) {
		return "-"
	}
	return fmt.Sprintf("%.0f m", m)
}

func intOrDash(v float64) string {
	if !model.Known(v) {
		return "-"
	}
	return strconv.Itoa(int(math.Round(v)))
}

func cadence(s *model.Session) string {
	if !model.Known(s.AvgCadenceSPM) {
		return "-"
	}
	if s.Sport == model.Cycling {
		return fmt.Sprintf("%.0f rpm", s.AvgCadenceSPM)
	}
	return fmt.Sprintf("%.0f steps/min", s.AvgCadenceSPM)
}

func setsOrDash(s *store.StoredSession) string {
	if s.Sport != model.Strength && s.NSets == 0 {
		return "-"
	}
	return strconv.Itoa(s.NSets)
}

func flagWord(f model.Flag, yes, no string) string {
	if f.Yes() {
		return yes
	}
	return no
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func hoursAgo(h float64) string {
	switch {
	case !model.Known(h):
		return "never before"
	case h < 72:
		return fmt.Sprintf("%.1f h before", h)
	}
	return fmt.Sprintf("%.1f days before", h/24)
}

func kgOrDash(v float64) string {
	if !model.Known(v) {
		return "- kg"
	}
	return fmt.Sprintf("%.0f kg", v)
}

// parseBytes reads a size such as 512MB, 2GB, 300M, 1GiB or 1048576 (bytes):
// decimal (kB, MB, GB) and binary (KiB, MiB, GiB) units, any case, the B
// optional (M is MB).
func parseBytes(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	mult := map[string]float64{"": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}[unit]
	if mult == 0 {
		return 0, fmt.Errorf("%q: unknown unit %q", s, unit)
	}
	return int64(v * mult), nil
}
