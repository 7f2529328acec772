package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/backtrack/backtrack/internal/csvrows"
	"github.com/backtrack/backtrack/model"
)

// StravaActivity is one row of a Strava bulk export's activities.csv.
type StravaActivity struct {
	// ID is the Strava activity id ("1234567890").
	ID string
	// Name is the activity's title, Type its Strava activity type ("Run",
	// "Trail Run", "Weight Training"), Description the user's description
	// and PrivateNote the note only the user sees ("" when the export has
	// no such column: exports before 2022).
	Name, Type, Description, PrivateNote string
	// PerceivedExertion is the user's rating of the effort, 1–10, or
	// Missing.
	PerceivedExertion float64
	// Filename is the activity's file inside the export
	// ("activities/1234567890.fit.gz"), or "" for a manual activity.
	Filename string
	// StartUTC is the start instant, in UTC.
	StartUTC time.Time
	// ElapsedS is the elapsed time in seconds, or Missing.
	ElapsedS float64
	// DistanceM is the distance in metres, or Missing (also when the file
	// has only the display-unit Distance column, whose unit it does not say).
	DistanceM float64
}

// stravaMaxWarnings caps the per-row warnings of one index.
const stravaMaxWarnings = 50

// stravaLayouts are the Activity Date layouts of activities.csv (after
// liftCleanTime): "Nov 4, 2023, 3:12:45 PM" and ISO.
var stravaLayouts = []string{
	"Jan 2, 2006, 3:04:05 PM",
	"Jan 2, 2006 3:04:05 PM",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05Z",
	"2 Jan 2006, 15:04:05",
	"Jan 2, 2006, 15:04:05",
}

// stravaHeaderCell normalises a header cell for matching: lower case,
// without a byte-order mark, and without the HTML tags some exports wrap
// names in ("<span class=\"translation_missing\" …>Type</span>").
func stravaHeaderCell(h string) string {
	h = strings.TrimPrefix(h, "\ufeff")
	if strings.Contains(h, "<") {
		var b strings.Builder
		in := false
		for _, r := range h {
			switch {
			case r == '<':
				in = true
			case r == '>':
				in = false
			case !in:
				b.WriteRune(r)
			}
		}
		h = b.String()
	}
	return strings.ToLower(strings.TrimSpace(h))
}

// IsStravaIndex reports whether a CSV header is Strava's activities.csv: it
// has "Activity ID" and "Filename" columns, whatever else (case and
// surrounding spaces ignored).
func IsStravaIndex(header []string) bool {
	id, file := false, false
	for _, h := range header {
		switch stravaHeaderCell(h) {
		case "activity id":
			id = true
		case "filename":
			file = true
		}
	}
	return id && file
}

