package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/backtrack/backtrack/importers"
)

// printImportSummary writes the text summary of an import: the counts, the
// skipped files, the units and zones assumed, the problems. Paths, reasons
// and warnings come from the files: they pass through termSafe.
func printImportSummary(w io.Writer, s *importers.Summary, took time.Duration) {
	fmt.Fprintf(w, "%d files read (%s) in %s\n", s.Files, mb(s.Bytes), took.Round(10*time.Millisecond))
	fmt.Fprintf(w, "  imported:   %d (%d new sessions)\n", s.Imported, s.SessionsAdded)
	fmt.Fprintf(w, "  duplicates: %d (already in the database)\n", s.Duplicates)
	if len(s.Reread) > 0 {
		fmt.Fprintf(w, "  re-read:    %d (imported before; their weights' unit changed)\n", len(s.Reread))
		for _, r := range s.Reread {
			fmt.Fprintf(w, "    %s: weights re-read in %s (were %s)\n", termSafe(r.Path), r.WeightUnit, r.Was)
		}
	}
	if s.Merged > 0 {
		fmt.Fprintf(w, "  merged:     %d (the same activity from another source, linked)\n", s.Merged)
	}
	fmt.Fprintf(w, "  skipped:    %d\n", len(s.Skipped))
	for _, r := range s.Skipped {
		fmt.Fprintf(w, "    %s: %s\n", termSafe(r.Path), termSafe(r.Reason))
	}
	if len(s.Units) > 0 {
		fmt.Fprintf(w, "  weights:\n")
		for _, u := range s.Units {
			fmt.Fprintf(w, "    %s: %s (%s)\n", termSafe(u.Path), u.WeightUnit, u.From)
		}
	}
	printZones(w, s.Zones)
	printImportProblems(w, s)
}

// printZones says where the times of files without an offset were placed:
// one line per distinct placement, with its files (the first few named).
func printZones(w io.Writer, zones []importers.PathReason) {
	if len(zones) == 0 {
		return
	}
	var order []string
	files := map[string][]string{}
	for _, z := range zones {
		if _, ok := files[z.Reason]; !ok {
			order = append(order, z.Reason)
		}
		files[z.Reason] = append(files[z.Reason], z.Path)
	}
	fmt.Fprintf(w, "  zones (files without an offset):\n")
	for _, r := range order {
		fs := files[r]
		names := strings.Join(fs[:min(len(fs), 3)], ", ")
		if len(fs) > 3 {
			names += fmt.Sprintf(" and %d more", len(fs)-3)
		}
		fmt.Fprintf(w, "    %s: %s\n", termSafe(names), termSafe(r))
	}
}

func printImportProblems(w io.Writer, s *importers.Summary) {
	if len(s.Missing) > 0 {
		fmt.Fprintf(w, "  missing (listed in an export's index, not imported): %d\n", len(s.Missing))
		for _, r := range s.Missing {
			fmt.Fprintf(w, "    %s: %s\n", termSafe(r.Path), termSafe(r.Reason))
		}
	}
	if len(s.Warnings) > 0 {
		fmt.Fprintf(w, "  warnings: %d\n", len(s.Warnings))
		for _, m := range s.Warnings {
			fmt.Fprintf(w, "    %s\n", termSafe(m))
		}
	}
	if len(s.Partial) > 0 {
		fmt.Fprintf(w, "  partly imported (damaged; the good part was kept): %d\n", len(s.Partial))
		for _, r := range s.Partial {
			fmt.Fprintf(w, "    %s: %s\n", termSafe(r.Path), termSafe(r.Reason))
		}
	}
	if len(s.Failed) > 0 {
		fmt.Fprintf(w, "  failed: %d\n", len(s.Failed))
		for _, r := range s.Failed {
			fmt.Fprintf(w, "    %s: %s\n", termSafe(r.Path), termSafe(r.Error))
		}
	}
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
