package painlog

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseClock reads a time of day as a person types it on the command line
// or in a form, and returns it as HH:MM on a 24-hour clock: "now" (any
// case) is now's wall clock (give now in the event's zone), "18:30" and
// "7:30" are read as [ParseTime] reads them, and "6:30pm", "6pm", "6:30 PM"
// and "6 am" on a 12-hour clock (12am is midnight, 12pm noon). An empty (or
// blank) s is no time and returns "". Anything else is an error that names
// the forms understood.
//
// The pain log's files keep the strict HH:MM of ParseTime: this is for
// what people type.
func ParseClock(s string, now time.Time) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch {
	case t == "":
		return "", nil
	case t == "now":
		return now.Format("15:04"), nil
	}
	var pm bool
	switch {
	case strings.HasSuffix(t, "am"):
		t = strings.TrimSpace(strings.TrimSuffix(t, "am"))
	case strings.HasSuffix(t, "pm"):
		t, pm = strings.TrimSpace(strings.TrimSuffix(t, "pm")), true
	default:
		hhmm, err := ParseTime(t)
		if err != nil {
			return "", clockError(s, err)
		}
		return hhmm, nil
	}
	hs, ms, hasMin := strings.Cut(t, ":")
	if !hasMin {
		ms = "00"
	}
	if len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !isDigits(hs) || !isDigits(ms) {
		return "", clockError(s, nil)
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	if h < 1 || h > 12 {
		return "", fmt.Errorf("time %s does not exist: on a 12-hour clock hours run from 1 to 12", strings.TrimSpace(s))
	}
	if m > 59 {
		return "", fmt.Errorf("time %s does not exist: minutes run from 00 to 59", strings.TrimSpace(s))
	}
	h %= 12
	if pm {
		h += 12
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
}

// clockError is ParseClock's error for s: ParseTime's when it says the time
// does not exist, else one naming every form understood.
func clockError(s string, err error) error {
	if err != nil && strings.Contains(err.Error(), "does not exist") {
		return err
	}
	return fmt.Errorf("time %q not understood: use HH:MM (24-hour clock, e.g. 18:30), 6:30pm, 6pm or now", shorten(strings.TrimSpace(s), 40))
}
