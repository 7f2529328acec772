package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/backtrack/backtrack/internal/plural"
	"github.com/backtrack/backtrack/store"
)

// The statuses of a doctor check.
const (
	// StatusOK: nothing to do.
	StatusOK = "ok"
	// StatusWarning: worth knowing, nothing broken (partly imported files,
	// a file doctor made private).
	StatusWarning = "warning"
	// StatusProblem: something to fix (damage, a newer schema, a file that
	// could not be made private).
	StatusProblem = "problem"
)

// DoctorCheck is one finding of Doctor. The JSON names are stable.
type DoctorCheck struct {
	// Name names the check: integrity, schema, sources, permissions,
	// folder, contents, samples or leftovers.
	Name string `json:"name"`
	// Status is StatusOK, StatusWarning or StatusProblem.
	Status string `json:"status"`
	// Detail says what was found, in plain words.
	Detail string `json:"detail"`
	// Items list the partly imported files, the damage found, the files
	// other users can read, the sessions whose samples are damaged or the
	// files left behind, when there are any.
	Items []string `json:"items,omitempty"`
}

// DoctorReport is what Doctor found. The JSON names are stable.
type DoctorReport struct {
	// DB is the database file's path.
	DB string `json:"db"`
	// Checks are the findings, in a fixed order.
	Checks []DoctorCheck `json:"checks"`
	// OK reports whether no check found a problem.
	OK bool `json:"ok"`
	// Problems and Warnings count the checks with those statuses.
	Problems int `json:"-"`
	Warnings int `json:"-"`
}

// Doctor checks the database at path and says what it found (see
// store.Examine): SQLite's integrity, the schema version, partly imported
// files, whether the files and their folder are private, what it holds,
// whether every session's samples decode, and the -wal and -shm files left
// behind. It never creates, upgrades, changes or writes anything (a file
// other users could read is reported, not changed). Without a database it
// returns an error wrapping store.ErrNoDatabase.
func Doctor(ctx context.Context, path string) (*DoctorReport, error) {
	h, err := store.Examine(ctx, path)
	if err != nil {
		return nil, err
	}
	rep := &DoctorReport{DB: h.Path, Checks: checks(h)}
	for _, c := range rep.Checks {
		switch c.Status {
		case StatusProblem:
			rep.Problems++
		case StatusWarning:
			rep.Warnings++
		}
	}
	rep.OK = rep.Problems == 0
	return rep, nil
}

// maxDamageItems caps the damage lines doctor lists: a badly damaged file
// yields thousands.
const maxDamageItems = 10

// checks turns what store.Examine found into checks, in a fixed order.
func checks(h *store.Health) []DoctorCheck {
	var cs []DoctorCheck
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
	if h.SamplesChecked >= 0 {
		cs = append(cs, samplesCheck(h))
	}
	cs = append(cs, leftoversCheck(h.Leftovers))
	return cs
}

