package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net/http"
	"regexp"
	"strings"
	"sync"

	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/report"
)

// report builds the report afresh (as `backtrack report --format html`
// does) and serves that page, with a link back to the app.
func (s *Server) report(w http.ResponseWriter, r *http.Request) {
	rep, err := s.cfg.App.Report(r.Context(), app.ReportQuery{})
	if err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	var buf bytes.Buffer
	if err := report.HTML(&buf, rep); err != nil {
		s.fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	body := withBackLink(buf.Bytes())
	w.Header().Set("Content-Security-Policy", reportCSP(body))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(body)
}

// backLink is the one thing added to the report's page.
const backLink = `<nav class="bt-back"><a href="/">&larr; back to backtrack</a></nav>`

// withBackLink inserts backLink after the page's <body> tag (the page is
// unchanged when it has none).
func withBackLink(page []byte) []byte {
	i := bytes.Index(page, []byte("<body"))
	if i < 0 {
		return page
	}
	j := bytes.IndexByte(page[i:], '>')
	if j < 0 {
		return page
	}
	k := i + j + 1
	out := make([]byte, 0, len(page)+len(backLink))
	out = append(out, page[:k]...)
	out = append(out, backLink...)
	return append(out, page[k:]...)
}

// styleElem and styleAttr find a page's styles; compiled on first use, so
// that starting the program does no work for a page it may never serve.
var (
	styleElem = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`) })
	styleAttr = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\sstyle="([^"]*)"`) })
)

// reportCSP is the report page's Content-Security-Policy: no script at all,
// and only the very styles the page holds (its <style> element and the
// charts' style attributes, each allowed by its SHA-256 hash), so that
// nothing else can style the page either.
func reportCSP(page []byte) string {
	seen := map[string]bool{}
	var hashes []string
	add := func(s string) {
		sum := sha256.Sum256([]byte(s))
		h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !seen[h] {
			seen[h] = true
			hashes = append(hashes, h)
		}
	}
	for _, m := range styleElem().FindAllSubmatch(page, -1) {
		add(string(m[1]))
	}
	attrs := styleAttr().FindAllSubmatch(page, -1)
	for _, m := range attrs {
		add(html.UnescapeString(string(m[1])))
	}
	style := "'self'"
	if len(hashes) > 0 {
		style = strings.Join(hashes, " ")
		if len(attrs) > 0 {
			style = "'unsafe-hashes' " + style
		}
	}
	return "default-src 'none'; script-src 'none'; style-src " + style + "; img-src 'self' data:; " +
		"form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
}
