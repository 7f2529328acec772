package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/backtrack/backtrack/store"
)

type doctorOptions struct {
	*globalOptions
	JSON bool
}

func newDoctorCmd(g *globalOptions) *cobra.Command {
	opts := &doctorOptions{globalOptions: g}
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the database: damage, schema version, partly imported files, privacy",
		Long: `doctor checks the database and says what it found, one line per check starting
with "ok:", "warning:" or "problem:", then a verdict:

  integrity    SQLite's integrity and foreign-key checks
  schema       the database's schema version against the one this backtrack writes
  sources      files that were only partly imported (damaged; their good records were kept)
  permissions  the database and its -wal and -shm files are readable by you alone
               (mode 0600); one that is not is made so, as every command does
  folder       the folder holding them is not open to other users (mode 0700)
  contents     how many imported files, sessions and pain events it holds

doctor never creates, upgrades or writes to the database. Exit status 0 when every
check is ok or a warning (partly imported files are expected salvage; a file that
doctor made private is a warning); 1 for a problem: damage, a database made by a
newer backtrack, a file that could not be made private, or no database at all.

--json prints one object: {"db", "checks": [{"name", "status", "detail", "items"}],
"ok"}, where status is ok, warning or problem and items (when present) lists the
partly imported files, the damage found or the files made private.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDoctor(cmd.Context(), opts) },
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the checks as one JSON object")
	return cmd
}

// The statuses of a doctor check.
const (
	statusOK      = "ok"
	statusWarning = "warning"
	statusProblem = "problem"
)

// doctorCheck is one check's finding; the JSON names are stable.
type doctorCheck struct {
	Name   string   `json:"name"`
	Status string   `json:"status"`
	Detail string   `json:"detail"`
	Items  []string `json:"items,omitempty"`
}

// doctorReport is what doctor prints; the JSON names are stable.
type doctorReport struct {
	DB     string        `json:"db"`
	Checks []doctorCheck `json:"checks"`
	OK     bool          `json:"ok"`
}

func runDoctor(ctx context.Context, opts *doctorOptions) error {
	path, err := opts.dbPath()
	if err != nil {
		return err
	}
	h, err := store.Examine(ctx, path)
	if errors.Is(err, store.ErrNoDatabase) {
		return fmt.Errorf("no database at %s (import something first)", path)
	}
	if err != nil {
		return err
	}
	rep := doctorReport{DB: h.Path, Checks: doctorChecks(h)}
	problems, warnings := 0, 0
	for _, c := range rep.Checks {
		switch c.Status {
		case statusProblem:
			problems++
		case statusWarning:
			warnings++
		}
	}
	rep.OK = problems == 0
	if opts.JSON {
		if err := writeJSON(opts.Out, rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(opts.Out, "database: %s\n", rep.DB)
		for _, c := range rep.Checks {
			fmt.Fprintf(opts.Out, "%s: %s\n", c.Status, c.Detail)
			for _, it := range c.Items {
				fmt.Fprintf(opts.Out, "  - %s\n", it)
			}
		}
		switch {
		case problems > 0:
			fmt.Fprintf(opts.Out, "verdict: %s (see above)\n", plural(problems, "problem", "problems"))
		case warnings > 0:
			fmt.Fprintf(opts.Out, "verdict: healthy, with %s (see above)\n", plural(warnings, "warning", "warnings"))
		default:
			fmt.Fprintln(opts.Out, "verdict: healthy")
		}
	}
	if problems > 0 {
		return fmt.Errorf("doctor found %s in %s", plural(problems, "problem", "problems"), h.Path)
	}
	return nil
}

// maxDamageItems caps the damage lines doctor lists: a badly damaged file
// yields thousands.
const maxDamageItems = 10

// doctorChecks turns what Examine found into checks, in a fixed order.
func doctorChecks(h *store.Health) []doctorCheck {
	var cs []doctorCheck
	cs = append(cs, integrityCheck(h))
	readable := h.SchemaVersion >= 0
	if readable {
		cs = append(cs, schemaCheck(h))
	}
	if h.Sources >= 0 {
		cs = append(cs, sourcesCheck(h))
	}
	cs = append(cs, permissionsCheck(h.Files), folderCheck(h.Folder))
	if h.Sessions >= 0 {
		cs = append(cs, contentsCheck(h))
	}
	return cs
}

func integrityCheck(h *store.Health) doctorCheck {
	c := doctorCheck{Name: "integrity"}
	if len(h.Damage) == 0 {
		c.Status, c.Detail = statusOK, "SQLite's integrity and foreign-key checks found nothing wrong"
		return c
	}
	var lines []string
	for _, d := range h.Damage {
		for _, l := range strings.Split(d, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "*** in database") {
				lines = append(lines, l)
			}
		}
	}
	c.Status = statusProblem
	c.Detail = "the database is damaged: keep a copy of the file, save your pain log with " +
		"'backtrack pain export --out pain.csv' if that still works, and re-import your " +
		"exports into a new database (--db NEW_PATH)"
	if len(lines) > maxDamageItems {
		more := len(lines) - maxDamageItems
		lines = append(lines[:maxDamageItems], fmt.Sprintf("and %d more", more))
	}
	c.Items = lines
	return c
}

func schemaCheck(h *store.Health) doctorCheck {
	c := doctorCheck{Name: "schema", Status: statusOK}
	v, known := h.SchemaVersion, h.KnownVersion
	switch {
	case v > known:
		c.Status = statusProblem
		c.Detail = fmt.Sprintf("schema version %d was made by a newer backtrack (this one knows up to %d): upgrade backtrack to use this database", v, known)
	case v == known:
		c.Detail = fmt.Sprintf("schema version %d, the one this backtrack writes", v)
	case v == 0 && h.Sessions < 0:
		c.Status = statusWarning
		c.Detail = "the database is empty (schema version 0): the next import sets it up"
	default:
		c.Detail = fmt.Sprintf("schema version %d, older than this backtrack's %d: the next command that opens it (other than doctor) upgrades it", v, known)
	}
	return c
}

func sourcesCheck(h *store.Health) doctorCheck {
	c := doctorCheck{Name: "sources", Status: statusOK}
	if len(h.Partial) == 0 {
		switch h.Sources {
		case 0:
			c.Detail = "no files imported yet"
		case 1:
			c.Detail = "the imported file was read whole"
		default:
			c.Detail = fmt.Sprintf("all %d imported files were read whole", h.Sources)
		}
		if h.CRCUnverified > 0 {
			c.Detail += fmt.Sprintf(" (%d without a checksum to verify)", h.CRCUnverified)
		}
		return c
	}
	c.Status = statusWarning
	c.Detail = plural(len(h.Partial), "imported file was", "imported files were") +
		" only partly read: damaged (a watch whose battery died, a cut download), with every good record kept"
	for _, p := range h.Partial {
		it := p.Path
		if p.Damage != "" {
			it += ": " + p.Damage
		}
		c.Items = append(c.Items, it)
	}
	return c
}

func permissionsCheck(files []store.FileAccess) doctorCheck {
	c := doctorCheck{Name: "permissions", Status: statusOK}
	var names []string
	fixed, failed := 0, 0
	for _, a := range files {
		names = append(names, filepath.Base(a.Path))
		switch {
		case a.FixErr != nil:
			failed++
		case a.Fixed:
			fixed++
		default:
			continue
		}
		c.Items = append(c.Items, a.Warning())
	}
	switch {
	case failed > 0:
		c.Status = statusProblem
		c.Detail = fmt.Sprintf("other users can still read or write %s: make %s yours alone with chmod 600",
			plural(failed, "database file", "database files"), itThem(failed))
	case fixed > 0:
		c.Status = statusWarning
		c.Detail = fmt.Sprintf("other users could read or write %s; doctor made %s private (mode 0600)",
			plural(fixed, "database file", "database files"), itThem(fixed))
	case len(names) == 1:
		c.Detail = names[0] + " is readable by you alone"
	default:
		c.Detail = strings.Join(names, ", ") + " are readable by you alone"
	}
	return c
}

// itThem returns "it" for one thing and "them" for more.
func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func folderCheck(a store.FileAccess) doctorCheck {
	if a.Shared() {
		return doctorCheck{Name: "folder", Status: statusWarning, Detail: a.Warning()}
	}
	return doctorCheck{Name: "folder", Status: statusOK,
		Detail: fmt.Sprintf("folder %s is closed to other users (mode %04o)", a.Path, a.Mode)}
}

func contentsCheck(h *store.Health) doctorCheck {
	parts := []string{plural(h.Sources, "imported file", "imported files"), plural(h.Sessions, "session", "sessions")}
	if h.PainEvents >= 0 {
		parts = append(parts, plural(h.PainEvents, "pain event", "pain events"))
	}
	return doctorCheck{Name: "contents", Status: statusOK,
		Detail: "the database holds " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]}
}
