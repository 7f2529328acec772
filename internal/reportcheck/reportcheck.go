package reportcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/report"
)

// Opening is what a rendered report's opening says.
type Opening struct {
	// InShort is the "In short" paragraph as text (code spans without
	// their backticks, Markdown escapes removed).
	InShort string
	// Verdicts maps each suspect's label, as the Verdicts section shows
	// it, to the verdict name its line gives (report.VerdictNameLikely,
	// …). AllNotEnough is set instead when the section has the one line
	// for all suspects.
	Verdicts     map[string]string
	AllNotEnough bool
}

// jsonReport is the part of the JSON report the opening must agree with.
type jsonReport struct {
	InShort  string `json:"in_short"`
	Suspects []struct {
		Exposure, Label, Short, Verdict, Direction string
	} `json:"suspects"`
}

// Markdown checks the opening of the Markdown report md against the JSON
// report js and returns the disagreements in words (none when they agree).
func Markdown(md, js []byte) []string {
	o, err := ReadMarkdown(string(md))
	if err != nil {
		return []string{"Markdown: " + err.Error()}
	}
	bad := Check(o, js)
	for _, name := range pointers(string(md)) {
		if !strings.Contains(strings.ToLower(string(md)), "\n## "+name+"\n") {
			bad = append(bad, fmt.Sprintf("the text says \"see %s\", and there is no such section", name))
		}
	}
	return prefix("Markdown", bad)
}

// seeRE finds the report's pointers to its own sections: "(see the
// notes)", "see What to try next".
var seeRE = regexp.MustCompile(`(?i)\bsee (the notes|the caveats|what to try next|in short)\b`)

// pointers returns the sections the text points to, lower case, without
// "the".
func pointers(text string) []string {
	var out []string
	for _, m := range seeRE.FindAllStringSubmatch(strings.Join(strings.Fields(text), " "), -1) {
		out = append(out, strings.TrimPrefix(strings.ToLower(m[1]), "the "))
	}
	return out
}

// HTML checks the opening of the HTML report page against the JSON report
// js.
func HTML(page, js []byte) []string {
	o, err := ReadHTML(page)
	if err != nil {
		return []string{"HTML: " + err.Error()}
	}
	bad := Check(o, js)
	doc, _ := html.Parse(bytes.NewReader(page))
	var headings []string
	for _, h := range all(doc, func(n *html.Node) bool { return n.Data == "h2" }) {
		headings = append(headings, strings.ToLower(plain(text(h))))
	}
	for _, name := range pointers(text(doc)) {
		if !slices.Contains(headings, name) {
			bad = append(bad, fmt.Sprintf("the text says \"see %s\", and there is no such section", name))
		}
	}
	return prefix("HTML", bad)
}

func prefix(p string, v []string) []string {
	for i := range v {
		v[i] = p + ": " + v[i]
	}
	return v
}

// mdUnescape removes the backslashes of Markdown escapes.
var mdUnescape = regexp.MustCompile(`\\(.)`)

// plain normalises text for comparison: backticks and escapes removed,
// white space collapsed.
func plain(s string) string {
	s = mdUnescape.ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, "`", "")
	return strings.Join(strings.Fields(s), " ")
}

// mdSection returns the lines of the Markdown section headed "## name".
func mdSection(md, name string) ([]string, bool) {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if l != "## "+name {
			continue
		}
		var out []string
		for _, l := range lines[i+1:] {
			if strings.HasPrefix(l, "## ") {
				break
			}
			out = append(out, l)
		}
		return out, true
	}
	return nil, false
}

// ReadMarkdown reads the opening of a Markdown report.
func ReadMarkdown(md string) (Opening, error) {
	o := Opening{Verdicts: map[string]string{}}
	in, ok := mdSection(md, "In short")
	if !ok {
		return o, fmt.Errorf("no \"## In short\" section")
	}
	var para []string
	for _, l := range in {
		if strings.TrimSpace(l) == "" {
			if len(para) > 0 {
				break
			}
			continue
		}
		para = append(para, l)
	}
	o.InShort = plain(strings.Join(para, " "))
	vs, ok := mdSection(md, "Verdicts")
	if !ok {
		return o, fmt.Errorf("no \"## Verdicts\" section")
	}
	var items []string
list:
	for _, l := range vs {
		switch {
		case strings.HasPrefix(l, "- "):
			items = append(items, strings.TrimPrefix(l, "- "))
		case strings.HasPrefix(l, "  ") && len(items) > 0:
			items[len(items)-1] += " " + strings.TrimSpace(l)
		case strings.TrimSpace(l) == "" && len(items) > 0:
			break list // the list ends; what follows is not a verdict
		}
	}
	for _, it := range items {
		name, rest, ok := strings.Cut(it, "—")
		if !ok {
			return o, fmt.Errorf("verdict line without a dash: %q", it)
		}
		name = strings.Trim(strings.TrimSpace(name), "*")
		if err := o.add(name, plain(rest)); err != nil {
			return o, err
		}
	}
	return o, nil
}

// add records one verdict line: its verdict name and the text after it
// (the label and its sentence, or "all N suspects …").
func (o *Opening) add(name, rest string) error {
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "all ") {
		if name != report.VerdictNameNotEnough {
			return fmt.Errorf("a line for all suspects says %q", name)
		}
		o.AllNotEnough = true
		return nil
	}
	label, _, ok := strings.Cut(rest, ":")
	if !ok {
		return fmt.Errorf("verdict line without a label: %q", rest)
	}
	label = strings.TrimSpace(label)
	if _, dup := o.Verdicts[label]; dup {
		return fmt.Errorf("two verdict lines for %q", label)
	}
	o.Verdicts[label] = name
	return nil
}

