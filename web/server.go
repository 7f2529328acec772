package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/backtrack/backtrack/app"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config says what a server serves.
type Config struct {
	// App runs the use cases (its Now is the clock of "now" in the pain
	// form).
	App *app.App
	// Zone is the user's time zone, named by its IANA name: events added
	// in the browser are in it, and the timeline's days are its days.
	Zone *time.Location
}

// Server is a running web app: a listener, the guard's tokens and the
// pages.
type Server struct {
	cfg     Config
	ln      net.Listener
	host    string // the host asked for
	guard   *guard
	handler http.Handler
	pages   map[string]*template.Template

	mu    sync.Mutex
	flash string
}

// Listen binds addr (host:port; port 0 picks a free one) and returns a
// server ready to Serve. It does not check that addr is loopback: the
// caller warns about any other.
func Listen(addr string, cfg Config) (*Server, error) {
	if cfg.App == nil || cfg.Zone == nil {
		return nil, errors.New("web: Config needs App and Zone")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s, err := newServer(ln, cfg)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.host, _, _ = net.SplitHostPort(addr)
	return s, nil
}

// newServer builds the server around a bound listener.
func newServer(ln net.Listener, cfg Config) (*Server, error) {
	g, err := newGuard(ln.Addr().String())
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, ln: ln, guard: g}
	if s.pages, err = parsePages(g.csrf); err != nil {
		return nil, err
	}
	s.handler = g.wrap(s.routes())
	return s, nil
}

// IsLoopback reports whether addr (host:port, a host name or an IP) binds
// only the loopback interface: localhost or a 127.0.0.0/8 or ::1 address.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Addr is the address the server is bound to, host:port: the host asked
// for (0.0.0.0 stays 0.0.0.0, though Go listens on [::] for it) with the
// port it got.
func (s *Server) Addr() string {
	_, port, _ := net.SplitHostPort(s.ln.Addr().String())
	return net.JoinHostPort(s.host, port)
}

// Origin is the server's origin as a browser on this machine reaches it:
// http://127.0.0.1:PORT (the bound IP, or 127.0.0.1 when bound to all
// interfaces).
func (s *Server) Origin() string {
	a := s.ln.Addr().(*net.TCPAddr)
	ip := a.IP
	if ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
	}
	return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(a.Port))
}

// URL is the link that opens the app: the origin with the token, which the
// server swaps for a cookie and drops from the address bar.
func (s *Server) URL() string { return s.Origin() + "/?" + tokenParam + "=" + s.guard.token }

// Handler is the whole app behind its guard, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers requests until ctx is done, then shuts down cleanly:
// it stops accepting, lets requests in progress finish (for up to 5 s)
// and returns nil.
func (s *Server) Serve(ctx context.Context) error {
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		IdleTimeout: 2 * time.Minute, BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(s.ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// routes maps the app's paths to their handlers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET /{$}", s.timeline)
	mux.HandleFunc("GET /session/{id}", s.session)
	mux.HandleFunc("GET /pain", s.painLog)
	mux.HandleFunc("POST /pain", s.painAdd)
	mux.HandleFunc("POST /pain/none", s.painNone)
	mux.HandleFunc("GET /pain/{id}/edit", s.painEditForm)
	mux.HandleFunc("POST /pain/{id}", s.painEdit)
	mux.HandleFunc("POST /pain/{id}/delete", s.painDelete)
	mux.HandleFunc("GET /report", s.report)
	return mux
}

// page is what every page's template gets.
type page struct {
	// Title is the page's title; Nav names the menu entry to mark.
	Title, Nav string
	// Flash is a message from the request before (a confirmation).
	Flash string
	// Data is the page's own.
	Data any
}

// parsePages parses each page's template with the layout and the form;
// csrf is the token the forms carry.
func parsePages(csrf string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{"csrf": func() string { return csrf }, "seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}}
	pages := map[string]*template.Template{}
	for _, name := range []string{"timeline", "session", "pain", "painedit", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/form.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes page name with status code, or a 500 when the template
// fails (it is executed into a buffer first, so nothing half-written goes
// out).
func (s *Server) render(w http.ResponseWriter, code int, name string, p page) {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, p); err != nil {
		http.Error(w, "render "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	buf.WriteTo(w)
}

// fail renders the error page with status code and message msg.
func (s *Server) fail(w http.ResponseWriter, code int, msg string) {
	s.render(w, code, "error", page{Title: http.StatusText(code), Data: msg})
}

// failLookup renders the error page for err, a failure to find something
// by the ID in the path: 404 when the database does not hold that ID
// (app.ErrUnknownSession, app.ErrUnknownPain), else 500. It reports
// whether there was an error.
func (s *Server) failLookup(w http.ResponseWriter, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, app.ErrUnknownSession), errors.Is(err, app.ErrUnknownPain):
		s.fail(w, http.StatusNotFound, err.Error())
	default:
		s.fail(w, http.StatusInternalServerError, err.Error())
	}
	return true
}

// setFlash keeps msg for the next page; takeFlash returns and clears it.
// There is one user, so one message.
func (s *Server) setFlash(msg string) {
	s.mu.Lock()
	s.flash = msg
	s.mu.Unlock()
}

func (s *Server) takeFlash() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.flash
	s.flash = ""
	return msg
}