func integrityCheck(h *store.Health) DoctorCheck {
	c := DoctorCheck{Name: "integrity"}
	if len(h.Damage) == 0 {
		c.Status, c.Detail = StatusOK, "SQLite's integrity and foreign-key checks found nothing wrong"
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
	c.Status = StatusProblem
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

func schemaCheck(h *store.Health) DoctorCheck {
	c := DoctorCheck{Name: "schema", Status: StatusOK}
	v, known := h.SchemaVersion, h.KnownVersion
	switch {
	case v > known:
		c.Status = StatusProblem
		c.Detail = fmt.Sprintf("schema version %d was made by a newer backtrack (this one knows up to %d): upgrade backtrack to use this database", v, known)
	case v == known:
		c.Detail = fmt.Sprintf("schema version %d, the one this backtrack writes", v)
	case v == 0 && h.Sessions < 0:
		c.Status = StatusWarning
		c.Detail = "the database is empty (schema version 0): the next import sets it up"
	default:
		c.Detail = fmt.Sprintf("schema version %d, older than this backtrack's %d: the next command that opens it (other than doctor) upgrades it", v, known)
	}
	return c
}

func sourcesCheck(h *store.Health) DoctorCheck {
	c := DoctorCheck{Name: "sources", Status: StatusOK}
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
	c.Status = StatusWarning
	c.Detail = plural.Of(len(h.Partial), "imported file was", "imported files were") +
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

func permissionsCheck(files []store.FileAccess) DoctorCheck {
	c := DoctorCheck{Name: "permissions", Status: StatusOK}
	var names, shared []string
	for _, a := range files {
		names = append(names, filepath.Base(a.Path))
		if a.Shared() {
			shared = append(shared, a.Path)
			c.Items = append(c.Items, a.Warning())
		}
	}
	switch {
	case len(shared) > 0:
		c.Status = StatusWarning
		c.Detail = fmt.Sprintf("other users can read or write %s: make %s yours alone with chmod 600 %s "+
			"(the next backtrack command that opens the database does it when it safely can; doctor changes nothing)",
			plural.Of(len(shared), "database file", "database files"), itThem(len(shared)), strings.Join(shared, " "))
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

func folderCheck(a store.FileAccess) DoctorCheck {
	if a.Shared() {
		return DoctorCheck{Name: "folder", Status: StatusWarning, Detail: a.Warning()}
	}
	return DoctorCheck{Name: "folder", Status: StatusOK,
		Detail: fmt.Sprintf("folder %s is closed to other users (mode %04o)", a.Path, a.Mode)}
}

func contentsCheck(h *store.Health) DoctorCheck {
	parts := []string{plural.Of(h.Sources, "imported file", "imported files"), plural.Of(h.Sessions, "session", "sessions")}
	if h.PainEvents >= 0 {
		parts = append(parts, plural.Of(h.PainEvents, "pain event", "pain events"))
	}
	return DoctorCheck{Name: "contents", Status: StatusOK,
		Detail: "the database holds " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]}
}

func samplesCheck(h *store.Health) DoctorCheck {
	c := DoctorCheck{Name: "samples", Status: StatusOK}
	switch {
	case len(h.DamagedSamples) == 0 && h.SamplesChecked == 0:
		c.Detail = "no sessions, so no samples to check"
		return c
	case len(h.DamagedSamples) == 0:
		c.Detail = fmt.Sprintf("the samples of every session decode, each with as many samples as its session records (%s)",
			plural.Of(h.SamplesChecked, "session", "sessions"))
		return c
	}
	c.Status = StatusProblem
	c.Detail = fmt.Sprintf("the samples of %s are damaged or missing: their hill and cadence metrics cannot be computed "+
		"(the other sessions are fine); keep a copy of the file and re-import your exports into a new database "+
		"(--db NEW_PATH) to get them back", plural.Of(len(h.DamagedSamples), "session", "sessions"))
	for i, d := range h.DamagedSamples {
		if i == maxDamageItems {
			c.Items = append(c.Items, fmt.Sprintf("and %d more", len(h.DamagedSamples)-maxDamageItems))
			break
		}
		c.Items = append(c.Items, d.Error())
	}
	return c
}

func leftoversCheck(ls []store.Leftover) DoctorCheck {
	c := DoctorCheck{Name: "leftovers", Status: StatusOK}
	if len(ls) == 0 {
		c.Detail = "no -wal or -shm file was left behind"
		return c
	}
	stuck := 0
	for _, l := range ls {
		switch {
		case l.Writable:
			c.Items = append(c.Items, fmt.Sprintf("%s (%d bytes): the next command that writes the database uses and removes it", l.Path, l.Size))
		case l.Changes > 0:
			stuck++
			c.Items = append(c.Items, fmt.Sprintf("%s (mode %04o, owner uid %d) cannot be written and holds %d bytes of changes "+
				"not yet in the database: do not delete it; as its owner make it writable (chmod u+w %s), or copy the "+
				"database with its -wal to where you can write", l.Path, l.Mode, l.Owner, l.Changes, l.Path))
		default:
			stuck++
			c.Items = append(c.Items, fmt.Sprintf("%s (mode %04o, owner uid %d) cannot be written: while it is there backtrack "+
				"cannot write to the database; when no backtrack is running, remove it (rm %s)", l.Path, l.Mode, l.Owner, l.Path))
		}
	}
	if stuck > 0 {
		c.Status = StatusProblem
		c.Detail = fmt.Sprintf("%s left by an earlier read-only open (or another user's) cannot be written", plural.Of(stuck, "file", "files"))
		return c
	}
	c.Status = StatusWarning
	c.Detail = fmt.Sprintf("%s left by an open that could not tidy up (a crash, a read-only or full disk); nothing is lost",
		plural.Of(len(ls), "file was", "files were"))
	return c
}