// ParseStravaIndex reads a Strava bulk export's activities.csv, streaming.
//
// Some column names repeat: the first copy is in the user's display units,
// the last in SI units. ElapsedS and DistanceM come from the LAST "Elapsed
// Time" (seconds) and "Distance" (metres); when Distance appears only once
// (older exports) its unit is the display unit the file does not name, so
// DistanceM is Missing and one warning says why. Name, Type, Description,
// Activity Private Note (a column of newer exports only), Perceived
// Exertion, the ID and Filename come from the first copy of their columns,
// looked up by name (some old exports wrap names in HTML, which is
// ignored). "Activity
// Date" is UTC, as "Nov 4, 2023, 3:12:45 PM" (a narrow no-break space may
// stand before PM) or "2023-11-04 15:12:45".
//
// A row without an id or a readable date (1970–2199) is skipped with a warning; an
// unreadable elapsed time or distance is Missing with a warning. The error is
// for a file that is not an activities.csv, or that cannot be read.
func ParseStravaIndex(r io.Reader) ([]StravaActivity, []string, error) {
	br := bufio.NewReaderSize(&csvrows.LineLimit{R: r, Max: liftMaxLine, Err: errLineTooLong}, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil, errors.New("not a Strava activities.csv (empty file)")
		}
		return nil, nil, fmt.Errorf("not a Strava activities.csv: header: %w", err)
	}
	if !IsStravaIndex(header) {
		return nil, nil, fmt.Errorf("not a Strava activities.csv (header: %s)", liftShort(strings.Join(header, ","), 120))
	}
	first := map[string]int{}
	last := map[string]int{}
	count := map[string]int{}
	for i, h := range header {
		h = stravaHeaderCell(h)
		if _, ok := first[h]; !ok {
			first[h] = i
		}
		last[h] = i
		count[h]++
	}
	col := func(m map[string]int, name string) int {
		if i, ok := m[name]; ok {
			return i
		}
		return -1
	}
	var (
		cID, cDate, cName = col(first, "activity id"), col(first, "activity date"), col(first, "activity name")
		cType, cDesc      = col(first, "activity type"), col(first, "activity description")
		cFile, cElapsed   = col(first, "filename"), col(last, "elapsed time")
		cDist             = col(last, "distance")
		cNote, cExertion  = col(first, "activity private note"), col(first, "perceived exertion")
	)
	var warnings []string
	hidden := 0
	warn := func(line int, format string, args ...any) {
		if len(warnings) >= stravaMaxWarnings {
			hidden++
			return
		}
		warnings = append(warnings, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
	}
	if cDist >= 0 && count["distance"] == 1 {
		warnings = append(warnings, "activities.csv has one Distance column, in display units it does not name: distances left unknown")
		cDist = -1
	}
	layout := 0
	var out []StravaActivity
	err = csvrows.Each(cr, func(line int, rec []string) error {
		a := StravaActivity{ElapsedS: model.Missing, DistanceM: model.Missing, PerceivedExertion: model.Missing}
		a.ID = liftField(rec, cID)
		if a.ID == "" {
			warn(line, "no Activity ID")
			return nil
		}
		date := liftField(rec, cDate)
		s := liftCleanTime(date)
		ok := false
		for i := range stravaLayouts {
			j := (layout + i) % len(stravaLayouts)
			if t, err := time.Parse(stravaLayouts[j], s); err == nil {
				a.StartUTC, ok, layout = t.UTC(), true, j
				break
			}
		}
		if !ok {
			warn(line, "activity %s: Activity Date %q is not a date", a.ID, liftShort(date, 40))
			return nil
		}
		if y := a.StartUTC.Year(); y < 1970 || y >= 2200 {
			warn(line, "activity %s: Activity Date %q is out of range", a.ID, liftShort(date, 40))
			return nil
		}
		a.Name, a.Type = liftField(rec, cName), liftField(rec, cType)
		a.Description, a.Filename = liftField(rec, cDesc), liftField(rec, cFile)
		a.PrivateNote = liftField(rec, cNote)
		if v := liftField(rec, cExertion); v != "" {
			if x, ok := liftNumber(v); ok && x >= 0 && x <= 10 {
				a.PerceivedExertion = x
			}
		}
		if v := liftField(rec, cElapsed); v != "" {
			if x, ok := liftNumber(v); ok && x >= 0 {
				a.ElapsedS = x
			} else {
				warn(line, "activity %s: Elapsed Time %q is not a number of seconds", a.ID, liftShort(v, 40))
			}
		}
		if v := liftField(rec, cDist); v != "" {
			if x, ok := liftNumber(v); ok && x >= 0 {
				a.DistanceM = x
			} else {
				warn(line, "activity %s: Distance %q is not a number of metres", a.ID, liftShort(v, 40))
			}
		}
		out = append(out, a)
		return nil
	}, func(line int, pe *csv.ParseError) { warn(line, "unreadable CSV row: %v", pe.Err) })
	if err != nil {
		return nil, warnings, fmt.Errorf("read activities.csv: %w", err)
	}
	if hidden > 0 {
		warnings = append(warnings, fmt.Sprintf("%s not listed", plural(int64(hidden), "more warning")))
	}
	return out, warnings, nil
}

// stravaSports maps Strava activity types, as snake_case words, to sport
// families. The word itself becomes the sub-sport, except for the plain
// types ("run", "ride", …), whose sub-sport is "".
var stravaSports = sync.OnceValue(func() map[string]model.Sport {
	return map[string]model.Sport{
		"run": model.Running, "trail_run": model.Running, "virtual_run": model.Running,
		"ride": model.Cycling, "virtual_ride": model.Cycling, "mountain_bike_ride": model.Cycling,
		"gravel_ride": model.Cycling, "e_bike_ride": model.Cycling, "e_mountain_bike_ride": model.Cycling,
		"velomobile": model.Cycling, "handcycle": model.Cycling,
		"walk": model.Walking, "hike": model.Hiking, "swim": model.Swimming,
		"weight_training": model.Strength,
	}
})