// ReadHTML reads the opening of an HTML report: section#in-short's
// paragraph and section#verdicts' list, each item's badge (the verdict)
// and <strong> (the label).
func ReadHTML(page []byte) (Opening, error) {
	o := Opening{Verdicts: map[string]string{}}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return o, err
	}
	in := byID(doc, "in-short")
	if in == nil {
		return o, fmt.Errorf("no section#in-short")
	}
	ps := all(in, func(n *html.Node) bool { return n.Data == "p" })
	if len(ps) != 1 {
		return o, fmt.Errorf("section#in-short has %d paragraphs, want 1", len(ps))
	}
	o.InShort = plain(text(ps[0]))
	vs := byID(doc, "verdicts")
	if vs == nil {
		return o, fmt.Errorf("no section#verdicts")
	}
	for _, li := range all(vs, func(n *html.Node) bool { return n.Data == "li" }) {
		badges := all(li, func(n *html.Node) bool { return n.Data == "span" && hasClass(n, "badge") })
		if len(badges) != 1 {
			return o, fmt.Errorf("a verdict line with %d badges: %q", len(badges), text(li))
		}
		name := plain(text(badges[0]))
		strong := all(li, func(n *html.Node) bool { return n.Data == "strong" })
		rest := strings.TrimSpace(strings.TrimPrefix(plain(text(li)), name))
		if len(strong) == 1 {
			rest = plain(text(strong[0])) + ":"
		}
		if err := o.add(name, rest); err != nil {
			return o, err
		}
	}
	return o, nil
}

// wantName is the verdict name the opening must give a suspect.
func wantName(verdict, direction string) string {
	switch verdict {
	case analysis.VerdictLikely:
		return report.VerdictNameLikely
	case analysis.VerdictPossible:
		return report.VerdictNamePossible
	case analysis.VerdictNoSign:
		if direction == analysis.DirectionLowers {
			return report.VerdictNameLowers
		}
		return report.VerdictNameNoSign
	}
	return report.VerdictNameNotEnough
}

// Check compares an opening with the JSON report js: every suspect has
// one line with its verdict (or all are "not enough data" on one line),
// the In short paragraph is the JSON's, and each of its sentences that
// names suspects (analysis.InShortLikely, InShortPossible, InShortLowers)
// names exactly those with that verdict.
func Check(o Opening, js []byte) []string {
	var r jsonReport
	if err := json.Unmarshal(js, &r); err != nil {
		return []string{"JSON: " + err.Error()}
	}
	var bad []string
	seen := map[string]bool{}
	for _, s := range r.Suspects {
		want := wantName(s.Verdict, s.Direction)
		seen[s.Label] = true
		if o.AllNotEnough {
			if want != report.VerdictNameNotEnough {
				bad = append(bad, fmt.Sprintf("one line says every suspect has not enough data, but %s is %q", s.Exposure, s.Verdict))
			}
			continue
		}
		got, ok := o.Verdicts[s.Label]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("no verdict line for %s (%q)", s.Exposure, s.Label))
		case got != want:
			bad = append(bad, fmt.Sprintf("%s: the line says %q, the JSON %q (%s)", s.Exposure, got, s.Verdict, s.Direction))
		}
	}
	for label := range o.Verdicts {
		if !seen[label] {
			bad = append(bad, fmt.Sprintf("a verdict line for %q, which is no suspect of the JSON", label))
		}
	}
	if got, want := o.InShort, plain(r.InShort); got != want {
		bad = append(bad, fmt.Sprintf("In short says %q, the JSON's in_short %q", got, want))
	}
	// The sentences that name suspects name exactly those of their verdict.
	for _, c := range []struct {
		lead, verdict, direction string
	}{
		{analysis.InShortLikely, analysis.VerdictLikely, ""},
		{analysis.InShortPossible, analysis.VerdictPossible, ""},
		{analysis.InShortLowers, analysis.VerdictNoSign, analysis.DirectionLowers},
	} {
		sentence := ""
		if i := strings.Index(o.InShort, c.lead); i >= 0 {
			sentence = o.InShort[i+len(c.lead):]
			if j := strings.Index(sentence, ". "); j >= 0 {
				sentence = sentence[:j]
			}
		}
		for _, s := range r.Suspects {
			has := s.Verdict == c.verdict && (c.direction == "" || s.Direction == c.direction)
			named := s.Short != "" && strings.Contains(sentence, s.Short)
			if has != named {
				bad = append(bad, fmt.Sprintf("In short's %q sentence %s %s (%s)", c.lead,
					map[bool]string{true: "names", false: "does not name"}[named], s.Exposure, s.Verdict))
			}
		}
	}
	return bad
}

// byID returns the element with the id, or nil.
func byID(n *html.Node, id string) *html.Node {
	found := all(n, func(n *html.Node) bool {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == id {
				return true
			}
		}
		return false
	})
	if len(found) == 0 {
		return nil
	}
	return found[0]
}

// all returns the elements under n that match, in document order.
func all(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
		out = append(out, all(c, match)...)
	}
	return out
}

// hasClass reports whether n has the class.
func hasClass(n *html.Node, class string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" && strings.Contains(" "+a.Val+" ", " "+class+" ") {
			return true
		}
	}
	return false
}

// text is n's text content.
func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}
