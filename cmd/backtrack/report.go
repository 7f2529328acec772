package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/analysis"
	"github.com/backtrack/backtrack/app"
	"github.com/backtrack/backtrack/internal/outfile"
	"github.com/backtrack/backtrack/report"
)

type reportOptions struct {
	*globalOptions
	Format string
	// FormatSet reports whether --format was given (else --out's
	// extension may choose the format).
	FormatSet    bool
	OutFile      string
	Since, Until string
	Settings     settingsFlags
}

func newReportCmd(g *globalOptions) *cobra.Command {
	opts := &reportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Report which training exposures go with your pain, and how sure that is",
		Long: `report judges whether deadlifts and strength work before a run, hilly runs, cadence
sagging late in a run, long runs, jumps in weekly distance and deadlift volume go with
the pain in your diary, and gives each one verdict: likely, possible, no sign or not
enough data, with the counts behind it in plain words. Pain comes in episodes, so the
evidence is when new episodes begin, compared only within the same weeks and pain
history (an exact time-stratified test); a suspect is likely only when it still stands
out with the others taken into account (Firth logistic regression), and q-values allow
for the number of suspects. Runs with nothing logged count as pain-free, inside the
diary period (diary_start, else your first to your last entry).

Markdown goes to stdout unless --out names a file (written whole, mode 0600, and
confirmed on stderr; --out - is stdout; a device or pipe such as /dev/null is written
in place). --format html writes one self-contained page with charts; --format json
the same result for programs (schema backtrack.report/v2; missing numbers are null).
Without --format, the name --out gives picks the format: .html or .htm, .md or
.markdown, .json (anything else is Markdown). HTML is a page for a browser: to a
terminal it is refused with a hint; write it to a file, or pipe it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.FormatSet = cmd.Flags().Changed("format")
			return runReport(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "md", "md, html or json (default: from --out's extension, else md)")
	cmd.Flags().StringVar(&opts.OutFile, "out", "", "write the report to this file instead of stdout (- is stdout)")
	cmd.Flags().StringVar(&opts.Since, "since", "", "first local date to include, YYYY-MM-DD")
	cmd.Flags().StringVar(&opts.Until, "until", "", "last local date to include, YYYY-MM-DD")
	addSettingsFlags(cmd, &opts.Settings, true)
	return cmd
}

func runReport(ctx context.Context, opts *reportOptions) error {
	format, err := opts.format()
	if err != nil {
		return err
	}
	render, _ := report.Renderer(format)
	for _, d := range []struct{ flag, v string }{{"since", opts.Since}, {"until", opts.Until}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			return usagef("--%s %q: want a date YYYY-MM-DD", d.flag, d.v)
		}
	}
	if opts.Since != "" && opts.Until != "" && opts.Since > opts.Until {
		return usagef("--since %s is after --until %s", opts.Since, opts.Until)
	}
	overrides, err := opts.Settings.overrides()
	if err != nil {
		return err
	}
	a, db, err := opts.openReadApp(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := a.Report(ctx, app.ReportQuery{Since: opts.Since, Until: opts.Until, Overrides: overrides})
	if err != nil {
		return err
	}
	return writeReport(opts.globalOptions, opts.OutFile, rep, render)
}

// formatNames names the report formats for a message.
var formatNames = map[string]string{"md": "Markdown", "html": "HTML", "json": "JSON"}

// format decides the report's format: --format if given (with a warning
// when --out's extension says another), else --out's extension, else
// Markdown. HTML for standard output that is a terminal, with no --out, is
// a usage error with the command that writes a file.
func (opts *reportOptions) format() (string, error) {
	format := strings.ToLower(opts.Format)
	if format == "markdown" {
		format = "md"
	}
	if _, ok := formatNames[format]; !ok {
		return "", usagef("--format %q: want md, html or json", opts.Format)
	}
	if byExt := formatOfPath(opts.OutFile); byExt != "" {
		switch {
		case !opts.FormatSet:
			format = byExt
		case byExt != format:
			opts.warn(fmt.Sprintf("--out %s looks like %s, but --format %s asks for %s: writing %s",
				opts.OutFile, formatNames[byExt], opts.Format, formatNames[format], formatNames[format]))
		}
	}
	if format == "html" && opts.OutFile == "" && opts.stdoutIsTerminal() {
		return "", usagef("the HTML report is a web page, not for a terminal: write it to a file with\n  %s\nand open that in a browser (or pipe it: | less)",
			opts.command("report", "--format", "html", "--out", "report.html"))
	}
	return format, nil
}

// formatOfPath returns the report format a file name's extension stands
// for (.html, .htm, .md, .markdown, .json, in any case), or "".
func formatOfPath(path string) string {
	if path == "" || path == "-" {
		return ""
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm":
		return "html"
	case ".md", ".markdown":
		return "md"
	case ".json":
		return "json"
	}
	return ""
}

// writeReport renders rep to path (see renderReport) and, when it went to
// a file or device, says so on ErrOut.
func writeReport(g *globalOptions, path string, rep *analysis.Report, render func(io.Writer, *analysis.Report) error) error {
	res, err := renderReport(g, path, rep, render)
	if err != nil {
		return err
	}
	if res.ToFile() {
		fmt.Fprintf(g.ErrOut, "wrote report to %s\n", termSafe(res.Path))
	}
	return nil
}

// renderReport renders rep to path (see writeOut: "" and "-" are standard
// output; a file is replaced whole, mode 0600) and says where it went.
func renderReport(g *globalOptions, path string, rep *analysis.Report, render func(io.Writer, *analysis.Report) error) (outfile.Result, error) {
	res, err := g.writeOut(path, func(w io.Writer) error {
		if err := render(w, rep); err != nil {
			return fmt.Errorf("render report: %w", err)
		}
		return nil
	})
	if err != nil && path != "" && path != "-" {
		return res, fmt.Errorf("write report: %w", err)
	}
	return res, err
}
