package synth

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/backtrack/backtrack/model"
)

// Manifest lists what [Athlete.WriteExport] wrote.
type Manifest struct {
	// Files are the paths written, relative to the export folder, in the
	// order written (sessions in start order, then pain.csv).
	Files []string
	// Runs and Strength count distinct sessions (a run's GPX copy is not
	// another run).
	Runs, Strength int
	// Sets counts active strength sets.
	Sets int
	// PainEvents counts the rows of pain.csv.
	PainEvents int
}

// StravaDir is the subfolder of an export holding the Strava-style GPX
// copies of some runs.
const StravaDir = "strava"

// PainHeader is the header row of the export's pain.csv.
var PainHeader = []string{"date", "time", "severity", "location", "note", "tz"}

// WriteExport writes the athlete into dir (created if needed) as a watch
// and app export would hold it:
//   - each run as FIT, <local date>-run-<n>.fit (n counts runs from 1), with
//     fractional cadence when [IsFractionalRun](n);
//   - each run with positions for which [HasStravaCopy](n) also as a GPX
//     written the Strava way (creator StravaGPX, cadence in steps/min, named
//     "Morning Run" and so on) in strava/<local date>-run-<n>.gpx, a
//     cross-source duplicate of the same run;
//   - each strength session as FIT, <local date>-strength-<n>.fit;
//   - the pain log as pain.csv (header date,time,severity,location,note,tz;
//     RFC 4180 quoting).
//
// Files are written with mode 0644; existing files of the same names are
// replaced. The same athlete always gives byte-identical files.
func (a *Athlete) WriteExport(dir string) (Manifest, error) {
	var m Manifest
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return m, fmt.Errorf("write export: %w", err)
	}
	var buf bytes.Buffer
	put := func(rel string) error {
		if err := os.WriteFile(filepath.Join(dir, rel), buf.Bytes(), 0o644); err != nil {
			return fmt.Errorf("write export: %w", err)
		}
		m.Files = append(m.Files, rel)
		return nil
	}
	madeStrava := false
	for i := range a.Sessions {
		s := &a.Sessions[i]
		buf.Reset()
		date := s.LocalDate()
		switch s.Sport {
		case model.Running:
			m.Runs++
			n := m.Runs
			if err := WriteFIT(&buf, *s, FITOptions{FractionalCadence: IsFractionalRun(n)}); err != nil {
				return m, fmt.Errorf("write export: run %d: %w", n, err)
			}
			if err := put(date + "-run-" + strconv.Itoa(n) + ".fit"); err != nil {
				return m, err
			}
			if !HasStravaCopy(n) || !hasPositions(s) {
				continue
			}
			if !madeStrava {
				if err := os.MkdirAll(filepath.Join(dir, StravaDir), 0o755); err != nil {
					return m, fmt.Errorf("write export: %w", err)
				}
				madeStrava = true
			}
			buf.Reset()
			cp := *s
			cp.Name = stravaName(s)
			if err := WriteGPX(&buf, cp, GPXOptions{Creator: "StravaGPX", Type: "running", CadenceUnit: CadenceSteps}); err != nil {
				return m, fmt.Errorf("write export: run %d: %w", n, err)
			}
			if err := put(filepath.Join(StravaDir, date+"-run-"+strconv.Itoa(n)+".gpx")); err != nil {
				return m, err
			}
		default:
			m.Strength++
			m.Sets += len(s.Sets)
			if err := WriteFIT(&buf, *s, FITOptions{}); err != nil {
				return m, fmt.Errorf("write export: strength %d: %w", m.Strength, err)
			}
			if err := put(date + "-strength-" + strconv.Itoa(m.Strength) + ".fit"); err != nil {
				return m, err
			}
		}
	}
	buf.Reset()
	if err := WritePainCSV(&buf, a.Pain); err != nil {
		return m, fmt.Errorf("write export: %w", err)
	}
	if err := put("pain.csv"); err != nil {
		return m, err
	}
	m.PainEvents = len(a.Pain)
	return m, nil
}

// WritePainCSV writes pain events as CSV with the [PainHeader] row, quoted
// as RFC 4180 requires (encoding/csv).
func WritePainCSV(w io.Writer, pain []model.PainEvent) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(PainHeader); err != nil {
		return fmt.Errorf("pain csv: %w", err)
	}
	for _, p := range pain {
		row := []string{p.LocalDate, p.LocalTime, strconv.Itoa(p.Severity), p.Location, p.Note, p.TZ}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("pain csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("pain csv: %w", err)
	}
	return nil
}

func hasPositions(s *model.Session) bool {
	for i := 0; i < s.Samples.Len(); i++ {
		if model.Known(s.Samples.Lat[i]) {
			return true
		}
	}
	return false
}

// stravaName is the title Strava gives a run by its local start hour.
func stravaName(s *model.Session) string {
	switch h := s.Local().Hour(); {
	case h < 12:
		return "Morning Run"
	case h < 17:
		return "Afternoon Run"
	default:
		return "Evening Run"
	}
}
