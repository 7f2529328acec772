package web

import (
	"fmt"
	"math"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
)

// sessionData is a session's page.
type sessionData struct {
	ID                int64
	Title, When       string
	IsRun             bool
	Summary           []fact
	Metrics, Exposure []fact
	Charts            []chart
	Pain              []painItem
	Sets              []setRow
	Source            string
}

// fact is one labelled value.
type fact struct{ Label, Value string }

// setRow is one strength set.
type setRow struct {
	Exercise, Category, Reps, Weight string
}

func (s *Server) session(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	a := s.cfg.App
	det, err := a.Session(r.Context(), id)
	if s.failLookup(w, err) {
		return
	}
	pain, matches, err := a.RunPain(r.Context(), det.Session)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	d := buildSession(det, pain, matches, s.cfg.Zone)
	s.render(w, http.StatusOK, "session", page{Title: d.Title, Nav: "timeline", Data: d})
}

// buildSession formats a session, its metrics, exposures, charts and the
// pain matched to it.
func buildSession(det *app.SessionDetail, pain []model.PainEvent, matches []app.PainMatch, loc *time.Location) sessionData {
	ss := det.Session
	s := &ss.Session
	d := sessionData{ID: ss.ID, IsRun: s.Sport == model.Running, When: s.Start.In(loc).Format("Monday 2 January 2006, 15:04"),
		Source: path.Base(strings.ReplaceAll(ss.SourcePath, "\\", "/"))}
	d.Title = fmt.Sprintf("%s %d", titleSport(s.Sport), ss.ID)
	add := func(list *[]fact, label, value string) {
		if value != "" {
			*list = append(*list, fact{label, value})
		}
	}
	add(&d.Summary, "Distance", num(s.DistanceM/1000, 2, " km"))
	add(&d.Summary, "Time", clock(s.ElapsedS))
	add(&d.Summary, "Moving time", clock(s.TimerS))
	if d.IsRun && s.DistanceM > 0 && s.TimerS > 0 {
		add(&d.Summary, "Pace", clock(s.TimerS/(s.DistanceM/1000))+" /km")
	}
	add(&d.Summary, "Heart rate", num(s.AvgHR, 0, " bpm"))
	add(&d.Summary, "Cadence", num(s.AvgCadenceSPM, 0, " spm"))
	add(&d.Summary, "Ascent", num(s.AscentM, 0, " m"))
	add(&d.Summary, "Descent", num(s.DescentM, 0, " m"))
	add(&d.Summary, "Device", s.Device)
	if det.Analysed {
		m := det.Metrics
		add(&d.Metrics, "Climb", num(m.Hills.ClimbPerKm, 1, " m per km"))
		add(&d.Metrics, "Hilly", flag(det.Hilly))
		add(&d.Metrics, "Distance at 5% up", pct(m.Hills.Grade5UpShare))
		add(&d.Metrics, "Distance at 5% down", pct(m.Hills.Grade5DownShare))
		add(&d.Metrics, "Cadence, 10–50%", num(m.Drift.CadenceEarlySPM, 0, " spm"))
		add(&d.Metrics, "Cadence, last quarter", num(m.Drift.CadenceLateSPM, 0, " spm"))
		add(&d.Metrics, "Cadence drift", num(m.Drift.CadenceDriftPct, 1, " %"))
		add(&d.Metrics, "Cadence sagging", flag(det.CadenceDrift))
		add(&d.Metrics, "Speed change", num(m.Drift.SpeedChangePct, 1, " %"))
		if g := m.Form.GroundContactMS; g.Known() {
			add(&d.Metrics, "Contact time, 10–50%", num(g.Early, 0, " ms"))
			add(&d.Metrics, "Contact time, last quarter", num(g.Late, 0, " ms"))
			add(&d.Metrics, "Contact time change", num(g.ChangePct(), 1, " %"))
			add(&d.Metrics, "Contact time change at equal speed and grade", num(g.CorrectedPct(), 1, " %"))
		}
		if b := m.Form.BalanceLeftPct; b.Known() {
			add(&d.Metrics, "Balance (left), 10–50%", num(b.Early, 1, " %"))
			add(&d.Metrics, "Balance (left), last quarter", num(b.Late, 1, " %"))
		}
		if e := m.Exposure; e != nil {
			if e.FormDrift.Known() {
				add(&d.Metrics, "Form drift", flag(e.FormDrift))
			}
			if e.BalanceShift.Known() {
				add(&d.Metrics, "Balance shift", flag(e.BalanceShift))
			}
			add(&d.Exposure, "Deadlifts in the 48 h before", yes(e.Deadlift48h))
			add(&d.Exposure, "Strength in the 48 h before", yes(e.Strength48h))
			add(&d.Exposure, "Deadlifts in the 14 days before", yes(e.Deadlift14d))
			add(&d.Exposure, "Since the last strength session", hours(e.HoursSinceStrength))
			add(&d.Exposure, "Since the last deadlifts", hours(e.HoursSinceDeadlift))
			add(&d.Exposure, "Deadlift volume, 72 h before", num(e.DeadliftVolume72hKg, 0, " kg"))
			add(&d.Exposure, "Deadlift volume, 7 days before", num(e.DeadliftVolume7dKg, 0, " kg"))
		}
		if st := m.Strength; st != nil {
			add(&d.Metrics, "Sets", fmt.Sprint(st.Sets))
			add(&d.Metrics, "Reps", fmt.Sprint(st.Reps))
			add(&d.Metrics, "Volume", num(st.VolumeKg, 0, " kg"))
			add(&d.Metrics, "Deadlift sets", fmt.Sprint(st.DeadliftSets))
		}
	}
	var marks []mark
	for i, e := range pain {
		d.Pain = append(d.Pain, painItem{Event: e, When: painWhen(e), Match: matches[i].Words})
		if l := matches[i].Link; l.During {
			marks = append(marks, mark{T: l.At.Sub(s.Start).Seconds(), Label: fmt.Sprintf("pain %d", e.Severity)})
		}
	}
	smp := &s.Samples
	for _, c := range []struct {
		title, unit string
		ys          []float64
	}{{"Elevation", "m", smp.AltM}, {"Cadence", "spm", smp.CadenceSPM}, {"Heart rate", "bpm", smp.HR}} {
		if ch, ok := newChart(c.title, c.unit, smp.T, c.ys, marks); ok {
			d.Charts = append(d.Charts, ch)
		}
	}
	d.Charts = append(d.Charts, formCharts(smp, marks)...)
	for _, x := range s.Sets {
		d.Sets = append(d.Sets, setRow{Exercise: strings.ReplaceAll(x.Exercise, "_", " "), Category: x.Category,
			Reps: fmt.Sprint(x.Reps), Weight: num(x.WeightKg, 1, " kg")})
	}
	return d
}

