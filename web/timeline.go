package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// trackW is the width of a timeline row in SVG units.
const trackW = 1000

// The zoom levels: a row per day of a week or month, a row per month of a
// year.
const (
	zoomWeek  = "week"
	zoomMonth = "month"
	zoomYear  = "year"
)

// timelineData is the timeline page.
type timelineData struct {
	Zoom, Heading  string
	Zooms          []zoomLink
	Prev, Next     string
	Rows           []tlRow
	Axis           []string
	Pain           []painCard
	Empty          bool
	Runs, Strength int
}

// zoomLink is one of the year, month, week links.
type zoomLink struct {
	Name, Href string
	Current    bool
}

// tlRow is one row of the timeline: a day or a month.
type tlRow struct {
	Label string
	// Start and End bound the row, in Unix milliseconds (the script shades
	// the 72 h before a pain event with them).
	Start, End int64
	Items      []tlItem
	// Ticks are the x positions of the row's grid lines.
	Ticks []float64
}

// tlItem is one session or pain event on a row.
type tlItem struct {
	// Kind is run, strength, deadlift, other or pain.
	Kind string
	// X and W place it on the row, in SVG units (of trackW).
	X, W float64
	// Href is where it leads; Tip says what it is.
	Href, Tip string
	// Session is its session ID (0 for pain); Run the run a pain event
	// belongs to (0 for none); At a pain event's instant (Unix ms).
	Session, Run, At int64
	// Severity is a pain event's (the marker's height follows it).
	Severity int
	// Y and H place a pain marker vertically.
	Y, H float64
}

// painCard is a pain event of the period with its run and the 72 h
// before it.
type painCard struct {
	ID              int64
	When, Match     string
	Severity        int
	Location, Note  string
	Before          []beforeItem
	At, Run         int64
	NoTime, Checkin bool
}

// beforeItem is one session in the 72 h before a pain event.
type beforeItem struct {
	Href, What, Ago string
}

// timeline shows runs, strength sessions and pain over a year, month or
// week: ?zoom=year|month|week&at=YYYY-MM-DD (default: the month of the
// latest activity).
func (s *Server) timeline(w http.ResponseWriter, r *http.Request) {
	loc := s.cfg.Zone
	zoom := r.URL.Query().Get("zoom")
	if zoom != zoomWeek && zoom != zoomYear {
		zoom = zoomMonth
	}
	at, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("at"), loc)
	if err != nil {
		last, lerr := s.cfg.App.LastDate(r.Context())
		if lerr != nil {
			s.fail(w, http.StatusInternalServerError, lerr.Error())
			return
		}
		if at, err = time.ParseInLocation(time.DateOnly, last, loc); err != nil {
			at = s.now().In(loc)
		}
	}
	p := newPeriod(zoom, at, loc)
	act, err := s.cfg.App.Activity(r.Context(), p.start.Format(time.DateOnly), p.end.AddDate(0, 0, -1).Format(time.DateOnly))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	d := buildTimeline(p, act, loc)
	s.render(w, http.StatusOK, "timeline", page{Title: "Timeline", Nav: "timeline", Flash: s.takeFlash(), Data: d})
}

// period is the span a timeline shows and its rows' bounds, local midnights
// in the user's zone.
type period struct {
	zoom       string
	start, end time.Time
	rows       []time.Time // row i spans rows[i] to rows[i+1]; the last ends at end
	heading    string
	prev, next time.Time
}

