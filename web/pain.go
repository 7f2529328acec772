package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

// painForm is the add or edit form, as typed.
type painForm struct {
	// Action is where it posts; ID the event edited (0 when adding).
	Action string
	ID     int64
	// The fields as typed (or as stored, or the defaults).
	Date, Time, Severity, Location, Note string
	// Today bounds the date picker; Zone names the zone times are in.
	Today, Zone string
	// Error says why the last try was refused, in the CLI's words.
	Error string
}

// painItem is one event of the log with what it was matched to.
type painItem struct {
	Event       model.PainEvent
	When, Match string
}

// painLogData is the pain log page.
type painLogData struct {
	Form   painForm
	Events []painItem
}

// now is the app's clock.
func (s *Server) now() time.Time {
	if s.cfg.App.Now != nil {
		return s.cfg.App.Now()
	}
	return time.Now()
}

// newPainForm is the add form's defaults: now, in the user's zone.
func (s *Server) newPainForm() painForm {
	now := s.now().In(s.cfg.Zone)
	return painForm{Action: "/pain", Date: now.Format(time.DateOnly), Time: now.Format("15:04"),
		Location: painlog.DefaultLocation, Today: now.Format(time.DateOnly), Zone: s.cfg.Zone.String()}
}

// formFrom reads the form's fields from r into f.
func formFrom(r *http.Request, f painForm) painForm {
	f.Date, f.Time, f.Severity = r.PostFormValue("date"), r.PostFormValue("time"), r.PostFormValue("severity")
	f.Location, f.Note = r.PostFormValue("location"), r.PostFormValue("note")
	return f
}

func (s *Server) painLog(w http.ResponseWriter, r *http.Request) {
	s.renderPainLog(w, r, http.StatusOK, s.newPainForm())
}

// renderPainLog renders the log with form f above it.
func (s *Server) renderPainLog(w http.ResponseWriter, r *http.Request, code int, f painForm) {
	a := s.cfg.App
	list, err := a.PainLog(r.Context(), "", "")
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	ms, err := a.MatchPain(r.Context(), list)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	d := painLogData{Form: f}
	for i, e := range list {
		d.Events = append(d.Events, painItem{Event: e, When: painWhen(e), Match: ms[i].Words})
	}
	slices.Reverse(d.Events)
	s.render(w, code, "pain", page{Title: "Pain log", Nav: "pain", Flash: s.takeFlash(), Data: d})
}

func (s *Server) painAdd(w http.ResponseWriter, r *http.Request) {
	a := s.cfg.App
	f := formFrom(r, s.newPainForm())
	e, err := app.ParsePain(app.PainInput{Date: f.Date, Time: f.Time, Severity: f.Severity, Location: f.Location, Note: f.Note},
		s.cfg.Zone, s.now())
	if err != nil {
		f.Error = err.Error()
		s.renderPainLog(w, r, http.StatusBadRequest, f)
		return
	}
	id, err := a.AddPain(r.Context(), e)
	switch {
	case errors.Is(err, store.ErrPainExists):
		f.Error = app.DuplicatePain(id, e).Error()
		s.renderPainLog(w, r, http.StatusConflict, f)
		return
	case errors.Is(err, app.ErrInvalidPain):
		f.Error = err.Error()
		s.renderPainLog(w, r, http.StatusBadRequest, f)
		return
	case err != nil:
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.confirm(r, fmt.Sprintf("Added pain event %d: %s", id, painlog.Describe(e)), e)
	http.Redirect(w, r, "/pain", http.StatusSeeOther)
}

// painNone logs today as a day without pain, as `pain none` does.
func (s *Server) painNone(w http.ResponseWriter, r *http.Request) {
	e, err := app.ParsePain(app.PainInput{Date: "today", Severity: "0"}, s.cfg.Zone, s.now())
	if err == nil {
		var id int64
		id, err = s.cfg.App.AddPain(r.Context(), e)
		switch {
		case errors.Is(err, store.ErrPainExists):
			s.setFlash(fmt.Sprintf("%s is already logged as a day without pain (pain event %d)", e.LocalDate, id))
			err = nil
		case err == nil:
			s.confirm(r, fmt.Sprintf("Logged a day without pain: %s %s (pain event %d)", e.LocalDate, e.TZ, id), e)
		}
	}
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	http.Redirect(w, r, "/pain", http.StatusSeeOther)
}

// confirm keeps msg, with what e was matched to, for the next page.
func (s *Server) confirm(r *http.Request, msg string, e model.PainEvent) {
	if ms, err := s.cfg.App.MatchPain(r.Context(), []model.PainEvent{e}); err == nil {
		msg += "; matched to: " + ms[0].Words
	}
	s.setFlash(msg)
}

// pathID reads the {id} of the path; ok is false (after a 404) when it is
// not a positive number.
func (s *Server) pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, http.StatusNotFound, fmt.Sprintf("%q is not an ID", r.PathValue("id")))
		return 0, false
	}
	return id, true
}

func (s *Server) painEditForm(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	e, err := s.cfg.App.PainEvent(r.Context(), id)
	if s.failLookup(w, err) {
		return
	}
	f := s.newPainForm()
	f.Action, f.ID, f.Zone = fmt.Sprintf("/pain/%d", id), id, e.TZ
	f.Date, f.Time, f.Severity, f.Location, f.Note = e.LocalDate, e.LocalTime, strconv.Itoa(e.Severity), e.Location, e.Note
	s.render(w, http.StatusOK, "painedit", page{Title: fmt.Sprintf("Pain event %d", id), Nav: "pain", Data: f})
}

func (s *Server) painEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	f := s.newPainForm()
	f = formFrom(r, f)
	f.Action, f.ID = fmt.Sprintf("/pain/%d", id), id
	c := app.PainChanges{Date: &f.Date, Time: &f.Time, Severity: &f.Severity, Location: &f.Location, Note: &f.Note}
	e, err := s.cfg.App.EditPain(r.Context(), id, c)
	code := http.StatusBadRequest
	switch {
	case err == nil:
		s.confirm(r, fmt.Sprintf("Updated pain event %d: %s", id, painlog.Describe(e)), e)
		http.Redirect(w, r, "/pain", http.StatusSeeOther)
		return
	case errors.Is(err, app.ErrUnknownPain):
		s.fail(w, http.StatusNotFound, err.Error())
		return
	case errors.Is(err, store.ErrPainExists):
		err, code = app.DuplicateEdit(id, err), http.StatusConflict
	case !errors.Is(err, app.ErrInvalidPain):
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	f.Error = err.Error()
	if e.TZ != "" {
		f.Zone = e.TZ
	}
	s.render(w, code, "painedit", page{Title: fmt.Sprintf("Pain event %d", id), Nav: "pain", Data: f})
}

func (s *Server) painDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathID(w, r)
	if !ok {
		return
	}
	e, err := s.cfg.App.RemovePain(r.Context(), id)
	if s.failLookup(w, err) {
		return
	}
	s.setFlash(fmt.Sprintf("Removed pain event %d: %s", id, painlog.Describe(e)))
	http.Redirect(w, r, "/pain", http.StatusSeeOther)
}

// painWhen is an event's date and time for people: "Tue 4 Mar 2025,
// 18:30" (without a time, the date alone).
func painWhen(e model.PainEvent) string {
	d, err := time.Parse(time.DateOnly, e.LocalDate)
	if err != nil {
		return e.LocalDate
	}
	s := d.Format("Mon 2 Jan 2006")
	if e.LocalTime != "" {
		s += ", " + e.LocalTime
	}
	return s
}
