package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// csp is the Content-Security-Policy of every page: nothing but this
// server's own scripts, styles and images (and data: images), no forms to
// elsewhere, no framing, no <base>.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// csrfField is the form field (and csrfHeader the header) that carries the
// CSRF token of a state-changing request.
const (
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"
	tokenParam = "token"
)

// maxFormBytes bounds the body of a request: a pain event's form is far
// smaller.
const maxFormBytes = 64 << 10

// guard is the one security middleware every request goes through:
// headers, the Host check, the token (then a cookie), same origin and the
// CSRF token for state-changing requests.
type guard struct {
	// token admits a browser: in the link printed at start-up, then in the
	// cookie. csrf is the token a state-changing request must carry.
	token, csrf string
	// cookie is the cookie's name; it carries the port, because browsers
	// share cookies between the ports of one host.
	cookie string
	// hosts are the Host headers accepted (lower case), anyIP whether any
	// IP literal with the right port is (when bound to all interfaces).
	hosts map[string]bool
	port  string
	anyIP bool
	// origin refuses cross-origin state-changing requests (Sec-Fetch-Site,
	// then Origin against Host).
	origin *http.CrossOriginProtection
}

// newGuard returns the middleware's state for a server bound to addr (the
// listener's address, host:port), with fresh random tokens.
func newGuard(addr string) (*guard, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	g := &guard{token: randomToken(), csrf: randomToken(), cookie: "backtrack_" + port, port: port,
		hosts: map[string]bool{"localhost:" + port: true}, origin: http.NewCrossOriginProtection()}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		g.hosts[strings.ToLower(net.JoinHostPort(host, port))] = true
	case ip.IsUnspecified():
		g.anyIP = true
	default:
		g.hosts[net.JoinHostPort(ip.String(), port)] = true
	}
	return g, nil
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hostAllowed reports whether a request's Host header names this server:
// localhost or the bound IP with the bound port, never another name (DNS
// rebinding: a page of another site whose name now points here). When
// bound to all interfaces any IP literal with the port is allowed, since a
// rebinding attack needs a name.
func (g *guard) hostAllowed(h string) bool {
	h = strings.ToLower(h)
	if g.hosts[h] {
		return true
	}
	host, port, err := net.SplitHostPort(h)
	if err != nil || port != g.port {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && (g.anyIP || g.hosts[net.JoinHostPort(ip.String(), port)])
}

// equal compares secrets in constant time.
func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// wrap returns next behind the guard.
func (g *guard) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if !g.hostAllowed(r.Host) {
			refuse(w, http.StatusMisdirectedRequest, "This server answers only to its own address (http://localhost:"+g.port+"/ or http://127.0.0.1:"+g.port+"/).")
			return
		}
		if t := r.URL.Query().Get(tokenParam); t != "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			if !equal(t, g.token) {
				refuse(w, http.StatusUnauthorized, "This link's token is wrong or out of date: use the link backtrack serve printed when it started.")
				return
			}
			http.SetCookie(w, &http.Cookie{Name: g.cookie, Value: g.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			u := *r.URL
			q := u.Query()
			q.Del(tokenParam)
			u.RawQuery = q.Encode()
			http.Redirect(w, r, (&url.URL{Path: u.Path, RawQuery: u.RawQuery}).String(), http.StatusSeeOther)
			return
		}
		if c, err := r.Cookie(g.cookie); err != nil || !equal(c.Value, g.token) {
			refuse(w, http.StatusUnauthorized, "Open the link backtrack serve printed when it started (it holds a token); this page cannot be opened without it.")
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if err := g.origin.Check(r); err != nil {
			refuse(w, http.StatusForbidden, "This request came from another site and was refused.")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		t := r.Header.Get(csrfHeader)
		if t == "" {
			t = r.PostFormValue(csrfField)
		}
		if !equal(t, g.csrf) {
			refuse(w, http.StatusForbidden, "This form is out of date or did not come from this page (its CSRF token is missing or wrong): reload the page and try again.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// refuse writes a short plain-text refusal with status code.
func refuse(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(msg)+1))
	w.WriteHeader(code)
	w.Write([]byte(msg + "\n"))
}