// stravaPlain lists the types whose sub-sport is generic.
var stravaPlain = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"run": true, "ride": true, "walk": true, "hike": true, "swim": true}
})

// StravaSport maps a Strava activity type ("Run", "Trail Run", "Virtual
// Run", "Ride", "Mountain Bike Ride", "Walk", "Hike", "Swim", "Weight
// Training", "Workout", …, or the CamelCase sport_type spelling
// "TrailRun") to a sport family and a snake_case sub-sport ("trail_run";
// "" for the plain Run, Ride, Walk, Hike and Swim). Types of no family
// ("Workout", "Yoga", "Crossfit": a Crossfit session holds no set data to
// count) are [model.Other] with their own word; an empty type is Other "".
func StravaSport(activityType string) (model.Sport, string) {
	word := stravaSnake(activityType)
	sport, ok := stravaSports()[word]
	if !ok {
		sport = model.Other
	}
	if stravaPlain()[word] {
		word = ""
	}
	return sport, word
}

// stravaSnake turns "Trail Run", "E-Bike Ride" or "EBikeRide" into
// "trail_run", "e_bike_ride".
func stravaSnake(s string) string {
	rs := []rune(strings.TrimSpace(s))
	var b strings.Builder
	under := true // no underscore at the start
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if !under {
				b.WriteByte('_')
				under = true
			}
			continue
		}
		if unicode.IsUpper(r) && i > 0 && !under {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(r))
		under = false
	}
	return strings.TrimSuffix(b.String(), "_")
}

// GarminSummary is one activity of a Garmin Connect export's
// *_summarizedActivities.json.
type GarminSummary struct {
	// ActivityID is Garmin Connect's activity id (the number in the uploaded
	// FIT file's name).
	ActivityID int64
	// Name is the activity's title; Type its activity type key
	// ("running", "strength_training"); Description the user's
	// description, when the export has one.
	Name, Type, Description string
	// StartGMT is the start instant, in UTC. StartLocal is the local wall
	// clock at the start, read as if it were UTC (so StartLocal − StartGMT
	// is the offset); zero when the export has no startTimeLocal.
	StartGMT, StartLocal time.Time
	// OffsetS is the local offset in seconds east of UTC, rounded to 15
	// minutes; HasOffset says whether it is known and plausible
	// (|offset| < 26 h).
	OffsetS   int
	HasOffset bool
	// DurationS is the elapsed duration in seconds (elapsedDuration, else
	// duration), or Missing. DistanceM is the distance in metres, or
	// Missing.
	DurationS, DistanceM float64
}

// garminRaw is one activity as the JSON holds it. Every field is kept raw,
// so that a value of an unexpected type costs that field, not the activity.
type garminRaw struct {
	ActivityID      json.RawMessage `json:"activityId"`
	Name            json.RawMessage `json:"name"`
	ActivityName    json.RawMessage `json:"activityName"`
	Description     json.RawMessage `json:"description"`
	ActivityType    json.RawMessage `json:"activityType"`
	StartTimeGmt    json.RawMessage `json:"startTimeGmt"`
	StartTimeLocal  json.RawMessage `json:"startTimeLocal"`
	BeginTimestamp  json.RawMessage `json:"beginTimestamp"`
	Duration        json.RawMessage `json:"duration"`
	ElapsedDuration json.RawMessage `json:"elapsedDuration"`
	Distance        json.RawMessage `json:"distance"`
}

// garminParsed is an activity before the file-wide unit decision.
type garminParsed struct {
	GarminSummary
	duration, distance float64 // raw values, units not yet known
}

// garminMaxWarnings caps the per-activity warnings of one file.
const garminMaxWarnings = 50

// garminMsThreshold is the median raw duration above which a file's
// durations are milliseconds: 36,000 is 10 hours in seconds but 36 seconds
// in milliseconds, and a file's typical activity is neither.
const garminMsThreshold = 36000

