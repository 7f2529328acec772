package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/model"
	"github.com/backtrack/backtrack/painlog"
	"github.com/backtrack/backtrack/store"
)

func newPainCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pain",
		Short: "Keep the back-pain log: add, list, edit, rm, import, export",
		Long: `Keep the back-pain log. Each event has a local date, an optional time of day, your
time zone (--tz, else $TZ, else the system zone), a severity from 0 (none) to 10
(worst), where it hurt (default "lower back") and a note kept exactly as typed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPainAddCmd(g), newPainListCmd(g), newPainEditCmd(g), newPainRmCmd(g),
		newPainImportCmd(g), newPainExportCmd(g))
	return cmd
}

// painID parses the single pain event ID argument.
func painID(args []string) (int64, error) {
	if len(args) != 1 {
		return 0, usagef("expected one pain event ID, got %d arguments", len(args))
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%q is not a pain event ID (a positive number from 'backtrack pain list')", args[0])
	}
	return id, nil
}

// painNotFound words a missing event for the user (exit 1).
func painNotFound(id int64, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no pain event with ID %d", id)
	}
	return err
}

// painLocation resolves the user's zone (--tz, TZ, the system zone) to a
// location whose name is an IANA zone name, the one stored with events.
func (o *globalOptions) painLocation() (*time.Location, error) {
	loc, err := o.location()
	if err != nil {
		return nil, err
	}
	named, warning, err := painlog.NamedLocation(loc, o.Getenv, os.Readlink)
	if warning != "" {
		fmt.Fprintf(o.ErrOut, "backtrack: warning: %s\n", warning)
	}
	return named, err
}

// painOverlapNote says on w when e's local time happened twice (the clocks
// went back) and which instant is kept. prefix starts the message ("" or
// "line 4: ").
func painOverlapNote(w io.Writer, prefix string, e model.PainEvent) {
	if note := painlog.OverlapNote(e); note != "" {
		fmt.Fprintf(w, "backtrack: note: %s%s\n", prefix, note)
	}
}

type painAddOptions struct {
	*globalOptions
	Date, Time, Severity, Location, Note string
}

func newPainAddCmd(g *globalOptions) *cobra.Command {
	opts := &painAddOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "add --date DATE [--time HH:MM] --severity N [--location TEXT] [--note TEXT]",
		Short: "Log a pain event",
		Long: `Log a pain event. DATE is YYYY-MM-DD, today or yesterday; the time is optional
(HH:MM, 24-hour clock, in your time zone). Severity is a whole number from 0 (none)
to 10 (worst). Events in the future or before 1970 are refused, and so is a time the
clocks skipped (a daylight-saving gap); a time that happened twice (the clocks went
back) is taken as the first.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !cmd.Flags().Changed("date") {
				return usagef("pain add needs --date (YYYY-MM-DD, today or yesterday)")
			}
			if !cmd.Flags().Changed("severity") {
				return usagef("pain add needs --severity (0 to 10)")
			}
			return runPainAdd(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the local date: YYYY-MM-DD, today or yesterday (required)")
	cmd.Flags().StringVar(&opts.Time, "time", "", "the local time of day, HH:MM (optional)")
	cmd.Flags().StringVar(&opts.Severity, "severity", "", "0 (none) to 10 (worst) (required)")
	cmd.Flags().StringVar(&opts.Location, "location", painlog.DefaultLocation, "where it hurt")
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note, kept exactly as typed")
	return cmd
}

func runPainAdd(ctx context.Context, opts *painAddOptions) error {
	loc, err := opts.painLocation()
	if err != nil {
		return err
	}
	now := opts.Now()
	e := model.PainEvent{TZ: loc.String(), Location: opts.Location, Note: opts.Note}
	if e.Location == "" {
		e.Location = painlog.DefaultLocation
	}
	if e.LocalDate, err = painlog.ParseDate(opts.Date, now, loc); err != nil {
		return &usageError{err: err}
	}
	if e.LocalTime, err = painlog.ParseTime(opts.Time); err != nil {
		return &usageError{err: err}
	}
	if e.Severity, err = painlog.ParseSeverity(opts.Severity); err != nil {
		return &usageError{err: err}
	}
	if _, _, err := painlog.Validate(e, now); err != nil {
		return &usageError{err: err}
	}
	painOverlapNote(opts.ErrOut, "", e)
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	id, err := db.AddPain(ctx, e)
	if errors.Is(err, store.ErrPainExists) {
		return fmt.Errorf("this event is already in the log as pain event %d (%s); give a time or a note to log another one", id, painlog.Describe(e))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.Out, "added pain event %d: %s\n", id, painlog.Describe(e))
	return nil
}

type painListOptions struct {
	*globalOptions
	Since, Until string
	JSON         bool
}

