// Package reportcheck holds a rendered report's opening to its verdicts,
// for tests: it reads the "In short" paragraph and the one line per
// suspect of the "Verdicts" section from the Markdown and from the HTML,
// as a reader sees them, and says where they disagree with the JSON's
// `in_short` and `suspects` (issue 15: no sentence of the headline may
// disagree with the verdicts).
//
//	md, page, js := render(r)
//	for _, p := range reportcheck.Markdown(md, js) { t.Error(p) }
//	for _, p := range reportcheck.HTML(page, js) { t.Error(p) }
package reportcheck
