package main

import "testing"

func TestTermSafe(t *testing.T) {
	for _, c := range []struct{ in, want, text string }{
		{"run.fit", "run.fit", "run.fit"},
		{"née 腰痛 🔥", "née 腰痛 🔥", "née 腰痛 🔥"},
		{"evil\x1b]0;pwned\x07.fit", `evil\x1b]0;pwned\x07.fit`, `evil\x1b]0;pwned\x07.fit`},
		{"a\rb", `a\x0db`, `a\x0db`},
		{"tab\there\nline", `tab\x09here\x0aline`, "tab\there\nline"},
		{"gpx.\u202etxt", `gpx.\u202etxt`, `gpx.\u202etxt`},
		{"\u2066x\u2069", `\u2066x\u2069`, `\u2066x\u2069`},
		{"c1\u009b31m", `c1\u009b31m`, `c1\u009b31m`},
		{"bad\xffutf8", `bad\xffutf8`, `bad\xffutf8`},
		{"del\x7f", `del\x7f`, `del\x7f`},
	} {
		if got := termSafe(c.in); got != c.want {
			t.Errorf("termSafe(%q) = %q, want %q", c.in, got, c.want)
		}
		if got := termSafeText(c.in); got != c.text {
			t.Errorf("termSafeText(%q) = %q, want %q", c.in, got, c.text)
		}
	}
}
