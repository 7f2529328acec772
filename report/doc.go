// Package report renders an [analysis.Report], the value
// [analysis.BuildReport] computes, for people and for programs:
//
//   - [Markdown]: verdict first: the bottom line ("In short"), one line
//     per suspect with its verdict and one sentence of evidence in counts,
//     what to try next, then how each suspect was judged, the deadlift
//     volume and timing, pain during runs, the pain diary, the settings
//     used and the notes, wrapped within [MarkdownWidth] columns;
//     [Headline] writes its opening alone;
//   - [HTML]: the same as one self-contained HTML5 page (inline CSS, no
//     JavaScript, nothing fetched) with inline SVG charts drawn by
//     gonum/plot (the timeline of runs, strength sessions and pain, the
//     suspects' forest plot, the cadence curves, the deadlift volume and
//     timing bars), readable on a 390 px phone and printed with every
//     suspect's details open;
//   - [JSON]: the report as it is, in the layout [analysis.ReportSchema]
//     names.
//
// [Renderer] finds one of them by format name ("md", "markdown", "html",
// "json"). The renderers only format: every number, finding and sentence of
// substance is in the Report already, and user text (labels, notes,
// locations) is escaped for the format.
package report
