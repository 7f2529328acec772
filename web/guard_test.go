package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGuard is the security middleware's table: every request needs the
// token (then the cookie), a Host naming this server, and, for a change,
// the same origin and the CSRF token; a refusal changes nothing.
func TestGuard(t *testing.T) {
	s := serve(t, demoCopy(t))
	before := painLog(t, s.path)
	u, err := url.Parse(s.srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	host, token := u.Host, u.Query().Get("token")
	port := u.Port()

	// The link swaps the token for a cookie and drops it from the address.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/?token="+token, nil)
	req.Host = host
	s.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/" {
		t.Fatalf("the link: %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Value != token || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("the link's cookie: %+v", cookies)
	}
	cookie := cookies[0]
	csrf := csrfOf(t, s, host, cookie)

	form := func(vals ...string) string {
		v := url.Values{"severity": {"5"}, "date": {"2025-07-06"}, "time": {"09:00"}, "note": {"from the guard test"}}
		for i := 0; i+1 < len(vals); i += 2 {
			v.Set(vals[i], vals[i+1])
		}
		return v.Encode()
	}
	type hdr = map[string]string
	tests := []struct {
		name, method, path, host, body string
		cookie                         bool
		header                         hdr
		want                           int
	}{
		{"page without token", "GET", "/", host, "", false, nil, http.StatusUnauthorized},
		{"asset without token", "GET", "/static/app.css", host, "", false, nil, http.StatusUnauthorized},
		{"wrong token", "GET", "/?token=nope", host, "", false, nil, http.StatusUnauthorized},
		{"wrong cookie", "GET", "/", host, "", false, hdr{"Cookie": cookie.Name + "=nope"}, http.StatusUnauthorized},
		{"post without token", "POST", "/pain", host, form("csrf", csrf), false, nil, http.StatusUnauthorized},
		{"foreign Host", "GET", "/", "evil.example:" + port, "", true, nil, http.StatusMisdirectedRequest},
		{"foreign Host with the token", "GET", "/?token=" + token, "evil.example:" + port, "", false, nil, http.StatusMisdirectedRequest},
		{"right name, wrong port", "GET", "/", "localhost:1", "", true, nil, http.StatusMisdirectedRequest},
		{"other loopback IP", "GET", "/", "127.0.0.2:" + port, "", true, nil, http.StatusMisdirectedRequest},
		{"foreign Host post", "POST", "/pain", "evil.example:" + port, form("csrf", csrf), true, nil, http.StatusMisdirectedRequest},
		{"post without CSRF", "POST", "/pain", host, form(), true, nil, http.StatusForbidden},
		{"post with a wrong CSRF", "POST", "/pain", host, form("csrf", "nope"), true, nil, http.StatusForbidden},
		{"delete without CSRF", "POST", "/pain/1/delete", host, "", true, nil, http.StatusForbidden},
		{"none without CSRF", "POST", "/pain/none", host, "", true, nil, http.StatusForbidden},
		{"edit without CSRF", "POST", "/pain/1", host, form(), true, nil, http.StatusForbidden},
		{"wrong Origin", "POST", "/pain", host, form("csrf", csrf), true, hdr{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"other port's Origin", "POST", "/pain", host, form("csrf", csrf), true, hdr{"Origin": "http://127.0.0.1:1"}, http.StatusForbidden},
		{"cross-site fetch", "POST", "/pain/1/delete", host, "csrf=" + csrf, true, hdr{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site fetch", "POST", "/pain/1/delete", host, "csrf=" + csrf, true, hdr{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"page with the cookie", "GET", "/", host, "", true, nil, http.StatusOK},
		{"page at localhost", "GET", "/pain", "localhost:" + port, "", true, nil, http.StatusOK},
		{"unknown page", "GET", "/nope", host, "", true, nil, http.StatusNotFound},
		{"put", "PUT", "/pain", host, form("csrf", csrf), true, nil, http.StatusMethodNotAllowed},
		{"same-origin post with a bad event", "POST", "/pain", host, form("csrf", csrf, "severity", "11"), true,
			hdr{"Origin": "http://" + host, "Sec-Fetch-Site": "same-origin"}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body))
			req.Host = tt.host
			if tt.body != "" {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tt.cookie {
				req.AddCookie(cookie)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			s.srv.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("status %d, want %d: %s", rec.Code, tt.want, rec.Body.String())
			}
			h := rec.Header()
			for k, want := range map[string]string{
				"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "no-referrer",
				"Cache-Control":           "no-store",
			} {
				if got := h.Get(k); got != want {
					t.Errorf("%s: %q, want %q", k, got, want)
				}
			}
		})
	}
	if diff := cmp.Diff(before, painLog(t, s.path)); diff != "" {
		t.Errorf("the refused requests changed the pain log (-before +after):\n%s", diff)
	}

	// The same form with the token, the cookie and the same origin is
	// taken.
	req = httptest.NewRequest("POST", "/pain", strings.NewReader(form("csrf", csrf)))
	req.Host = host
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://"+host)
	req.AddCookie(cookie)
	rec = httptest.NewRecorder()
	s.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("a good post: %d %s", rec.Code, rec.Body.String())
	}
	if after := painLog(t, s.path); len(after) != len(before)+1 {
		t.Errorf("a good post: %d events, want %d", len(after), len(before)+1)
	}
}

// csrfOf fetches the pain log page and returns the CSRF token its form
// carries.
func csrfOf(t *testing.T, s *served, host string, c *http.Cookie) string {
	t.Helper()
	req := httptest.NewRequest("GET", "/pain", nil)
	req.Host = host
	req.AddCookie(c)
	rec := httptest.NewRecorder()
	s.srv.Handler().ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	const mark = `name="csrf" value="`
	i := strings.Index(string(body), mark)
	if rec.Code != http.StatusOK || i < 0 {
		t.Fatalf("pain log: %d, no CSRF field", rec.Code)
	}
	rest := string(body[i+len(mark):])
	return rest[:strings.IndexByte(rest, '"')]
}
