package main

import (
	"fmt"
	"math"
	"strconv"
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

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