// garminCmThreshold is the median raw distance per second above which a
// file's distances are centimetres: 30 m/s (108 km/h) is faster than the
// typical activity of any sport, 30 cm/s (1 km/h) slower.
const garminCmThreshold = 30

// ParseGarminSummaries reads a Garmin Connect export's
// *_summarizedActivities.json, streaming (files run to tens of megabytes).
//
// The real shape is `[{"summarizedActivitiesExport":[{…},…]}]`; a bare
// array of activities and an object with that key are read too. Unknown
// fields are ignored. startTimeGmt and startTimeLocal are epoch milliseconds
// (numbers; "2006-01-02 15:04:05" strings are accepted); beginTimestamp
// stands in for a missing startTimeGmt. The offset is local − GMT, kept when
// |offset| < 26 h and rounded to 15 minutes. activityType is a string or an
// object with a typeKey.
//
// Units are decided once per file, from magnitudes, because the exports
// differ: the GDPR export writes durations in milliseconds and distances in
// centimetres, older files and the Connect API seconds and metres.
// Durations are milliseconds when their median exceeds 36,000 (10 h in
// seconds, 36 s in milliseconds). Distances are centimetres when the median
// of distance per second over activities with both exceeds 30 (30 m/s is
// faster than any sport's typical activity, 30 cm/s slower); with no such
// activity, centimetres go with milliseconds. A per-activity rule would
// misread a slow hike in centimetres as metres.
//
// An activity without an id or a start is skipped with a warning. A JSON
// syntax error ends the stream: the activities before it are returned with a
// warning, or, when there are none, the error.
func ParseGarminSummaries(r io.Reader) ([]GarminSummary, []string, error) {
	g := garminReader{dec: json.NewDecoder(bufio.NewReaderSize(r, 64<<10))}
	err := g.value(0)
	if err == nil {
		if _, extra := g.dec.Token(); extra != io.EOF {
			err = errors.New("data after the top-level value")
		}
	}
	if err != nil {
		if errors.Is(err, io.EOF) && g.dec.InputOffset() == 0 {
			return nil, nil, errors.New("not a Garmin summarizedActivities file (empty)")
		}
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		if len(g.out) == 0 {
			return nil, g.warnings, fmt.Errorf("summarized activities: at byte %s: %w", commas(g.dec.InputOffset()), err)
		}
		g.warnings = append(g.warnings, fmt.Sprintf("JSON broken at byte %s (%v): kept the %s before it",
			commas(g.dec.InputOffset()), err, plural(int64(len(g.out)), "activity")))
	}
	if !g.found {
		return nil, g.warnings, errors.New("not a Garmin summarizedActivities file: no summarizedActivitiesExport and no activities")
	}
	if g.hidden > 0 {
		g.warnings = append(g.warnings, fmt.Sprintf("%s not listed", plural(int64(g.hidden), "more warning")))
	}
	return g.finish(), g.warnings, nil
}

// garminReader walks the JSON with a token decoder.
type garminReader struct {
	dec      *json.Decoder
	out      []garminParsed
	warnings []string
	hidden   int
	seen     int  // activity objects met, good or bad
	found    bool // a summarizedActivitiesExport key or an activity object was met
}

// garminMaxDepth bounds the nesting the walker follows before it skips.
const garminMaxDepth = 4

// warn adds a warning, within the cap.
func (g *garminReader) warn(format string, args ...any) {
	if len(g.warnings) >= garminMaxWarnings {
		g.hidden++
		return
	}
	g.warnings = append(g.warnings, fmt.Sprintf(format, args...))
}

// value reads one JSON value: arrays are walked element by element, objects
// member by member (an object with an activityId is an activity), so that
// only one activity is ever held whole.
func (g *garminReader) value(depth int) error {
	if depth >= garminMaxDepth { // deeper than any export: skip it whole
		var skip json.RawMessage
		return g.dec.Decode(&skip)
	}
	tok, err := g.dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		for g.dec.More() {
			if err := g.value(depth + 1); err != nil {
				return err
			}
		}
		_, err = g.dec.Token() // ]
		return err
	case json.Delim('{'):
		return g.object(depth)
	}
	return nil // a scalar: nothing of ours
}

