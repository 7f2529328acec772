package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/browsertest"
	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/store"
)

// open opens the server's link in a fresh tab at width px and checks that
// the token was swapped for a cookie and dropped from the address.
func open(t *testing.T, s *served, width int) *browsertest.Tab {
	t.Helper()
	tab := browsertest.New(t)
	tab.Viewport(width)
	if code := tab.Navigate(s.srv.URL()); code != http.StatusOK {
		t.Fatalf("the link: status %d", code)
	}
	if u := tab.URL(); strings.Contains(u, "token") {
		t.Errorf("the token is still in the address bar: %s", u)
	}
	return tab
}

// waitFor waits until the page shows selector sel.
func waitFor(tab *browsertest.Tab, sel string) {
	tab.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// findEvent returns the event of list whose note is note.
func findEvent(t *testing.T, list []model.PainEvent, note string) (model.PainEvent, bool) {
	t.Helper()
	for _, e := range list {
		if e.Note == note {
			return e, true
		}
	}
	return model.PainEvent{}, false
}

// TestBrowserPainForm adds a pain event through the form on a phone, by
// keyboard alone, sees it on the timeline with its run and the 72 h
// before, edits and deletes it; each change is in the log at once, as
// `backtrack pain list` in another process reads it.
func TestBrowserPainForm(t *testing.T) {
	s := serve(t, demoCopy(t))
	before := len(painLog(t, s.path))
	tab := open(t, s, browsertest.Phone)
	origin := s.srv.Origin()

	tab.Navigate(origin + "/pain")
	if d := browsertest.Eval[string](tab, `document.getElementById('date').value + ' ' + document.getElementById('time').value`); d != "2025-07-06 19:00" {
		t.Errorf("the form's date and time: %q, want now (2025-07-06 19:00 in London)", d)
	}
	tab.Screenshot("pain-form-phone")

	// Add, by keyboard: arrows move the severity from 0 to 6, the note is
	// typed, Enter on the focused button sends it.
	const note = `tight after the hill <b>"bold"</b>`
	tab.Do(chromedp.Focus(chromedp.CSS("#sev0")))
	for range 6 {
		tab.Do(chromedp.KeyEvent(kb.ArrowRight))
	}
	tab.Do(chromedp.Focus(chromedp.CSS("#time")))
	tab.Do(chromedp.SetValue(chromedp.CSS("#time"), "18:40"))
	tab.Do(chromedp.Focus(chromedp.CSS("#note")), chromedp.SendKeys(chromedp.CSS("#note"), note))
	tab.Do(chromedp.Focus(chromedp.CSS(".painform button[type=submit]")), chromedp.KeyEvent(kb.Enter))
	waitFor(tab, ".flash")
	flash := browsertest.Eval[string](tab, `document.querySelector('.flash').textContent`)
	if !strings.HasPrefix(flash, "Added pain event") || !strings.Contains(flash, "2025-07-06 18:40 Europe/London, severity 6, lower back; matched to: ") {
		t.Errorf("confirmation: %q", flash)
	}
	list := painLog(t, s.path)
	e, ok := findEvent(t, list, note)
	if !ok || len(list) != before+1 || e.Severity != 6 || e.LocalDate != "2025-07-06" || e.LocalTime != "18:40" || e.TZ != "Europe/London" {
		t.Fatalf("after adding, the log has %d events (want %d); the new one: %+v", len(list), before+1, e)
	}
	// The note is shown as text, never as markup.
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('.cards b').length`); n != 0 {
		t.Errorf("the note's <b> became an element")
	}
	if !strings.Contains(tab.Text(), note) {
		t.Errorf("the note is not shown as typed")
	}
	tab.NoHorizontalScroll()
	tab.Screenshot("pain-added-phone")

	// On the timeline: the week of the event, hovered by keyboard focus.
	tab.Navigate(origin + "/?zoom=week&at=2025-07-06")
	sel := fmt.Sprintf(`a.pain[href="#p%d"]`, e.ID)
	if n := browsertest.Eval[int](tab, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)); n != 1 {
		t.Fatalf("the timeline shows the new event %d times", n)
	}
	tab.Do(chromedp.Focus(chromedp.CSS(sel)))
	tip := browsertest.Eval[string](tab, `document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent`)
	if !strings.Contains(tip, "Pain 6") || !strings.Contains(tip, "matched to") {
		t.Errorf("the tooltip on focus: %q", tip)
	}
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('.win.on').length`); n < 3 {
		t.Errorf("the 72 h before are shaded on %d rows, want at least 3 days", n)
	}
	card := browsertest.Eval[string](tab, fmt.Sprintf(`document.getElementById('p%d').textContent`, e.ID))
	if !strings.Contains(card, "In the 72 h before") || !strings.Contains(card, "Run ") {
		t.Errorf("the event's card does not list the runs before it: %q", card)
	}
	tab.NoHorizontalScroll()
	tab.Screenshot("timeline-week-focus-phone")

	// Edit: severity 3 by clicking its button, a new note, saved.
	tab.Navigate(fmt.Sprintf("%s/pain/%d/edit", origin, e.ID))
	if got := browsertest.Eval[string](tab, `document.querySelector('input[name=severity]:checked').value + '|' + document.getElementById('note').value`); got != "6|"+note {
		t.Errorf("the edit form holds %q", got)
	}
	tab.Do(chromedp.Click(chromedp.CSS(`label[for=sev3]`)))
	browsertest.Eval[bool](tab, `(document.getElementById('note').value = '') === ''`)
	tab.Do(chromedp.SendKeys(chromedp.CSS("#note"), "eased off"))
	tab.Screenshot("pain-edit-phone")
	tab.Do(chromedp.Click(chromedp.CSS(".painform button[type=submit]")))
	waitFor(tab, ".flash")
	if flash := browsertest.Eval[string](tab, `document.querySelector('.flash').textContent`); !strings.HasPrefix(flash, fmt.Sprintf("Updated pain event %d: 2025-07-06 18:40 Europe/London, severity 3", e.ID)) {
		t.Errorf("confirmation: %q", flash)
	}
	if got, ok := findEvent(t, painLog(t, s.path), "eased off"); !ok || got.ID != e.ID || got.Severity != 3 {
		t.Errorf("after editing: %+v", got)
	}

	// A bad change is refused in the CLI's words, and nothing changes.
	tab.Navigate(fmt.Sprintf("%s/pain/%d/edit", origin, e.ID))
	tab.Do(chromedp.SetValue(chromedp.CSS("#time"), "23:59"), chromedp.Click(chromedp.CSS(".painform button[type=submit]")))
	waitFor(tab, "#form-error")
	if msg := browsertest.Eval[string](tab, `document.getElementById('form-error').textContent`); msg != "2025-07-06 23:59 is in the future (it is now 2025-07-06 19:00 in Europe/London)" {
		t.Errorf("refusal: %q", msg)
	}
	tab.NoHorizontalScroll()
	tab.Screenshot("pain-edit-refused-phone")

	// Delete.
	tab.Navigate(fmt.Sprintf("%s/pain/%d/edit", origin, e.ID))
	tab.Do(chromedp.Click(chromedp.CSS("button.danger")))
	waitFor(tab, ".flash")
	if flash := browsertest.Eval[string](tab, `document.querySelector('.flash').textContent`); !strings.HasPrefix(flash, fmt.Sprintf("Removed pain event %d", e.ID)) {
		t.Errorf("confirmation: %q", flash)
	}
	if list := painLog(t, s.path); len(list) != before {
		t.Errorf("after deleting, the log has %d events, want %d", len(list), before)
	}
	for _, e := range tab.Errors() {
		if !strings.Contains(e, "status of 400") { // the refused change above
			t.Errorf("a page logged: %s", e)
		}
	}
}

