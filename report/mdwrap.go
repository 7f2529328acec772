package report

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// MarkdownWidth is the widest line the Markdown report writes, in
// characters: prose is wrapped to it and tables are laid out within it.
// A single word longer than that (a long URL in a note) stays whole.
const MarkdownWidth = 100

// wrap returns s as lines of at most width characters, broken at spaces:
// the first line starts with first, the others with rest (the indent
// that keeps them in a list item). Runs of spaces become one. A line
// never starts with a word that would open a Markdown block there (a
// list marker, a heading, a quote, a fence, an HTML block): such a word
// takes the word before it along to the new line.
func wrap(s string, width int, first, rest string) string {
	words := glueUnits(strings.Fields(s))
	var b strings.Builder
	line := []string{}
	lineLen := utf8.RuneCountInString(first)
	prefix := first
	flush := func(ws []string) {
		b.WriteString(prefix)
		b.WriteString(strings.Join(ws, " "))
		b.WriteByte('\n')
		prefix = rest
	}
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if len(line) == 0 || lineLen+1+n <= width {
			if len(line) > 0 {
				lineLen++
			}
			line = append(line, w)
			lineLen += n
			continue
		}
		// The new line starts with w, or, when w would open a block
		// there, with the last words of this line up to one that would
		// not (and if none would do, the line runs over rather than
		// change the document).
		k := len(line)
		if opensBlock(w) {
			for k--; k > 0 && opensBlock(line[k]); k-- {
			}
			if k == 0 {
				line = append(line, w)
				lineLen += 1 + n
				continue
			}
		}
		next := append(slices.Clone(line[k:]), w)
		line = line[:k]
		flush(line)
		line = next
		lineLen = utf8.RuneCountInString(rest) + utf8.RuneCountInString(strings.Join(next, " "))
	}
	if len(line) > 0 || b.Len() == 0 {
		flush(line)
	}
	return b.String()
}

// glueUnits joins a number and the unit after it ("48 h", "3.1 km",
// "95% CI") into one word, so that a line never ends with the number
// and starts with its unit.
func glueUnits(words []string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+1 < len(words) && endsWithNumber(w) && isUnit(words[i+1]) {
			w += " " + words[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}

// endsWithNumber reports whether w ends with a digit or a percent sign.
func endsWithNumber(w string) bool {
	r, _ := utf8.DecodeLastRuneInString(w)
	return (r >= '0' && r <= '9') || r == '%'
}

// isUnit reports whether w (punctuation after it aside) is a unit the
// report writes after a number.
func isUnit(w string) bool {
	switch strings.TrimRight(w, ".,;:)") {
	case "h", "km", "m", "min", "minutes", "kg", "days", "weeks", "CI", "steps/min", "times", "runs", "events":
		return true
	}
	return false
}

// opensBlock reports whether w, at the start of a line, could start a
// Markdown block instead of continuing a paragraph: a list marker or
// numbered item, a heading, a quote, a table row, an HTML block, a fence,
// a thematic break or a setext underline.
func opensBlock(w string) bool {
	if w == "" {
		return false
	}
	switch w[0] {
	case '-', '+', '*', '#', '>', '|', '<', '=', '`', '~', '_':
		return true
	}
	// "1." or "12)": an ordered list item.
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	return i > 0 && i < len(w) && (w[i] == '.' || w[i] == ')')
}

// mdTable is a Markdown table: its header, which columns are numbers
// (right-aligned) and its rows, every cell already escaped.
type mdTable struct {
	head  []string
	right []bool
	rows  [][]string
}

// write writes t with its columns padded to line up in plain text, or,
// when padding would take a line past MarkdownWidth, unpadded.
func (t mdTable) write(b *strings.Builder) {
	widths := make([]int, len(t.head))
	for _, r := range append([][]string{t.head}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c), 3)
		}
	}
	total := 1
	for _, w := range widths {
		total += w + 3
	}
	pad := total <= MarkdownWidth
	row := func(cells []string, fill func(i int, c string) string) {
		b.WriteString("|")
		for i, c := range cells {
			b.WriteString(" ")
			b.WriteString(fill(i, c))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	cell := func(i int, c string) string {
		if !pad {
			return c
		}
		gap := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
		if t.right != nil && t.right[i] {
			return gap + c
		}
		return c + gap
	}
	row(t.head, cell)
	b.WriteString("|")
	for i := range t.head {
		n := 3
		if pad {
			n = widths[i]
		}
		dash := strings.Repeat("-", n)
		if t.right != nil && t.right[i] {
			dash = dash[:n-1] + ":"
		}
		b.WriteString(" " + dash + " |")
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		row(r, cell)
	}
}
