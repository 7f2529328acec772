package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/backtrack/backtrack/model"
)

// summaryColumns are the columns a sessions row and a recordings row share,
// in the order summaryArgs gives their values and summaryScan reads them.
var summaryColumns = []string{"sport", "sub_sport", "sport_origin", "start_utc", "offset_s", "offset_origin",
	"time_assumed", "wall_clock", "logged", "elapsed_s", "timer_s", "distance_m", "ascent_m", "descent_m",
	"avg_hr", "avg_cadence_spm", "device", "name", "notes", "rpe", "feel",
	"device_manufacturer", "device_product", "device_serial", "form_sensor"}

// summaryArgs returns s's values for summaryColumns.
func summaryArgs(s *model.Session) []any {
	return []any{string(s.Sport), s.SubSport, string(s.SportOrigin), s.Start.UnixMilli(), s.OffsetS,
		string(s.OffsetOrigin), s.TimeAssumed, s.WallClock, s.Logged, nullable(s.ElapsedS), nullable(s.TimerS),
		nullable(s.DistanceM), nullable(s.AscentM), nullable(s.DescentM), nullable(s.AvgHR),
		nullable(s.AvgCadenceSPM), s.Device, s.Name, s.Notes, nullable(s.RPE), nullable(s.Feel),
		s.Recorder.Manufacturer, s.Recorder.Product, serialArg(s.Recorder.Serial), s.Recorder.FormSensor}
}