// object reads the members of an object whose '{' was consumed.
func (g *garminReader) object(depth int) error {
	var raw garminRaw
	fields := map[string]*json.RawMessage{
		"activityid": &raw.ActivityID, "name": &raw.Name, "activityname": &raw.ActivityName,
		"description": &raw.Description, "activitytype": &raw.ActivityType,
		"starttimegmt": &raw.StartTimeGmt, "starttimelocal": &raw.StartTimeLocal,
		"begintimestamp": &raw.BeginTimestamp, "duration": &raw.Duration,
		"elapsedduration": &raw.ElapsedDuration, "distance": &raw.Distance,
	}
	for g.dec.More() {
		tok, err := g.dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		lk := strings.ToLower(key)
		switch {
		case lk == "summarizedactivitiesexport" && depth < garminMaxDepth:
			g.found = true
			if err := g.activities(); err != nil {
				return err
			}
		case fields[lk] != nil:
			if err := g.dec.Decode(fields[lk]); err != nil {
				return err
			}
		default:
			var skip json.RawMessage
			if err := g.dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	if _, err := g.dec.Token(); err != nil { // }
		return err
	}
	if raw.ActivityID != nil {
		g.add(&raw)
	}
	return nil
}

// activities streams the summarizedActivitiesExport array.
func (g *garminReader) activities() error {
	tok, err := g.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		if d, ok := tok.(json.Delim); ok && d == '{' {
			return g.object(garminMaxDepth)
		}
		return nil
	}
	for g.dec.More() {
		var raw garminRaw
		if err := g.dec.Decode(&raw); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) { // an element that is not an object
				g.seen++
				g.warn("activity %d: not an object", g.seen)
				continue
			}
			return err
		}
		g.add(&raw)
	}
	_, err = g.dec.Token() // ]
	return err
}

// add checks and keeps one activity.
func (g *garminReader) add(raw *garminRaw) {
	g.seen++
	g.found = true
	n := g.seen
	var a garminParsed
	a.DurationS, a.DistanceM = model.Missing, model.Missing
	if len(raw.ActivityID) == 0 || string(raw.ActivityID) == "null" {
		g.warn("activity %d: no activityId", n)
		return
	}
	id, ok := garminInt(raw.ActivityID)
	if !ok || id <= 0 {
		g.warn("activity %d: activityId %s is not an id", n, liftShort(string(raw.ActivityID), 30))
		return
	}
	a.ActivityID = id
	a.Name = garminString(raw.Name)
	if a.Name == "" {
		a.Name = garminString(raw.ActivityName)
	}
	a.Description = garminString(raw.Description)
	a.Type = garminString(raw.ActivityType)
	if a.Type == "" {
		var obj struct {
			TypeKey string `json:"typeKey"`
		}
		if json.Unmarshal(raw.ActivityType, &obj) == nil {
			a.Type = obj.TypeKey
		}
	}
	gmt, ok := garminTime(raw.StartTimeGmt)
	if !ok {
		gmt, ok = garminTime(raw.BeginTimestamp)
	}
	if !ok {
		g.warn("activity %d: no readable startTimeGmt", id)
		return
	}
	a.StartGMT = gmt
	if local, ok := garminTime(raw.StartTimeLocal); ok {
		a.StartLocal = local
		off := local.Sub(gmt).Seconds()
		if math.Abs(off) < 26*3600 {
			a.OffsetS, a.HasOffset = int(math.Round(off/900))*900, true
		} else {
			g.warn("activity %d: startTimeLocal is %.0f h from startTimeGmt: offset ignored", id, off/3600)
		}
	}
	a.duration, a.distance = model.Missing, model.Missing
	for _, m := range []json.RawMessage{raw.ElapsedDuration, raw.Duration} {
		if v, ok := garminFloat(m); ok && v >= 0 {
			a.duration = v
			break
		}
	}
	if v, ok := garminFloat(raw.Distance); ok && v >= 0 {
		a.distance = v
	}
	g.out = append(g.out, a)
}

