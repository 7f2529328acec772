// Package browsertest drives headless Chromium from Go tests, through
// chromedp: one browser per test binary, a fresh tab with its own cookies
// per test, viewport helpers for a phone (390 px) and a desktop (1280 px),
// a check that a page does not scroll sideways, the smallest text size on
// a page, the page's console errors and refused resources (a
// Content-Security-Policy violation), and screenshots kept as test
// artifacts.
//
// The browser is Debian's chromium: /usr/bin/chromium, or the path in
// $BACKTRACK_CHROMIUM. Without one the tests that ask for a tab skip with
// a message saying how to get it, except when BACKTRACK_REQUIRE_BROWSER=1
// (CI sets it), where they fail. Screenshots go to $BACKTRACK_ARTIFACTS
// (a folder per test) when it is set, else to the test's temporary folder.
//
// The browser resolves no host names but localhost and [RebindHost], which
// it maps to 127.0.0.1 (so that a test can send a request with a foreign
// Host header, as a DNS-rebinding page would): a test never reaches the
// network.
//
// Use it from a package's TestMain, so that the browser is closed at the
// end:
//
//	func TestMain(m *testing.M) { os.Exit(browsertest.Main(m)) }
//
//	func TestPage(t *testing.T) {
//		tab := browsertest.New(t)
//		tab.Viewport(browsertest.Phone)
//		tab.Navigate(url)
//		tab.NoHorizontalScroll()
//		tab.Screenshot("page-phone")
//	}
package browsertest