// serialArg binds a device serial number: NULL for 0 (none given).
func serialArg(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// summaryScan holds the scan targets of summaryColumns.
type summaryScan struct {
	sport, sub, sportOrigin, offOrigin, device, name, notes string
	start                                                   int64
	off                                                     int
	assumed, wall, logged                                   bool
	el, tm, dist, asc, desc, hr, cad, rpe, feel             sql.NullFloat64
	rec                                                     recorderScan
}

// recorderScan holds the scan targets of a session's recorder columns.
type recorderScan struct {
	mfr, product, sensor string
	serial               sql.NullInt64
}

func (r *recorderScan) dest() []any { return []any{&r.mfr, &r.product, &r.serial, &r.sensor} }

func (r *recorderScan) recorder() model.Recorder {
	return model.Recorder{Manufacturer: r.mfr, Product: r.product, Serial: r.serial.Int64, FormSensor: r.sensor}
}

// dest returns the targets in summaryColumns' order.
func (x *summaryScan) dest() []any {
	return append([]any{&x.sport, &x.sub, &x.sportOrigin, &x.start, &x.off, &x.offOrigin, &x.assumed, &x.wall,
		&x.logged, &x.el, &x.tm, &x.dist, &x.asc, &x.desc, &x.hr, &x.cad, &x.device, &x.name, &x.notes, &x.rpe, &x.feel},
		x.rec.dest()...)
}

// session returns the scanned values as a session (without laps, sets or
// samples).
func (x *summaryScan) session() model.Session {
	return model.Session{
		Sport: model.Sport(x.sport), SubSport: x.sub, SportOrigin: model.SportOrigin(x.sportOrigin),
		Start: time.UnixMilli(x.start).UTC(), OffsetS: x.off, OffsetOrigin: model.OffsetOrigin(x.offOrigin),
		TimeAssumed: x.assumed, WallClock: x.wall, Logged: x.logged,
		ElapsedS: float(x.el), TimerS: float(x.tm), DistanceM: float(x.dist), AscentM: float(x.asc),
		DescentM: float(x.desc), AvgHR: float(x.hr), AvgCadenceSPM: float(x.cad),
		Device: x.device, Name: x.name, Notes: x.notes, RPE: float(x.rpe), Feel: float(x.feel),
		Recorder: x.rec.recorder(),
	}
}

// sessionRowColumns are the columns of a sessions row the import writes,
// besides the summary: its source, the counts and the local date.
var sessionRowColumns = []string{"source_id", "idx", "local_date", "n_laps", "n_sets", "n_samples", "n_recordings"}

// rowSQL holds the statements built from the column lists, built on first
// use (a process that never imports should not pay for them at start-up).
type rowSQL struct {
	insertSession, updateSession       string // a sessions row (update: its id last)
	neighbours, recordingsOf           string
	insertRecording, updateRecording   string // a recordings row (update: its id last)
	sessionMembers, readRecordingWhole string
	sourceSessions, sourceRecordings   string // a source's recordings: its sessions of one, its recordings rows
}

var sqlText = sync.OnceValue(func() rowSQL {
	all := append(append([]string(nil), sessionRowColumns...), summaryColumns...)
	marks := func(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
	blobs := sampleBlobList("")
	summaryList := strings.Join(summaryColumns, ", ")
	return rowSQL{
		insertSession: "INSERT INTO sessions (" + strings.Join(all, ", ") + ") VALUES (" + marks(len(all)) + ")",
		updateSession: "UPDATE sessions SET " + strings.Join(all, " = ?, ") + " = ? WHERE id = ?",
		neighbours: `SELECT s.id, s.source_id, s.idx, s.n_recordings, src.sha256, src.format, ` + prefixed("s") + `
			FROM sessions s JOIN sources src ON src.id = s.source_id
			WHERE s.start_utc BETWEEN ? AND ? ORDER BY s.id`,
		recordingsOf: `SELECT r.id, r.session_id, r.source_id, r.idx, src.sha256, src.format, ` + prefixed("r") + `
			FROM recordings r JOIN sources src ON src.id = r.source_id
			WHERE r.session_id = ? ORDER BY r.id`,
		insertRecording: `INSERT INTO recordings (session_id, source_id, idx, ` + summaryList + `, laps, sets, n_samples, codec, ` +
			blobs + `) VALUES (` + marks(3+len(summaryColumns)+4+numSampleColumns) + `)`,
		updateRecording: `UPDATE recordings SET session_id = ?, ` + strings.Join(summaryColumns, " = ?, ") + ` = ?, laps = ?, sets = ?,
			n_samples = ?, codec = ?, ` + strings.ReplaceAll(blobs, ",", " = ?,") + ` = ? WHERE id = ?`,
		sessionMembers: `SELECT s.id, s.source_id, s.idx, s.n_recordings, src.sha256, src.format, ` + prefixed("s") + `
			FROM sessions s JOIN sources src ON src.id = s.source_id WHERE s.id = ?`,
		readRecordingWhole: `SELECT ` + summaryList + `, laps, sets, n_samples, codec, ` + blobs + ` FROM recordings WHERE id = ?`,
		sourceSessions: `SELECT s.id, s.source_id, s.idx, s.n_recordings, src.sha256, src.format, ` + prefixed("s") + `
			FROM sessions s JOIN sources src ON src.id = s.source_id WHERE s.source_id = ? AND s.n_recordings = 1 ORDER BY s.idx`,
		sourceRecordings: `SELECT r.id, r.session_id, r.source_id, r.idx, src.sha256, src.format, ` + prefixed("r") + `
			FROM recordings r JOIN sources src ON src.id = r.source_id WHERE r.source_id = ? ORDER BY r.idx`,
	}
})

// prefixed returns summaryColumns with each column prefixed by alias.
func prefixed(alias string) string {
	cols := make([]string, len(summaryColumns))
	for i, c := range summaryColumns {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// sessionRowArgs returns the values of sessionRowColumns and summaryColumns
// for session s of source sourceID at index idx, merging n recordings.
func sessionRowArgs(sourceID int64, idx int, s *model.Session, nRecordings int) []any {
	args := []any{sourceID, idx, s.LocalDate(), len(s.Laps), len(s.Sets), s.Samples.Len(), nRecordings}
	return append(args, summaryArgs(s)...)
}

// jsonNum is a number in the JSON of a recording's laps and sets: null for
// a missing value.
type jsonNum struct{ v float64 }

func num(v float64) jsonNum { return jsonNum{v} }

func (n jsonNum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(n.v) || math.IsInf(n.v, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(n.v)
}

func (n *jsonNum) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		n.v = math.NaN()
		return nil
	}
	return json.Unmarshal(b, &n.v)
}

// lapJSON and setJSON are a recording's laps and sets as its JSON columns
// hold them (times in unix milliseconds).
type lapJSON struct {
	StartMS   int64   `json:"start_ms"`
	ElapsedS  jsonNum `json:"elapsed_s"`
	TimerS    jsonNum `json:"timer_s"`
	DistanceM jsonNum `json:"distance_m"`
	AscentM   jsonNum `json:"ascent_m"`
	DescentM  jsonNum `json:"descent_m"`
	AvgHR     jsonNum `json:"avg_hr"`
	Cadence   jsonNum `json:"avg_cadence_spm"`
}

type setJSON struct {
	StartMS   int64   `json:"start_ms"`
	DurationS jsonNum `json:"duration_s"`
	Category  string  `json:"category"`
	Exercise  string  `json:"exercise"`
	Reps      *int    `json:"reps"`
	WeightKg  jsonNum `json:"weight_kg"`
}

// lapsJSON and setsJSON encode laps and sets for a recordings row.
func lapsJSON(laps []model.Lap) (string, error) {
	out := make([]lapJSON, len(laps))
	for i, l := range laps {
		out[i] = lapJSON{l.Start.UnixMilli(), num(l.ElapsedS), num(l.TimerS), num(l.DistanceM), num(l.AscentM),
			num(l.DescentM), num(l.AvgHR), num(l.AvgCadenceSPM)}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

func setsJSON(sets []model.StrengthSet) (string, error) {
	out := make([]setJSON, len(sets))
	for i, s := range sets {
		out[i] = setJSON{StartMS: s.Start.UnixMilli(), DurationS: num(s.DurationS), Category: s.Category,
			Exercise: s.Exercise, WeightKg: num(s.WeightKg)}
		if s.Reps != model.NoReps {
			r := s.Reps
			out[i].Reps = &r
		}
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// parseLaps and parseSets decode a recordings row's JSON columns.
func parseLaps(text string) ([]model.Lap, error) {
	var in []lapJSON
	if err := json.Unmarshal([]byte(text), &in); err != nil {
		return nil, fmt.Errorf("recording laps: %w", err)
	}
	out := make([]model.Lap, len(in))
	for i, l := range in {
		out[i] = model.Lap{Start: time.UnixMilli(l.StartMS).UTC(), ElapsedS: l.ElapsedS.v, TimerS: l.TimerS.v,
			DistanceM: l.DistanceM.v, AscentM: l.AscentM.v, DescentM: l.DescentM.v, AvgHR: l.AvgHR.v, AvgCadenceSPM: l.Cadence.v}
	}
	return out, nil
}

func parseSets(text string) ([]model.StrengthSet, error) {
	var in []setJSON
	if err := json.Unmarshal([]byte(text), &in); err != nil {
		return nil, fmt.Errorf("recording sets: %w", err)
	}
	out := make([]model.StrengthSet, len(in))
	for i, s := range in {
		out[i] = model.StrengthSet{Start: time.UnixMilli(s.StartMS).UTC(), DurationS: s.DurationS.v,
			Category: s.Category, Exercise: s.Exercise, Reps: model.NoReps, WeightKg: s.WeightKg.v}
		if s.Reps != nil {
			out[i].Reps = *s.Reps
		}
	}
	return out, nil
}