// titleSport names a sport for a heading: "Run", "Strength session".
func titleSport(s model.Sport) string {
	switch s {
	case model.Running:
		return "Run"
	case model.Strength:
		return "Strength session"
	case "":
		return "Session"
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

// num formats v with digits decimals and a unit; "" when unknown.
func num(v float64, digits int, unit string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return fmt.Sprintf("%.*f%s", digits, v, unit)
}

// pct formats a share (0–1) as a percentage.
func pct(v float64) string { return num(v*100, 0, " %") }

// clock formats seconds as h:mm:ss or m:ss; "" when unknown.
func clock(sec float64) string {
	if math.IsNaN(sec) || sec <= 0 {
		return ""
	}
	n := int(math.Round(sec))
	if n >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", n/3600, n/60%60, n%60)
	}
	return fmt.Sprintf("%d:%02d", n/60, n%60)
}

// hours formats a number of hours as a span; "" when unknown.
func hours(h float64) string {
	if math.IsNaN(h) || math.IsInf(h, 0) {
		return ""
	}
	return analysis.Span(time.Duration(h * float64(time.Hour)))
}

// flag words a yes/no that may be unknown.
func flag(f model.Flag) string {
	switch f {
	case model.FlagYes:
		return "yes"
	case model.FlagNo:
		return "no"
	}
	return "unknown"
}

// yes words a bool.
func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