// finish decides the file's units and converts.
func (g *garminReader) finish() []GarminSummary {
	var durs []float64
	for _, a := range g.out {
		if model.Known(a.duration) && a.duration > 0 {
			durs = append(durs, a.duration)
		}
	}
	durScale := 1.0
	if garminMedian(durs) > garminMsThreshold {
		durScale = 0.001
	}
	var speeds []float64
	for _, a := range g.out {
		if model.Known(a.duration) && a.duration > 0 && model.Known(a.distance) && a.distance > 0 {
			speeds = append(speeds, a.distance/(a.duration*durScale))
		}
	}
	distScale := 1.0
	switch {
	case len(speeds) > 0:
		if garminMedian(speeds) > garminCmThreshold {
			distScale = 0.01
		}
	case durScale != 1:
		distScale = 0.01
	}
	out := make([]GarminSummary, len(g.out))
	for i, a := range g.out {
		a.DurationS = a.duration * durScale
		a.DistanceM = a.distance * distScale
		out[i] = a.GarminSummary
	}
	return out
}

// garminMedian returns the median of xs (which it sorts), or NaN when empty.
func garminMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// garminString reads a JSON string, or "".
func garminString(m json.RawMessage) string {
	var s string
	if len(m) == 0 || json.Unmarshal(m, &s) != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

// garminFloat reads a JSON number (or a numeric string); false for null,
// absent, non-finite or anything else.
func garminFloat(m json.RawMessage) (float64, bool) {
	s := strings.TrimSpace(string(m))
	if s == "" || s == "null" {
		return 0, false
	}
	if strings.HasPrefix(s, `"`) {
		if json.Unmarshal(m, &s) != nil {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// garminInt reads an integer id, written as a number or a string. The
// exact digits are parsed first: a float would lose digits of a large id.
func garminInt(m json.RawMessage) (int64, bool) {
	s := strings.Trim(strings.TrimSpace(string(m)), `"`)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	v, ok := garminFloat(m) // "1.23e9"
	if !ok || v != math.Trunc(v) || math.Abs(v) >= 1<<53 {
		return 0, false
	}
	return int64(v), true
}

// garminTime reads an epoch-milliseconds number or a "2006-01-02 15:04:05"
// (optionally "T"-separated, fractional) string as a UTC-based instant.
// It rejects instants outside 1970–2199.
func garminTime(m json.RawMessage) (time.Time, bool) {
	var t time.Time
	if s := garminString(m); s != "" {
		ok := false
		for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04:05.0", "2006-01-02T15:04:05.0"} {
			if v, err := time.Parse(layout, s); err == nil {
				t, ok = v, true
				break
			}
		}
		if !ok {
			if v, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e16 {
				t, ok = time.UnixMilli(int64(v)).UTC(), true
			}
		}
		if !ok {
			return time.Time{}, false
		}
	} else {
		v, ok := garminFloat(m)
		if !ok || math.Abs(v) >= 1e16 {
			return time.Time{}, false
		}
		t = time.UnixMilli(int64(math.Round(v))).UTC()
	}
	if y := t.Year(); y < 1970 || y >= 2200 {
		return time.Time{}, false
	}
	return t, true
}

// GarminActivityIDFromName extracts the Garmin Connect activity id from the
// name of an uploaded activity file: "user@example.com_1234567890.fit" (the
// data export's UploadedFiles zips) or "1234567890_ACTIVITY.fit" (Connect's
// "export original"); .fit, .tcx and .gpx, optionally .gz, any directory
// part ignored. It returns false for any other name, a bare
// "1234567890.fit" included (that is how Strava names its files).
func GarminActivityIDFromName(name string) (int64, bool) {
	if i := strings.LastIndex(name, model.PathSep); i >= 0 {
		name = name[i+len(model.PathSep):]
	}
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	lower := strings.ToLower(name)
	lower = strings.TrimSuffix(lower, ".gz")
	ext := path.Ext(lower)
	switch ext {
	case ".fit", ".tcx", ".gpx":
	default:
		return 0, false
	}
	stem := lower[:len(lower)-len(ext)]
	var digits string
	if rest, ok := strings.CutSuffix(stem, "_activity"); ok {
		digits = rest
	} else if i := strings.LastIndexByte(stem, '_'); i > 0 {
		digits = stem[i+1:]
	} else {
		return 0, false
	}
	if digits == "" || len(digits) > 18 {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}
