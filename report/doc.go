// Package report renders an [analysis.Report], the value
// [analysis.BuildReport] computes, for people and for programs:
//
//   - [Markdown]: the headline "What your data says", every finding (a
//     table and sentences per suspect), pain during runs, the pain diary,
//     the settings used and the caveats, wrapped within [MarkdownWidth]
//     columns;
//   - [HTML]: the same as one self-contained HTML5 page (inline CSS, no
//     JavaScript, nothing fetched) with three inline SVG charts drawn by
//     gonum/plot: the timeline of runs, strength sessions and pain, the
//     findings' forest plot, and the cadence curves;
//   - [JSON]: the report as it is, in the layout [analysis.ReportSchema]
//     names.
//
// [Renderer] finds one of them by format name ("md", "markdown", "html",
// "json"). The renderers only format: every number, finding and sentence of
// substance is in the Report already, and user text (labels, notes,
// locations) is escaped for the format.
package report