// newPeriod is the week (from Monday), month or year holding at.
func newPeriod(zoom string, at time.Time, loc *time.Location) period {
	y, m, d := at.Date()
	p := period{zoom: zoom}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	switch zoom {
	case zoomWeek:
		wd := (int(at.Weekday()) + 6) % 7 // Monday 0
		p.start = day(y, m, d-wd)
		p.end = day(y, m, d-wd+7)
		p.prev, p.next = p.start.AddDate(0, 0, -7), p.start.AddDate(0, 0, 7)
		p.heading = "Week of " + p.start.Format("Monday 2 January 2006")
	case zoomYear:
		p.start, p.end = day(y, 1, 1), day(y+1, 1, 1)
		p.prev, p.next = day(y-1, 1, 1), day(y+1, 1, 1)
		p.heading = fmt.Sprint(y)
	default:
		p.start, p.end = day(y, m, 1), day(y, m+1, 1)
		p.prev, p.next = day(y, m-1, 1), day(y, m+1, 1)
		p.heading = p.start.Format("January 2006")
	}
	for t := p.start; t.Before(p.end); {
		p.rows = append(p.rows, t)
		if zoom == zoomYear {
			t = day(t.Year(), t.Month()+1, 1)
		} else {
			t = day(t.Year(), t.Month(), t.Day()+1)
		}
	}
	return p
}

// rowEnd is where row i ends.
func (p period) rowEnd(i int) time.Time {
	if i+1 < len(p.rows) {
		return p.rows[i+1]
	}
	return p.end
}

// rowOf is the row holding instant t, or −1.
func (p period) rowOf(t time.Time) int {
	for i := range p.rows {
		if !t.Before(p.rows[i]) && t.Before(p.rowEnd(i)) {
			return i
		}
	}
	return -1
}

// href is the timeline's address for zoom at date t.
func timelineHref(zoom string, t time.Time) string {
	return "/?" + url.Values{"zoom": {zoom}, "at": {t.Format(time.DateOnly)}}.Encode()
}

// buildTimeline lays act out over p.
func buildTimeline(p period, act *app.Activity, loc *time.Location) timelineData {
	d := timelineData{Zoom: p.zoom, Heading: p.heading, Prev: timelineHref(p.zoom, p.prev), Next: timelineHref(p.zoom, p.next)}
	for _, z := range []string{zoomYear, zoomMonth, zoomWeek} {
		d.Zooms = append(d.Zooms, zoomLink{Name: z, Href: timelineHref(z, p.start), Current: z == p.zoom})
	}
	d.Axis = []string{"00:00", "06:00", "12:00", "18:00", "24:00"}
	if p.zoom == zoomYear {
		d.Axis = []string{"1st", "15th", "end"}
	}
	for i, rs := range p.rows {
		re := p.rowEnd(i)
		row := tlRow{Start: rs.UnixMilli(), End: re.UnixMilli()}
		switch p.zoom {
		case zoomYear:
			row.Label = rs.Format("Jan")
			row.Ticks = []float64{float64(14*24*time.Hour) / float64(re.Sub(rs)) * trackW} // the 15th
		default:
			row.Label = rs.Format("Mon 2")
			for h := 6; h < 24; h += 6 {
				row.Ticks = append(row.Ticks, float64(h)*float64(time.Hour)/float64(re.Sub(rs))*trackW)
			}
		}
		d.Rows = append(d.Rows, row)
	}
	minW := 4.0
	if p.zoom == zoomYear {
		minW = 8
	}
	place := func(start, end time.Time) (int, float64, float64) {
		i := p.rowOf(start)
		if i < 0 {
			return -1, 0, 0
		}
		rs, re := p.rows[i], p.rowEnd(i)
		span := float64(re.Sub(rs))
		x := float64(start.Sub(rs)) / span * trackW
		w := math.Max(minW, float64(end.Sub(start))/span*trackW)
		return i, x, math.Min(w, trackW-x+minW)
	}
	for k := range act.Sessions {
		s := &act.Sessions[k]
		i, x, wd := place(s.Start, s.End())
		if i < 0 {
			continue
		}
		it := tlItem{Kind: sessionKind(s, act.Deadlift[s.ID]), X: x, W: wd, Href: fmt.Sprintf("/session/%d", s.ID), Session: s.ID,
			Tip: sessionTip(s, act.Deadlift[s.ID], loc)}
		switch it.Kind {
		case "run":
			d.Runs++
		case "deadlift", "strength":
			d.Strength++
		}
		d.Rows[i].Items = append(d.Rows[i].Items, it)
	}
	for k, e := range act.Pain {
		m := act.Matches[k]
		at, noTime := painInstant(e)
		c := painCard{ID: e.ID, When: painWhen(e), Match: m.Words, Severity: e.Severity, Location: e.Location, Note: e.Note,
			At: at.UnixMilli(), NoTime: noTime, Checkin: e.Severity == 0}
		if m.Run != nil {
			c.Run = m.Run.ID
		}
		windowEnd := at
		if noTime {
			windowEnd = endOfLocalDay(e)
		}
		for j := range act.Sessions {
			s := &act.Sessions[j]
			if s.Start.After(windowEnd) || s.Start.Before(windowEnd.Add(-app.ActivityBefore*time.Hour)) {
				continue
			}
			what := sessionTip(s, act.Deadlift[s.ID], loc)
			c.Before = append(c.Before, beforeItem{Href: fmt.Sprintf("/session/%d", s.ID), What: what,
				Ago: analysis.Span(windowEnd.Sub(s.Start)) + " before"})
		}
		d.Pain = append(d.Pain, c)
		if i := p.rowOf(at); i >= 0 {
			_, x, _ := place(at, at)
			h := 8 + 1.6*float64(e.Severity)
			tip := fmt.Sprintf("Pain %d, %s, %s; matched to: %s", e.Severity, c.When, e.Location, m.Words)
			if e.Severity == 0 {
				tip = fmt.Sprintf("No pain, %s", c.When)
			}
			const pw = 12 // wide enough to see and to point at
			d.Rows[i].Items = append(d.Rows[i].Items, tlItem{Kind: "pain", X: x - pw/2, W: pw, Href: fmt.Sprintf("#p%d", e.ID),
				Tip: tip, Run: c.Run, At: c.At, Severity: e.Severity, Y: 24 - h, H: h})
		}
	}
	d.Empty = d.Runs+d.Strength+len(d.Pain) == 0
	return d
}

