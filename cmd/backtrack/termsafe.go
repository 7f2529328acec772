package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// termSafe returns s with everything a terminal would act on rather than
// show written out as a Go escape: C0 controls (ESC starts the sequences
// that move the cursor, retitle the window or hide text; BEL rings; CR
// overwrites the line), DEL, C1 controls, the bidirectional formatting
// characters (which reorder what follows, so that a file name can read
// backwards) and bytes that are not UTF-8. File names, exercise names,
// device names and reasons that come from files pass through it before
// they are printed as text; JSON is exact and needs none of it.
func termSafe(s string) string { return escapeTerm(s, false) }

// termSafeText is termSafe keeping tabs and line breaks, for multi-line
// text that is meant to be laid out (a note, an error listing lines).
func termSafeText(s string) string { return escapeTerm(s, true) }

func escapeTerm(s string, keepLayout bool) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size, keepLayout) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s // the common case: nothing to escape
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r, size, keepLayout):
			b.WriteString(s[i : i+size])
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether r (size bytes in the input) must be escaped.
func unsafeRune(r rune, size int, keepLayout bool) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true // not UTF-8
	case r < 0x20:
		return !(keepLayout && (r == '\t' || r == '\n'))
	case r == 0x7f, r >= 0x80 && r < 0xa0:
		return true // DEL, C1 controls (0x9b is a one-byte CSI)
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true // bidirectional marks, embeddings, overrides and isolates
	case r == 0x2028, r == 0x2029:
		return true // line and paragraph separators
	}
	return false
}