func newPainListCmd(g *globalOptions) *cobra.Command {
	opts := &painListOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "list [--since DATE] [--until DATE] [--json]",
		Short: "List pain events by date and time",
		Long: `List pain events by date and time (date-only events first within a day).
--json prints an array of objects with id, date, time (null without one), tz, utc
(RFC 3339, or null), severity, location and note.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPainList(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Since, "since", "", "only events on or after this local date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&opts.Until, "until", "", "only events on or before this local date (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array")
	return cmd
}

func runPainList(ctx context.Context, opts *painListOptions) error {
	since, err := parseDate("since", opts.Since)
	if err != nil {
		return err
	}
	until, err := parseDate("until", opts.Until)
	if err != nil {
		return err
	}
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.ListPain(ctx, since, until)
	if err != nil {
		return err
	}
	if opts.JSON {
		return painlog.WriteJSON(opts.Out, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(opts.ErrOut, "no pain events (log one with 'backtrack pain add --date today --severity 5')")
		return nil
	}
	return writePainTable(opts.Out, list)
}

// writePainTable writes events as an aligned table. Locations and notes are
// written exactly (tabs and line breaks included): tabwriter passes text
// between Escape bytes through untouched, and 0xff cannot occur in the
// UTF-8 text the store holds.
func writePainTable(w io.Writer, list []model.PainEvent) error {
	esc := func(s string) string { return string([]byte{tabwriter.Escape}) + s + string([]byte{tabwriter.Escape}) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.StripEscape)
	fmt.Fprintln(tw, "ID\tDATE\tTIME\tTZ\tSEVERITY\tLOCATION\tNOTE")
	for _, e := range list {
		t := e.LocalTime
		if t == "" {
			t = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.LocalDate, t, e.TZ, e.Severity, esc(e.Location), esc(e.Note))
	}
	return tw.Flush()
}

type painEditOptions struct {
	*globalOptions
	Date, Time, Severity, Location, Note string
}

func newPainEditCmd(g *globalOptions) *cobra.Command {
	opts := &painEditOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "edit ID [--date DATE] [--time HH:MM] [--severity N] [--location TEXT] [--note TEXT]",
		Short: "Change a pain event",
		Long: `Change the given fields of a pain event; the others stay. --time "" removes the
time of day, --note "" the note. The event keeps its time zone unless --tz is given.
The same checks as for 'pain add' apply.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := painID(args)
			if err != nil {
				return err
			}
			changed := map[string]bool{}
			for _, f := range []string{"date", "time", "severity", "location", "note", "tz"} {
				changed[f] = cmd.Flags().Changed(f)
			}
			if !changed["date"] && !changed["time"] && !changed["severity"] && !changed["location"] && !changed["note"] && !changed["tz"] {
				return usagef("nothing to change: give --date, --time, --severity, --location or --note")
			}
			return runPainEdit(cmd.Context(), opts, id, changed)
		},
	}
	cmd.Flags().StringVar(&opts.Date, "date", "", "the local date: YYYY-MM-DD, today or yesterday")
	cmd.Flags().StringVar(&opts.Time, "time", "", `the local time of day, HH:MM ("" removes it)`)
	cmd.Flags().StringVar(&opts.Severity, "severity", "", "0 (none) to 10 (worst)")
	cmd.Flags().StringVar(&opts.Location, "location", "", `where it hurt ("" means lower back)`)
	cmd.Flags().StringVar(&opts.Note, "note", "", `the note, exactly as typed ("" removes it)`)
	return cmd
}

func runPainEdit(ctx context.Context, opts *painEditOptions, id int64, changed map[string]bool) error {
	// Check what can be checked before touching the database.
	var err error
	var sev int
	if changed["severity"] {
		if sev, err = painlog.ParseSeverity(opts.Severity); err != nil {
			return &usageError{err: err}
		}
	}
	var hhmm string
	if changed["time"] {
		if hhmm, err = painlog.ParseTime(opts.Time); err != nil {
			return &usageError{err: err}
		}
	}
	var loc *time.Location
	if opts.TZ != "" {
		if loc, err = opts.painLocation(); err != nil {
			return err
		}
	}
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := db.GetPain(ctx, id)
	if err != nil {
		return painNotFound(id, err)
	}
	if loc != nil {
		e.TZ = loc.String()
	} else if loc, err = time.LoadLocation(e.TZ); err != nil {
		return fmt.Errorf("pain event %d: time zone %q: %w", id, e.TZ, err)
	}
	now := opts.Now()
	if changed["date"] {
		if e.LocalDate, err = painlog.ParseDate(opts.Date, now, loc); err != nil {
			return &usageError{err: err}
		}
	}
	if changed["time"] {
		e.LocalTime = hhmm
	}
	if changed["severity"] {
		e.Severity = sev
	}
	if changed["location"] {
		e.Location = opts.Location
		if e.Location == "" {
			e.Location = painlog.DefaultLocation
		}
	}
	if changed["note"] {
		e.Note = opts.Note
	}
	if _, _, err := painlog.Validate(e, now); err != nil {
		return &usageError{err: err}
	}
	painOverlapNote(opts.ErrOut, "", e)
	err = db.UpdatePain(ctx, e)
	if errors.Is(err, store.ErrPainExists) {
		return fmt.Errorf("nothing changed: pain event %d would then be the same as another one: %w", id, errors.Unwrap(err))
	}
	if err != nil {
		return painNotFound(id, err)
	}
	fmt.Fprintf(opts.Out, "updated pain event %d: %s\n", id, painlog.Describe(e))
	return nil
}

func newPainRmCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "rm ID",
		Short: "Remove a pain event",
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := painID(args)
			if err != nil {
				return err
			}
			return runPainRm(cmd.Context(), g, id)
		},
	}
}

func runPainRm(ctx context.Context, opts *globalOptions, id int64) error {
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	e, err := db.GetPain(ctx, id)
	if err != nil {
		return painNotFound(id, err)
	}
	if err := db.DeletePain(ctx, id); err != nil {
		return painNotFound(id, err)
	}
	fmt.Fprintf(opts.Out, "removed pain event %d: %s\n", id, painlog.Describe(e))
	return nil
}

func newPainImportCmd(g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Import pain events from a CSV (or JSON) file",
		Long: `Import pain events from a CSV file with the header date,time,severity,location,note
and optionally tz (any order, any case), or from the JSON 'pain export --format json'
writes. FILE - reads standard input. Empty time means a date-only event, empty
location "lower back", empty tz your time zone.

It is all or nothing: if any line is bad, nothing is imported and every bad line is
listed (exit 1). Events already in the log (the same date, time, zone, severity,
location and note) are not added twice, so importing the same file again is safe.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("pain import needs one file, got %d arguments", len(args))
			}
			return runPainImport(cmd.Context(), g, args[0])
		},
	}
}

func runPainImport(ctx context.Context, opts *globalOptions, path string) error {
	loc, err := opts.painLocation()
	if err != nil {
		return err
	}
	var r io.Reader = opts.In
	name := "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("pain import: %w", err)
		}
		defer f.Close()
		r, name = f, path
	}
	rows, err := painlog.ReadRows(r, loc.String(), opts.Now())
	var pe *painlog.BadLinesError
	if errors.As(err, &pe) {
		n := len(pe.Lines)
		return fmt.Errorf("%s: nothing imported: %s:\n%s", name, plural(n, "bad line", "bad lines"), pe.Error())
	}
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	// A row repeated within the file is stored once.
	type key struct {
		date, time, tz, location, note string
		severity                       int
	}
	first := map[key]int{}
	events := make([]model.PainEvent, 0, len(rows))
	for _, r := range rows {
		e := r.Event
		k := key{e.LocalDate, e.LocalTime, e.TZ, e.Location, e.Note, e.Severity}
		if l, dup := first[k]; dup {
			fmt.Fprintf(opts.ErrOut, "backtrack: note: line %d repeats line %d: stored once\n", r.Line, l)
			continue
		}
		first[k] = r.Line
		painOverlapNote(opts.ErrOut, fmt.Sprintf("line %d: ", r.Line), e)
		events = append(events, e)
	}
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	added, existing, err := db.ImportPain(ctx, events)
	if err != nil {
		return fmt.Errorf("%s: nothing imported: %w", name, err)
	}
	msg := "imported " + plural(added, "new pain event", "new pain events")
	if existing > 0 {
		msg += fmt.Sprintf("; %d %s already in the log", existing, map[bool]string{true: "was", false: "were"}[existing == 1])
	}
	fmt.Fprintln(opts.Out, msg)
	return nil
}

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

type painExportOptions struct {
	*globalOptions
	Format, Out string
}

func newPainExportCmd(g *globalOptions) *cobra.Command {
	opts := &painExportOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "export [--format csv|json] [--out FILE]",
		Short: "Write the whole pain log as CSV or JSON",
		Long: `Write the whole pain log, in date order, as CSV (header
date,time,severity,location,note,tz) or as the JSON of 'pain list --json'. Both are
what 'pain import' reads back, zone included: exporting, importing into a fresh
database and exporting again gives the same CSV byte for byte. --out writes a file
readable only by you (replacing it whole); the default is standard output.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runPainExport(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "csv", "csv or json")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "write to this file instead of standard output")
	return cmd
}

func runPainExport(ctx context.Context, opts *painExportOptions) error {
	var write func(io.Writer, []model.PainEvent) error
	switch strings.ToLower(opts.Format) {
	case "csv":
		write = painlog.WriteCSV
	case "json":
		write = painlog.WriteJSON
	default:
		return usagef("unknown --format %q (use csv or json)", opts.Format)
	}
	db, err := opts.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.ListPain(ctx, "", "")
	if err != nil {
		return err
	}
	if opts.Out == "" || opts.Out == "-" {
		return write(opts.globalOptions.Out, list)
	}
	if err := writeFileAtomic(opts.Out, func(w io.Writer) error { return write(w, list) }); err != nil {
		return fmt.Errorf("pain export: %w", err)
	}
	fmt.Fprintf(opts.ErrOut, "exported %s to %s\n", plural(len(list), "pain event", "pain events"), opts.Out)
	return nil
}

// writeFileAtomic writes path (mode 0600) through a temporary file in the
// same folder, synced and renamed over it, so that a failed write never
// leaves half a file. The file is 0600 whatever the umask, also when it
// replaces a file that other users could read.
func writeFileAtomic(path string, fill func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