// TestBrowserPages opens every page at 390 and 1280 px: none scrolls
// sideways, no text is under 12 px, nothing breaks the CSP; a screenshot
// of each is kept.
func TestBrowserPages(t *testing.T) {
	s := serve(t, demoCopy(t))
	run, strength := demoSessions(t, s.db)
	pages := []struct{ name, path string }{
		{"timeline-month", "/"},
		{"timeline-week", "/?zoom=week&at=2025-07-03"},
		{"timeline-year", "/?zoom=year&at=2025-07-03"},
		{"run", fmt.Sprintf("/session/%d", run)},
		{"strength", fmt.Sprintf("/session/%d", strength)},
		{"pain-log", "/pain"},
		{"pain-edit", "/pain/1/edit"},
		{"report", "/report"},
	}
	for _, width := range []int{browsertest.Phone, browsertest.Desktop} {
		tab := open(t, s, width)
		for _, p := range pages {
			if code := tab.Navigate(s.srv.Origin() + p.path); code != http.StatusOK {
				t.Errorf("%s: status %d", p.path, code)
				continue
			}
			tab.NoHorizontalScroll()
			if px, where := tab.MinFontSize(); p.name != "report" && px < 12 {
				t.Errorf("%s at %d px: text of %v px (%s)", p.path, width, px, where)
			}
			// Every aria-labelledby names ids the page has (the list is
			// space-separated: an id with a space names none).
			if broken := browsertest.Eval[[]string](tab, `[...document.querySelectorAll('[aria-labelledby]')].
				filter(e => !e.getAttribute('aria-labelledby').split(/\s+/).every(id => document.getElementById(id))).
				map(e => e.getAttribute('aria-labelledby'))`); width == browsertest.Phone && len(broken) > 0 {
				t.Errorf("%s: aria-labelledby names missing ids: %q", p.path, broken)
			}
			tab.Screenshot(fmt.Sprintf("%s-%d", p.name, width))
		}
		if errs := tab.Errors(); len(errs) > 0 {
			t.Errorf("at %d px the pages logged errors (a CSP violation is one):\n%s", width, strings.Join(errs, "\n"))
		}
	}
	// By keyboard alone: Tab reaches the timeline's marks, and focus shows.
	tab := open(t, s, browsertest.Desktop)
	tab.Navigate(s.srv.Origin() + "/?zoom=week&at=2025-07-03")
	reached := false
	for i := 0; i < 40 && !reached; i++ {
		tab.Do(chromedp.KeyEvent(kb.Tab))
		reached = browsertest.Eval[bool](tab, `!!(document.activeElement && document.activeElement.closest('.item'))`)
	}
	if !reached {
		t.Errorf("Tab never reached a mark on the timeline")
	} else if tip := browsertest.Eval[string](tab, `document.getElementById('tip').textContent`); tip == "" {
		t.Errorf("a focused mark shows no tooltip")
	}
	tab.Screenshot("timeline-week-keyboard-1280")

	// The run page marks the pain that came during it.
	tab.Navigate(fmt.Sprintf("%s/session/%d", s.srv.Origin(), run))
	if n := browsertest.Eval[int](tab, `document.querySelectorAll('.painline').length`); n < 3 {
		t.Errorf("the run's three charts mark pain %d times", n)
	}
	if txt := tab.Text(); !strings.Contains(txt, "Pain matched to this run") || !strings.Contains(txt, "min in") {
		t.Errorf("the run page does not say which pain came during it")
	}
}

