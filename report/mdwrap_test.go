package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestWrap: prose breaks at spaces within the width, later lines take the
// indent, a number keeps its unit, and no line starts with a word that
// would open a Markdown block.
func TestWrap(t *testing.T) {
	tests := []struct {
		name        string
		s           string
		width       int
		first, rest string
		want        string
	}{
		{"fits", "a short line", 20, "- ", "  ", "- a short line\n"},
		{"breaks at spaces", "one two three four five", 10, "", "", "one two\nthree four\nfive\n"},
		{"list item indent", "one two three four five", 10, "- ", "  ", "- one two\n  three\n  four\n  five\n"},
		{"a long word runs over", "tiny https://example.org/a/very/long/path end", 10, "", "",
			"tiny\nhttps://example.org/a/very/long/path\nend\n"},
		{"runs of spaces become one", "a   b\t\tc", 20, "", "", "a b c\n"},
		{"empty", "", 20, "- ", "  ", "- \n"},
		{"a number keeps its unit", "within the 48 h before", 13, "", "", "within the\n48 h before\n"},
		{"95% CI stays together", "risk (95% CI 3–4)", 10, "", "", "risk\n(95% CI\n3–4)\n"},
		{"a dash would open a list: take a word along", "aaaa bbbb - cccc", 10, "", "", "aaaa\nbbbb -\ncccc\n"},
		{"a number and a dot would open a list", "aaaa bbbb 1. cccc", 11, "", "", "aaaa\nbbbb 1.\ncccc\n"},
		{"a hash would open a heading", "aaaa bbbb # cccc", 10, "", "", "aaaa\nbbbb #\ncccc\n"},
		{"two block words: take both along", "aa bb - +", 7, "", "", "aa\nbb - +\n"},
		{"nothing to take along: run over", "aaaa - +", 7, "", "", "aaaa - +\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrap(tt.s, tt.width, tt.first, tt.rest)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("wrap(%q, %d) (-want +got):\n%s", tt.s, tt.width, diff)
			}
			for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n")[1:] {
				if w := strings.TrimPrefix(line, tt.rest); w != "" && opensBlock(w) {
					t.Errorf("line %q opens a block", line)
				}
			}
		})
	}
}

// TestMdTable: columns are padded to line up, numbers right-aligned; a
// table too wide for MarkdownWidth padded is written unpadded.
func TestMdTable(t *testing.T) {
	tab := mdTable{head: []string{"Name", "n"}, right: []bool{false, true}, rows: [][]string{{"a", "10"}, {"bbbbb", "2"}}}
	var b strings.Builder
	tab.write(&b)
	want := "| Name  |   n |\n| ----- | --: |\n| a     |  10 |\n| bbbbb |   2 |\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
	wide := mdTable{head: []string{"a", "b"}, rows: [][]string{{strings.Repeat("x", 60), "y"}, {"z", strings.Repeat("w", 40)}}}
	b.Reset()
	wide.write(&b)
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if n := utf8.RuneCountInString(line); n > MarkdownWidth {
			t.Errorf("a line of %d characters: %q", n, line)
		}
	}
	if !strings.Contains(b.String(), "| --- | --- |\n") {
		t.Errorf("a table too wide to pad is not written unpadded:\n%s", b.String())
	}
}