// sessionKind is what the timeline draws a session as: run, deadlift,
// strength or other. deadlift says whether its metrics count deadlift sets.
func sessionKind(s *store.StoredSession, deadlift bool) string {
	switch {
	case s.Sport == model.Running:
		return "run"
	case app.IsStrength(s) && deadlift:
		return "deadlift"
	case app.IsStrength(s):
		return "strength"
	}
	return "other"
}

// sessionTip says what a session is: "Run 212: Tue 4 Mar 07:02, 10.4 km,
// 52 min".
func sessionTip(s *store.StoredSession, deadlift bool, loc *time.Location) string {
	what := titleSport(s.Sport)
	switch sessionKind(s, deadlift) {
	case "deadlift":
		what = "Strength (deadlifts)"
	case "strength":
		what = "Strength"
	}
	t := fmt.Sprintf("%s %d: %s", what, s.ID, s.Start.In(loc).Format("Mon 2 Jan 15:04"))
	if !math.IsNaN(s.DistanceM) && s.DistanceM > 0 {
		t += fmt.Sprintf(", %.1f km", s.DistanceM/1000)
	}
	if !math.IsNaN(s.ElapsedS) && s.ElapsedS > 0 {
		t += ", " + analysis.Span(time.Duration(s.ElapsedS)*time.Second)
	}
	return t
}

// painInstant places an event on the timeline: its instant, or midday of
// its local date (noTime).
func painInstant(e model.PainEvent) (t time.Time, noTime bool) {
	if ins := e.Instants(); len(ins) > 0 {
		return ins[0], false
	}
	loc, err := time.LoadLocation(e.TZ)
	if err != nil {
		loc = time.UTC
	}
	d, _ := time.ParseInLocation(time.DateOnly, e.LocalDate, loc)
	return d.Add(12 * time.Hour), true
}

// endOfLocalDay is the midnight after a date-only event's day.
func endOfLocalDay(e model.PainEvent) time.Time {
	t, _ := painInstant(e)
	loc, err := time.LoadLocation(e.TZ)
	if err != nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, loc)
}
