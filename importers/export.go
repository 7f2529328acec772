package importers

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/backtrack/backtrack/model"
)

// ExportIndex is what an export's own index files say about its activities:
// Strava's activities.csv (names and types) and Garmin's
// summarizedActivities.json (local start times, names). The walker reads it
// before the export's activity files; the batch applies it to each decoded
// session and, at the end, names every listed activity whose file was
// missing or failed.
type ExportIndex struct {
	// Root is the export's display path (the zip or folder the user named).
	Root string
	// Strava maps a file's path inside the export ("activities/123.fit.gz")
	// to its row of activities.csv.
	Strava map[string]StravaActivity
	// Garmin maps an activity id to its summary.
	Garmin map[int64]GarminSummary
	// Warnings from reading the index files.
	Warnings []string

	mu       sync.Mutex
	stravaOK map[string]string // rel → outcome for files seen
	garminOK map[int64]string  // activity id → outcome
}

func newExportIndex(root string) *ExportIndex {
	return &ExportIndex{Root: root, Strava: map[string]StravaActivity{}, Garmin: map[int64]GarminSummary{},
		stravaOK: map[string]string{}, garminOK: map[int64]string{}}
}

func (x *ExportIndex) empty() bool { return len(x.Strava) == 0 && len(x.Garmin) == 0 }

// addStrava reads an activities.csv found at rel inside the export.
func (x *ExportIndex) addStrava(rel string, r io.Reader) {
	acts, warns, err := ParseStravaIndex(r)
	if err != nil {
		x.Warnings = append(x.Warnings, fmt.Sprintf("%s: %v", rel, err))
		return
	}
	for _, w := range warns {
		x.Warnings = append(x.Warnings, rel+": "+w)
	}
	dir := path.Dir(rel)
	for _, a := range acts {
		if a.Filename == "" {
			continue // a manual entry: no file to find
		}
		x.Strava[path.Join(dir, a.Filename)] = a
	}
}

// addGarmin reads a summarizedActivities.json found at rel inside the export.
func (x *ExportIndex) addGarmin(rel string, r io.Reader) {
	sums, warns, err := ParseGarminSummaries(r)
	if err != nil {
		x.Warnings = append(x.Warnings, fmt.Sprintf("%s: %v", rel, err))
		return
	}
	for _, w := range warns {
		x.Warnings = append(x.Warnings, rel+": "+w)
	}
	for _, s := range sums {
		x.Garmin[s.ActivityID] = s
	}
}

// isIndexFile reports whether rel is one of the index files themselves, and
// says what it is.
func (x *ExportIndex) isIndexFile(rel string) (string, bool) {
	base := path.Base(rel)
	switch {
	case base == "activities.csv" && len(x.Strava) > 0:
		return fmt.Sprintf("Strava's activity index (names and types for %d activities)", len(x.Strava)), true
	case strings.HasSuffix(base, "_summarizedActivities.json") && len(x.Garmin) > 0:
		return fmt.Sprintf("Garmin's activity summaries (local start times for %d activities)", len(x.Garmin)), true
	}
	return "", false
}

// apply gives the sessions decoded from the export's file rel what the index
// knows: Strava's name, description, private note, perceived exertion and
// (where the file does not say) type; Garmin's name, description and local
// offset where the file has none.
func (x *ExportIndex) apply(rel string, sessions []model.Session) {
	if a, ok := x.Strava[rel]; ok {
		sport, sub := StravaSport(a.Type)
		for i := range sessions {
			s := &sessions[i]
			if s.Name == "" {
				s.Name = a.Name
			}
			addNotes(s, a.Description, a.PrivateNote)
			if !model.Known(s.RPE) {
				s.RPE = a.PerceivedExertion
			}
			if s.Sport == model.Other && sport != model.Other {
				s.Sport = sport
				if s.SubSport == "" {
					s.SubSport = sub
				}
			}
		}
	}
	if id, ok := GarminActivityIDFromName(path.Base(rel)); ok {
		if g, ok := x.Garmin[id]; ok {
			for i := range sessions {
				s := &sessions[i]
				if s.OffsetOrigin != model.OffsetDevice && g.HasOffset {
					s.OffsetS, s.OffsetOrigin = g.OffsetS, model.OffsetIndex
				}
				if s.Name == "" {
					s.Name = g.Name
				}
				addNotes(s, g.Description)
			}
		}
	}
}

// addNotes adds what the user wrote to a session's notes, each text once.
func addNotes(s *model.Session, texts ...string) {
	for _, t := range texts {
		t = strings.TrimSpace(t)
		if t == "" || strings.Contains(s.Notes, t) {
			continue
		}
		if s.Notes != "" {
			s.Notes += "\n\n"
		}
		s.Notes += t
	}
}

// outcome records what happened to the export's file rel: "" for stored
// (imported, duplicate or merged), else the reason it was not.
func (x *ExportIndex) outcome(rel, problem string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if _, ok := x.Strava[rel]; ok {
		if prev, seen := x.stravaOK[rel]; !seen || prev != "" {
			x.stravaOK[rel] = problem
		}
	}
	if id, ok := GarminActivityIDFromName(path.Base(rel)); ok {
		if _, listed := x.Garmin[id]; listed {
			if prev, seen := x.garminOK[id]; !seen || prev != "" {
				x.garminOK[id] = problem
			}
		}
	}
}

// missing lists every activity the index names whose file was not found or
// not stored, in start order: never a silently lost run.
func (x *ExportIndex) missing() []PathReason {
	type item struct {
		start time.Time
		pr    PathReason
	}
	var items []item
	x.mu.Lock()
	defer x.mu.Unlock()
	for rel, a := range x.Strava {
		what := fmt.Sprintf("%s %q on %s", strings.ToLower(orWord(a.Type, "activity")), a.Name, a.StartUTC.Format(time.DateOnly))
		p := x.Root + model.PathSep + rel
		switch problem, seen := x.stravaOK[rel]; {
		case !seen:
			items = append(items, item{a.StartUTC, PathReason{p, "listed in activities.csv (" + what + ") but the file is not in the export"}})
		case problem != "":
			items = append(items, item{a.StartUTC, PathReason{p, "listed in activities.csv (" + what + ") but not imported: " + problem}})
		}
	}
	for id, g := range x.Garmin {
		what := fmt.Sprintf("%s %q on %s, activity %d", orWord(g.Type, "activity"), g.Name, g.StartGMT.Format(time.DateOnly), id)
		switch problem, seen := x.garminOK[id]; {
		case !seen:
			items = append(items, item{g.StartGMT, PathReason{x.Root, "Garmin's summaries list " + what + " but the export holds no file for it (an activity entered by hand has none)"}})
		case problem != "":
			items = append(items, item{g.StartGMT, PathReason{x.Root, "Garmin's summaries list " + what + " but its file was not imported: " + problem}})
		}
	}
	sort.Slice(items, func(i, j int) bool {
		if !items[i].start.Equal(items[j].start) {
			return items[i].start.Before(items[j].start)
		}
		return items[i].pr.Path < items[j].pr.Path
	})
	out := make([]PathReason, len(items))
	for i, it := range items {
		out[i] = it.pr
	}
	return out
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
