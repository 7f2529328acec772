package browsertest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backtrack/backtrack/internal/browsertest"
)

func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }

// TestHarness checks the harness on two tiny pages: one that fits a phone
// and one that does not, one that breaks its CSP and a rebound host name.
func TestHarness(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/wide":
			fmt.Fprint(w, `<!DOCTYPE html><meta name="viewport" content="width=device-width"><body><pre id="wide">`+strings.Repeat("x", 200)+`</pre>`)
		case "/inline":
			fmt.Fprint(w, `<!DOCTYPE html><meta name="viewport" content="width=device-width"><p style="font-size:9px">small</p><script>1</script>`)
		default:
			fmt.Fprintf(w, `<!DOCTYPE html><meta name="viewport" content="width=device-width"><h1>host %s</h1><p>fits</p>`, r.Host)
		}
	}))
	defer srv.Close()
	tab := browsertest.New(t)
	tab.Viewport(browsertest.Phone)
	if code := tab.Navigate(srv.URL + "/"); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	tab.NoHorizontalScroll()
	if px, where := tab.MinFontSize(); px < 12 {
		t.Errorf("smallest text %v px (%s)", px, where)
	}
	shot := tab.Screenshot("harness-phone")
	if fi, err := os.Stat(shot); err != nil || fi.Size() == 0 || filepath.Ext(shot) != ".png" {
		t.Errorf("screenshot %s: %v", shot, err)
	}

	// A page wider than a phone is caught.
	tab.Navigate(srv.URL + "/wide")
	if w := browsertest.Eval[int](tab, "document.scrollingElement.scrollWidth"); w <= browsertest.Phone {
		t.Errorf("the wide page is %d px wide", w)
	}

	// Inline styles and scripts that the CSP forbids show as errors.
	tab.Navigate(srv.URL + "/inline")
	if px, _ := tab.MinFontSize(); px < 12 {
		t.Errorf("the CSP should have refused the inline 9 px style; smallest text %v px", px)
	}
	if errs := tab.Errors(); len(errs) == 0 {
		t.Errorf("no errors logged for a page that breaks its CSP")
	}

	// The rebinding name reaches the test server with its own Host header.
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	tab.Navigate("http://" + browsertest.RebindHost + ":" + port + "/")
	if txt := tab.Text(); !strings.Contains(txt, "host "+browsertest.RebindHost+":"+port) {
		t.Errorf("page at the rebound name says %q", txt)
	}
}