// demoSessions returns a run with pain during it and a strength session
// with deadlifts, from the demo.
func demoSessions(t *testing.T, db *store.DB) (run, strength int64) {
	t.Helper()
	ctx := context.Background()
	a := &app.App{DB: db}
	pain, err := a.PainLog(ctx, "", "")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := a.MatchPain(ctx, pain)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Link.During {
			run = m.Run.ID
		}
	}
	list, err := db.ListSessions(ctx, store.SessionFilter{Sport: model.Strength})
	if err != nil || len(list) == 0 || run == 0 {
		t.Fatalf("demo: %d strength sessions, run with pain %d, %v", len(list), run, err)
	}
	return run, list[len(list)-1].ID
}

// TestBrowserRefusals: a browser without the token, at a rebound host
// name, or posting from another site (even with a stolen CSRF token) is
// refused, and nothing changes.
func TestBrowserRefusals(t *testing.T) {
	s := serve(t, demoCopy(t))
	before := painLog(t, s.path)
	origin := s.srv.Origin()
	port := origin[strings.LastIndex(origin, ":")+1:]

	// No token: 401, whatever the page.
	tab := browsertest.New(t)
	tab.Viewport(browsertest.Phone)
	for _, p := range []string{"/", "/pain", "/report", "/static/app.css"} {
		if code := tab.Navigate(origin + p); code != http.StatusUnauthorized {
			t.Errorf("%s without the token: status %d, want 401", p, code)
		}
	}
	if !strings.Contains(tab.Text(), "Open the link backtrack serve printed") {
		t.Errorf("the 401 page says %q", tab.Text())
	}
	tab.Screenshot("refused-no-token")

	// DNS rebinding: another name for this machine, even with the token.
	token := s.srv.URL()[strings.Index(s.srv.URL(), "?"):]
	if code := tab.Navigate("http://" + browsertest.RebindHost + ":" + port + "/" + token); code != http.StatusMisdirectedRequest {
		t.Errorf("at %s: status %d, want 421", browsertest.RebindHost, code)
	}
	tab.Screenshot("refused-rebind")

	// With the cookie, a post without the CSRF token is refused.
	tab = open(t, s, browsertest.Phone)
	code := browsertest.Eval[int](tab, `fetch('/pain', {method: 'POST', body: new URLSearchParams({severity: '5', date: '2025-07-06', note: 'no csrf'})}).then(r => r.status)`)
	if code != http.StatusForbidden {
		t.Errorf("a post without the CSRF token: status %d, want 403", code)
	}

	// Another site on this machine (another port: the same site, so the
	// cookie goes along) posts a form with the right CSRF token, as if it
	// had been stolen: its origin gives it away.
	csrf := browsertest.Eval[string](tab, `fetch('/pain').then(r => r.text()).then(t => t.match(/name="csrf" value="([^"]+)"/)[1])`)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><form id="f" method="post" action="%s/pain">
<input name="csrf" value="%s"><input name="severity" value="9"><input name="date" value="2025-07-06"><input name="note" value="forged">
</form><script>document.getElementById('f').submit()</script>`, origin, csrf)
	}))
	defer evil.Close()
	tab.Navigate(evil.URL)
	tab.Wait(fmt.Sprintf("location.href.startsWith(%q) && document.readyState === 'complete'", origin))
	tab.Do(chromedp.WaitReady(chromedp.CSS("body")))
	if txt := tab.Text(); !strings.Contains(txt, "came from another site") {
		t.Errorf("the forged post was answered with %q", txt)
	}
	tab.Screenshot("refused-cross-site")

	after := painLog(t, s.path)
	if len(after) != len(before) {
		t.Errorf("the refused requests changed the pain log: %d events, then %d", len(before), len(after))
	}
}
