package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backtrack/backtrack/internal/csvrows"
	"github.com/backtrack/backtrack/model"
)

// LiftDialect is the CSV layout of one lifting app's export.
type LiftDialect int

// The lifting-app exports DecodeLiftCSV reads.
const (
	// LiftStrong is Strong's comma-separated export of 2019–2025:
	// "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,…"
	// with 12, 11 (no Duration) or 10 (no Notes) columns. Its Weight and
	// Distance columns are in the account's units and say not which.
	LiftStrong LiftDialect = iota + 1
	// LiftStrongOld is Strong's other exports: ';'-separated with "Weight
	// Unit" and "Distance Unit" columns (2018–2022), the quoted
	// "Workout #" layout with "Weight (kg)" (2019 and 2025), and the 2016
	// and 2018 layouts whose columns are named by their unit ("kg", "lbs",
	// "km", "mi.").
	LiftStrongOld
	// LiftHevy is Hevy's export with weight_kg (distance_km or
	// distance_miles).
	LiftHevy
	// LiftHevyImperial is Hevy's export with weight_lbs (distance_miles or
	// distance_km).
	LiftHevyImperial
	// LiftFitNotes is FitNotes' export: a date without a time of day, and
	// "Weight (kgs)", "Weight (lbs)", or "Weight" with "Weight Unit" (and
	// FitNotes 2's "Weight (kg)" beside "Weight (lbs)"), with or without
	// "Comment".
	LiftFitNotes
)

// String returns the dialect's lower-case name ("strong", "strong_old",
// "hevy", "hevy_imperial", "fitnotes").
func (d LiftDialect) String() string {
	switch d {
	case LiftStrong:
		return "strong"
	case LiftStrongOld:
		return "strong_old"
	case LiftHevy:
		return "hevy"
	case LiftHevyImperial:
		return "hevy_imperial"
	case LiftFitNotes:
		return "fitnotes"
	}
	return "LiftDialect(" + strconv.Itoa(int(d)) + ")"
}

// device returns the app's name as Session.Device.
func (d LiftDialect) device() string {
	switch d {
	case LiftStrong, LiftStrongOld:
		return "Strong"
	case LiftHevy, LiftHevyImperial:
		return "Hevy"
	case LiftFitNotes:
		return "FitNotes"
	}
	return ""
}

// kgPerLb converts pounds to kilograms (exact, by definition).
const kgPerLb = 0.45359237

// Metres per mile and per yard (exact, by definition).
const (
	mPerMile = 1609.344
	mPerYard = 0.9144
)

// liftMaxElapsedS is the longest plausible workout, in seconds. Strong
// exports a workout left running for days ("145h 27m"); such a duration is
// dropped with a warning rather than stretching the session over a week.
const liftMaxElapsedS = 24 * 3600

// liftMaxWarnings caps the per-line warnings one file can produce; the rest
// are counted in a final warning, so that a large broken file cannot fill
// memory with messages.
const liftMaxWarnings = 50

// liftMinCardioS is the shortest cardio entry without a distance that
// becomes a session: Strong exports treadmill entries of "5" seconds that
// are no activity at all.
const liftMinCardioS = 60

// liftAccepted names the exports DecodeLiftCSV reads, for the messages that
// refuse a CSV file.
const liftAccepted = "backtrack reads the CSV exports of Strong, Hevy and FitNotes (see 'backtrack import --help')"

// liftCols holds the column indexes of one export's header (-1: absent)
// and what the header says about units.
type liftCols struct {
	dialect   LiftDialect
	width     int // columns in the header
	workoutNo int // Strong "Workout #"
	date      int // Strong Date, Hevy start_time, FitNotes Date
	end       int // Hevy end_time
	name      int // Strong Workout Name, Hevy title
	duration  int // Strong Duration ("1h 5m"), Workout Duration, Duration (sec)
	durSec    bool
	exercise  int
	setType   int // Strong Set Order, Hevy set_type
	category  int // FitNotes Category
	weight    int
	weightLbs int // FitNotes 2's "Weight (lbs)" beside "Weight (kg)"
	// weightPer is the kilograms per unit of the weight column when the
	// header names its unit, else 0; weightCol is the column's name.
	weightPer  float64
	weightCol  string
	weightUnit int // a per-row unit column (Strong, FitNotes "Weight Unit")
	reps       int
	distance   int
	// distPer is the metres per unit of the distance column when the
	// header names it, else 0; distMetres says the header claims metres.
	distPer      float64
	distMetres   bool
	distUnit     int // a per-row unit column ("Distance Unit")
	seconds      int // Strong Seconds, Hevy duration_seconds, FitNotes Time
	notes        int // Strong Notes, Hevy exercise_notes, FitNotes Comment
	workoutNotes int // Strong Workout Notes, Hevy description
}

// liftWeightNames are the weight columns the exports write, with the
// kilograms per unit their names say (0: the name does not say).
var liftWeightNames = []struct {
	name string
	per  float64
}{
	{"weight", 0}, {"weight (kg)", 1}, {"weight (kgs)", 1}, {"weight_kg", 1}, {"kg", 1}, {"kgs", 1},
	{"weight (lbs)", kgPerLb}, {"weight (lb)", kgPerLb}, {"weight_lbs", kgPerLb}, {"weight_lb", kgPerLb},
	{"lbs", kgPerLb}, {"lb", kgPerLb},
}

// liftDistanceNames are the distance columns, with the metres per unit
// their names say (0: the name does not say).
var liftDistanceNames = []struct {
	name string
	per  float64
}{
	{"distance", 0}, {"distance (meters)", 1}, {"distance (metres)", 1}, {"distance (m)", 1}, {"distance_m", 1},
	{"distance_meters", 1}, {"meters", 1}, {"distance (km)", 1000}, {"distance_km", 1000}, {"km", 1000},
	{"distance (mi)", mPerMile}, {"distance (miles)", mPerMile}, {"distance_miles", mPerMile},
	{"distance_mi", mPerMile}, {"mi.", mPerMile}, {"mi", mPerMile}, {"miles", mPerMile},
}

// liftHeaderName normalises a header cell: lower case, without a
// byte-order mark, quotes or surrounding spaces.
func liftHeaderName(h string) string {
	return strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), `"`)))
}

// LiftDialectOf recognises a lifting-app CSV by its header record (as parsed
// by encoding/csv, byte-order mark removed): it returns the dialect and true,
// or false when the header is none of Strong's, Hevy's or FitNotes'. Column
// names match without regard to case, quotes or surrounding spaces; a header
// that arrives as one ';'-separated field (the older Strong export read with
// a comma) is split first.
func LiftDialectOf(header []string) (LiftDialect, bool) {
	c, ok := liftColumns(header)
	return c.dialect, ok
}

// liftColumns resolves a header to a dialect and its column indexes.
//
// Strong: any header with "Exercise Name", "Date" and "Reps": the comma
// layouts of 2019–2025 (12, 11 or 10 columns, a plain Weight column in the
// account's unit), the 2016 and 2018 layouts whose weight and distance
// columns are named by their unit ("kg", "lbs", "km", "mi."), the
// ';'-separated layouts with "Weight Unit" and "Distance Unit" columns (with
// or without RPE and Workout Duration), and the quoted "Workout #" layout
// with "Duration (sec)", "Weight (kg)" and "Distance (meters)". Hevy:
// "exercise_title" and "start_time", weight_kg or weight_lbs and,
// independently, distance_km or distance_miles. FitNotes: "Exercise",
// "Date" and a weight column ("Weight (kgs)", "Weight (lbs)", or "Weight"
// with "Weight Unit"; FitNotes 2's "Weight (kg)" and "Weight (lbs)"), with
// or without "Comment".
func liftColumns(header []string) (liftCols, bool) {
	if len(header) == 1 && strings.Contains(header[0], ";") {
		header = strings.Split(header[0], ";")
	}
	idx := make(map[string]int, len(header))
	for i, h := range header {
		h = liftHeaderName(h)
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	col := func(names ...string) int {
		for _, n := range names {
			if i, ok := idx[n]; ok {
				return i
			}
		}
		return -1
	}
	c := liftCols{width: len(header), workoutNo: -1, date: -1, end: -1, name: -1, duration: -1, exercise: -1,
		setType: -1, category: -1, weight: -1, weightLbs: -1, weightUnit: -1, reps: -1, distance: -1,
		distUnit: -1, seconds: -1, notes: -1, workoutNotes: -1}
	weight := func(allowed func(string) bool) {
		for _, w := range liftWeightNames {
			if i, ok := idx[w.name]; ok && allowed(w.name) {
				c.weight, c.weightPer, c.weightCol = i, w.per, strings.TrimSpace(strings.Trim(strings.TrimSpace(header[i]), `"`))
				return
			}
		}
	}
	distance := func(allowed func(string) bool) {
		for _, d := range liftDistanceNames {
			if i, ok := idx[d.name]; ok && allowed(d.name) {
				c.distance, c.distPer, c.distMetres = i, d.per, d.per == 1
				return
			}
		}
	}
	anyName := func(string) bool { return true }
	switch {
	case col("exercise_title") >= 0 && col("start_time") >= 0:
		c.dialect = LiftHevy
		weight(func(n string) bool { return strings.HasPrefix(n, "weight_") })
		if c.weightPer == kgPerLb {
			c.dialect = LiftHevyImperial
		}
		distance(func(n string) bool { return strings.HasPrefix(n, "distance_") })
		c.date, c.end, c.name = col("start_time"), col("end_time"), col("title")
		c.exercise, c.setType, c.reps, c.seconds = col("exercise_title"), col("set_type"), col("reps"), col("duration_seconds")
		c.notes, c.workoutNotes = col("exercise_notes"), col("description")
	case col("exercise name") >= 0 && col("date") >= 0 && col("reps") >= 0:
		c.dialect = LiftStrong
		weight(anyName)
		distance(anyName)
		c.weightUnit, c.distUnit = col("weight unit"), col("distance unit")
		c.workoutNo = col("workout #")
		if c.weightUnit >= 0 || c.workoutNo >= 0 || c.weightPer != 0 {
			c.dialect = LiftStrongOld
		}
		if c.duration = col("duration (sec)", "duration (s)"); c.duration >= 0 {
			c.durSec = true
		} else {
			c.duration = col("duration", "workout duration")
		}
		c.date, c.name, c.exercise, c.setType = col("date"), col("workout name"), col("exercise name"), col("set order")
		c.reps, c.seconds, c.notes, c.workoutNotes = col("reps"), col("seconds"), col("notes"), col("workout notes")
	case col("exercise") >= 0 && col("date") >= 0 && col("reps") >= 0:
		c.dialect = LiftFitNotes
		kg, lbs := col("weight (kgs)", "weight (kg)"), col("weight (lbs)", "weight (lb)")
		switch {
		case kg >= 0 && lbs >= 0: // FitNotes 2: both, one of them filled per row
			c.weight, c.weightPer, c.weightCol, c.weightLbs = kg, 1, strings.TrimSpace(header[kg]), lbs
		case col("weight") >= 0 && col("weight unit") >= 0:
			c.weight, c.weightUnit, c.weightCol = col("weight"), col("weight unit"), "Weight"
		default:
			weight(func(n string) bool { return strings.HasPrefix(n, "weight (") })
		}
		if c.weight < 0 {
			return liftCols{}, false
		}
		distance(func(n string) bool { return n == "distance" })
		c.distUnit = col("distance unit")
		c.date, c.exercise, c.category, c.reps = col("date"), col("exercise"), col("category"), col("reps")
		c.seconds, c.notes = col("time"), col("comment", "notes")
	default:
		return liftCols{}, false
	}
	return c, true
}

// DecodeLiftCSV reads a lifting app's CSV export (every layout of Strong,
// Hevy and FitNotes known: see [LiftDialect] and docs/definitions.md,
// "Lifting apps") and returns one strength session per workout with lifts,
// plus a session of its own sport for each run, ride, row, walk, hike, swim
// or cardio-machine entry, in the order they first appear.
//
// A workout is the rows sharing Strong's "Workout #" (or else its Date and
// Workout Name), Hevy's start_time and title, or FitNotes' Date. Its strength
// session has sport [model.Strength], sub-sport "strength_training", Device
// the app's name ("Strong", "Hevy", "FitNotes"), Name the workout's title
// and Notes what the user wrote (workout notes, then each exercise's notes
// as "Exercise: note"). The apps write local wall-clock times without a
// zone: Start is that time in Options.Location (daylight saving included),
// OffsetOrigin [model.OffsetZone] (or [model.OffsetMachine] for a guessed
// zone), WallClock and Logged set. FitNotes has dates only: the session
// starts at Options.DefaultTimeOfDay and TimeAssumed is set. ElapsedS comes
// from Strong's Duration, Workout Duration or Duration (sec), or Hevy's
// end_time (Missing otherwise, and when over 24 h).
//
// Each lift row becomes a [model.StrengthSet], in file order, warm-up, drop
// and failure sets included (they are active lifts). Not sets: Strong's
// "Rest Timer" rows, its "Note" rows (their text joins the notes), rows
// without an exercise name, and rows that record nothing (no load, reps,
// distance or time). Cardio (a run, ride, row, walk, hike, swim or cardio
// machine; docs/definitions.md, "Lifting apps: cardio rows and holds") is
// never a set: contiguous rows of one cardio exercise in a workout become
// one session of its sport (distance and time added up, Name the exercise,
// Logged set, starting with the workout), or are skipped when they hold
// neither a distance nor a time; timed holds stay strength sets; yoga,
// stretching and warm-ups without load or reps are skipped with a reason.
// Category comes from [ClassifyExercise]; Exercise keeps the app's name
// exactly as typed. Every set's Start is the session's start. DurationS is
// the row's seconds (Missing when empty or 0). Reps is [model.NoReps] when
// empty. WeightKg is Missing for an empty, zero or negative weight (body
// weight, or an assisted exercise whose assistance is not a load).
//
// Units: a per-row unit column ("Weight Unit": kg, kgs, lb, lbs) decides
// first, then the unit the header names ("Weight (kg)", "weight_lbs", "kg",
// "lbs"), then Options.WeightUnit (the lift_weight_unit setting or
// --weight-unit), then kg. Result.WeightUnit and WeightUnitFrom say which was
// used, and Result.WeightUnitOrigin and AssumedWeightUnit whether (and in
// which unit) any weight's unit was assumed, for the store; weights read in an assumed unit that carry the float tails of the
// other unit (149.99999999999997 in a pounds account, 6.80388555 kg = 15 lb
// in a kilograms one) draw a warning. Distances follow "Distance Unit" (km,
// mi, m, yd), the header (distance_km, distance_miles, "Distance (meters)",
// "km", "mi.") or the weight unit's system (miles with pounds); a distance
// "in metres" too short for its time (FitNotes' "m", 3.37 m in 32 minutes)
// is read in the system's long unit with a warning.
//
// Quoted fields may hold commas, quotes and newlines; FitNotes' unquoted
// commas in exercise names are rejoined; a Strong line wrapped whole in
// quotes is unwrapped. A row that cannot be read (bad date, non-numeric
// weight or reps, unknown weight unit) is skipped with a warning "line N:
// why"; the result is then [model.StatusPartial]. When no row can be read
// the error names the first bad lines; a file with no lift or cardio rows
// is a [SkipError]. A file that is none of the exports is an error "not a
// lifting-app CSV (header: …)" that names the exports accepted and wraps
// [ErrUnknownFormat].
//
// Rows are streamed: memory grows with the sessions and sets returned, not
// with the file.
func DecodeLiftCSV(r io.Reader, opts ...Option) (*Result, error) {
	o := NewOptions(opts...)
	br := bufio.NewReaderSize(&csvrows.LineLimit{R: r, Max: liftMaxLine, Err: errLineTooLong}, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = liftSniffComma(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, unknownFormatf("not a lifting-app CSV (empty file)")
		}
		return nil, unknownFormatf("not a lifting-app CSV: header: %w", err)
	}
	cols, ok := liftColumns(header)
	if !ok {
		return nil, unknownFormatf("not a lifting-app CSV (header: %s); %s", liftShort(strings.Join(header, string(cr.Comma)), 120), liftAccepted)
	}
	d := newLiftDecoder(o, cols, cr.Comma)
	err = csvrows.Each(cr, func(line int, rec []string) error {
		d.row(line, rec)
		return nil
	}, func(line int, pe *csv.ParseError) { d.bad(line, liftParseErrWhy(pe)) })
	if err != nil {
		return nil, fmt.Errorf("read lifting csv: %w", err)
	}
	return d.finish()
}

// liftDecoder accumulates one file's sessions.
type liftDecoder struct {
	opts     Options
	cols     liftCols
	comma    rune
	res      *Result
	workouts map[string]*liftWorkout // workout key → workout
	list     []*liftWorkout          // the workouts in file order
	notes    [][]string              // per session: its notes, in order
	names    map[string]liftName     // interned names with their category
	last     string                  // the previous row's date text …
	lastAt   liftWhen                // … and its parse
	rows     int                     // data rows seen
	lifts    int                     // sets kept
	nBad     int                     // rows skipped as unreadable
	badMsg   []string                // the first few reasons, for the all-bad error
	hidden   int                     // warnings beyond liftMaxWarnings
	layout   int                     // index of the last date layout that worked

	// The unit of weights where the export does not say.
	defPer      float64
	defUnit     string
	defFrom     string
	defOrigin   model.UnitOrigin
	units       map[string]int  // weights read per unit ("kg", "lb")
	unitFrom    map[string]bool // where the units came from, in words
	unitOrigins map[model.UnitOrigin]bool
	distAssumed bool // a distance's unit followed the assumed unit's system
	lbTails     int  // weights read as kg with a pounds-conversion tail
	kgTails     int  // weights read as lb that are kilograms of round pounds
	tailSample  string

	// Rows that are not sets.
	cardioRows  int
	cardioNames []string
	skipped     map[string]int
	skipOrder   []string
	distFixed   int
	distSample  string
	lastDistPer float64 // metres per unit of the last distance read (1: the export said metres)
}

// liftWorkout is one workout of the file.
type liftWorkout struct {
	at       liftWhen
	name     string
	elapsed  float64
	strength int   // index of its strength session in res.Sessions, or -1
	cardio   []int // indexes of its cardio sessions
	notes    []string
	lastEx   string // the exercise of the workout's previous row …
	lastCard int    // … and the cardio session it went to, or -1
}

func newLiftDecoder(o Options, cols liftCols, comma rune) *liftDecoder {
	d := &liftDecoder{opts: o, cols: cols, comma: comma, res: &Result{Format: model.FormatCSV, Status: model.StatusOK},
		workouts: map[string]*liftWorkout{}, names: map[string]liftName{}, units: map[string]int{},
		unitFrom: map[string]bool{}, unitOrigins: map[model.UnitOrigin]bool{}, skipped: map[string]int{}}
	d.defPer, d.defFrom = 1, "the default, as the export does not say (change it with --weight-unit or 'backtrack config set lift_weight_unit lb')"
	d.defUnit, d.defOrigin = o.AssumedWeightUnit()
	if d.defUnit == "lb" {
		d.defPer = kgPerLb
	}
	if o.WeightUnit != "" && o.WeightUnitFrom != "" {
		d.defFrom = o.WeightUnitFrom
	}
	return d
}

// warn adds a warning, within the cap.
func (d *liftDecoder) warn(line int, why string) {
	if len(d.res.Warnings) >= liftMaxWarnings {
		d.hidden++
		return
	}
	if line > 0 {
		why = fmt.Sprintf("line %d: %s", line, why)
	}
	d.res.Warnings = append(d.res.Warnings, why)
}

// bad records an unreadable row.
func (d *liftDecoder) bad(line int, why string) {
	d.rows++
	d.nBad++
	if len(d.badMsg) < 3 {
		d.badMsg = append(d.badMsg, fmt.Sprintf("line %d: %s", line, why))
	}
	d.warn(line, why)
}

// field returns column i of rec, trimmed, or "" when absent.
func liftField(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// repair undoes two damages real exports carry: a Strong line wrapped whole
// in one pair of quotes (read as one field holding the separators), and
// FitNotes' unquoted commas in an exercise name (more fields than the
// header: the surplus belongs to the name, since Date comes first and the
// columns after the name are fixed).
func (d *liftDecoder) repair(rec []string) []string {
	c := &d.cols
	if len(rec) == 1 && c.width > 1 && strings.ContainsRune(rec[0], d.comma) {
		r := csv.NewReader(strings.NewReader(rec[0]))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = d.comma, -1, true
		if inner, err := r.Read(); err == nil && len(inner) > 1 {
			return inner
		}
	}
	if extra := len(rec) - c.width; extra > 0 && c.dialect == LiftFitNotes && c.exercise >= 0 && c.exercise+extra < len(rec) {
		joined := strings.Join(rec[c.exercise:c.exercise+extra+1], ",")
		out := make([]string, 0, c.width)
		out = append(out, rec[:c.exercise]...)
		out = append(out, joined)
		return append(out, rec[c.exercise+extra+1:]...)
	}
	return rec
}

// row turns one data record into a set, a cardio session's part, a note, or
// nothing.
func (d *liftDecoder) row(line int, rec []string) {
	c := &d.cols
	rec = d.repair(rec)
	exercise := liftField(rec, c.exercise)
	setType := strings.ToLower(liftField(rec, c.setType))
	if exercise == "" || setType == "rest timer" || setType == "rest" {
		d.rows++
		return // not a lift
	}
	dateText := liftField(rec, c.date)
	at := d.lastAt
	if dateText != d.last || dateText == "" {
		var err error
		if at, err = d.when(dateText); err != nil {
			d.bad(line, err.Error())
			return
		}
		d.last, d.lastAt = dateText, at
	}
	w := d.workout(line, rec, dateText, at)
	if setType == "note" { // Strong: an exercise's note, not a set
		d.rows++
		if n := liftField(rec, c.notes); n != "" {
			w.note(exercise + ": " + n)
		}
		return
	}
	weight, err := d.weightKg(rec)
	if err != nil {
		d.bad(line, err.Error())
		return
	}
	reps := model.NoReps
	if s := liftField(rec, c.reps); s != "" {
		v, ok := liftNumber(s)
		if !ok || v < 0 || v > 1e6 {
			d.bad(line, fmt.Sprintf("reps %q is not a count", s))
			return
		}
		reps = int(math.Round(v))
	}
	dur := model.Missing
	if s := liftField(rec, c.seconds); s != "" {
		switch v, ok := liftSeconds(s); {
		case !ok:
			d.warn(line, fmt.Sprintf("set time %q is not a duration: left unknown", s))
		case v > liftMaxElapsedS:
			d.warn(line, fmt.Sprintf("set time %q is longer than a day: left unknown", s))
		case v > 0:
			dur = v
		}
	}
	dist, err := d.distanceM(rec)
	if err != nil {
		d.bad(line, err.Error())
		return
	}
	d.rows++
	if n := liftField(rec, c.workoutNotes); n != "" {
		w.note(n)
	}
	ex := d.intern(exercise, true)
	load := model.Known(weight)
	if reps == 0 && !load {
		reps = model.NoReps // Strong writes 0 reps for holds and cardio: none recorded
	}
	assisted := false
	if s := liftField(rec, c.weight); s != "" {
		if v, ok := liftNumber(s); ok && v < 0 {
			assisted = true
		}
	}
	something := load || reps > 0 || assisted || model.Known(dist) || model.Known(dur)
	if ex.act.kind == liftLift && !load && reps <= 0 && !assisted {
		// Neither load nor reps: FitNotes' Cardio category makes an
		// exercise whose name we do not know as cardio a cardio entry
		// (burpees, in the same category, have reps and stay sets).
		if act := liftActivityOf(exercise, liftField(rec, c.category)); act.kind == liftCardio {
			ex.act = act
		}
	}
	switch {
	case ex.act.kind == liftCardio:
		if !model.Known(dist) && !(dur >= liftMinCardioS) {
			d.skip(exercise)
			w.lastEx, w.lastCard = exercise, -1
			return
		}
		d.cardio(line, w, ex, dist, dur, liftField(rec, c.notes))
		return
	case ex.act.kind == liftSkip && !load && reps <= 0:
		d.skip(exercise)
		w.lastEx, w.lastCard = exercise, -1
		return
	case !something:
		return // a set the user left blank
	case !load && reps <= 0 && !assisted && model.Known(dist) && ex.act.kind == liftLift && ex.category == model.CategoryUnknown:
		// Only a distance, under a name no strength exercise has: a
		// cardio entry of no sport backtrack knows.
		d.cardio(line, w, liftName{name: ex.name, category: ex.category, act: liftActivity{kind: liftCardio, sport: model.Other}}, dist, dur, liftField(rec, c.notes))
		return
	}
	i := d.strengthSession(w)
	s := &d.res.Sessions[i]
	s.Sets = append(s.Sets, model.StrengthSet{
		Start: s.Start, DurationS: dur, Category: ex.category, Exercise: ex.name,
		Reps: reps, WeightKg: weight,
	})
	if n := liftField(rec, c.notes); n != "" {
		d.addNote(i, exercise+": "+n)
	}
	w.lastEx, w.lastCard = exercise, -1
	d.lifts++
}

// workout returns the workout a row belongs to, creating it from its first
// row.
func (d *liftDecoder) workout(line int, rec []string, dateText string, at liftWhen) *liftWorkout {
	c := &d.cols
	name := liftField(rec, c.name)
	key := dateText + "\x1f" + name
	if c.workoutNo >= 0 {
		if no := liftField(rec, c.workoutNo); no != "" {
			key = "#" + no
		}
	}
	if w, ok := d.workouts[key]; ok {
		return w
	}
	w := &liftWorkout{at: at, name: d.intern(name, false).name, strength: -1, lastCard: -1, elapsed: d.elapsed(line, rec, at)}
	d.workouts[key] = w
	d.list = append(d.list, w)
	return w
}

// note adds a note of the workout, once.
func (w *liftWorkout) note(n string) {
	if !slices.Contains(w.notes, n) {
		w.notes = append(w.notes, n)
	}
}

// addNote adds a note to session i, once.
func (d *liftDecoder) addNote(i int, n string) {
	for len(d.notes) <= i {
		d.notes = append(d.notes, nil)
	}
	if !slices.Contains(d.notes[i], n) {
		d.notes[i] = append(d.notes[i], n)
	}
}

// elapsed reads a workout's duration from its first row: Strong's
// Duration ("1h 5m"), Workout Duration or Duration (sec), Hevy's end_time.
func (d *liftDecoder) elapsed(line int, rec []string, at liftWhen) float64 {
	c := &d.cols
	elapsed := model.Missing
	if txt := liftField(rec, c.duration); txt != "" {
		v, ok := liftSeconds(txt)
		if !ok || (c.durSec && strings.ContainsAny(txt, "hms:")) {
			d.warn(line, fmt.Sprintf("workout duration %q is not a duration: left unknown", txt))
		} else {
			elapsed = v
		}
	}
	if txt := liftField(rec, c.end); txt != "" {
		end, err := d.when(txt)
		if err != nil {
			d.warn(line, "end_time: "+err.Error()+": duration left unknown")
		} else if end.utc.Before(at.utc) {
			d.warn(line, fmt.Sprintf("end_time %q is before start_time: duration left unknown", txt))
		} else {
			elapsed = end.utc.Sub(at.utc).Seconds()
		}
	}
	if model.Known(elapsed) && elapsed > liftMaxElapsedS {
		d.warn(line, fmt.Sprintf("workout lasting %.1f h (a timer left running?): duration left unknown", elapsed/3600))
		elapsed = model.Missing
	}
	if elapsed == 0 {
		elapsed = model.Missing
	}
	return elapsed
}

// newSession starts a session of the workout w.
func (d *liftDecoder) newSession(w *liftWorkout, sport model.Sport) int {
	s := model.NewSession(sport, w.at.utc)
	s.OffsetS, s.OffsetOrigin = w.at.offset, w.at.origin
	s.TimeAssumed, s.WallClock, s.Logged = w.at.assumed, w.at.origin != model.OffsetDevice, true
	s.Device = d.cols.dialect.device()
	d.res.Sessions = append(d.res.Sessions, s)
	return len(d.res.Sessions) - 1
}

// strengthSession returns the index of w's strength session, started on
// its first lift.
func (d *liftDecoder) strengthSession(w *liftWorkout) int {
	if w.strength < 0 {
		w.strength = d.newSession(w, model.Strength)
		s := &d.res.Sessions[w.strength]
		s.SubSport, s.Name, s.ElapsedS = "strength_training", w.name, w.elapsed
	}
	return w.strength
}

// cardio adds a cardio row to w: to the session of the row before when it
// was the same exercise (intervals, laps), else to a new session of the
// exercise's sport.
func (d *liftDecoder) cardio(line int, w *liftWorkout, ex liftName, dist, dur float64, note string) {
	d.cardioRows++
	if len(d.cardioNames) < 4 && !slices.Contains(d.cardioNames, ex.name) {
		d.cardioNames = append(d.cardioNames, ex.name)
	}
	dist = d.checkDistance(line, ex, dist, dur)
	i := w.lastCard
	if w.lastEx != ex.name || i < 0 {
		i = d.newSession(w, ex.act.sport)
		s := &d.res.Sessions[i]
		s.SubSport, s.Name = ex.act.subSport, ex.name
		w.cardio = append(w.cardio, i)
	}
	s := &d.res.Sessions[i]
	s.DistanceM = liftAdd(s.DistanceM, dist)
	if s.ElapsedS = liftAdd(s.ElapsedS, dur); s.ElapsedS > liftMaxElapsedS {
		s.ElapsedS = model.Missing // intervals adding up to more than a day: not one session's time
	}
	s.TimerS = s.ElapsedS
	if note != "" {
		d.addNote(i, note)
	}
	w.lastEx, w.lastCard = ex.name, i
}

// liftAdd adds two values of which either may be Missing.
func liftAdd(a, b float64) float64 {
	switch {
	case !model.Known(a):
		return b
	case !model.Known(b):
		return a
	}
	return a + b
}

// skip counts a row that is neither strength nor a sport backtrack counts.
func (d *liftDecoder) skip(exercise string) {
	if _, ok := d.skipped[exercise]; !ok {
		d.skipOrder = append(d.skipOrder, exercise)
	}
	d.skipped[exercise]++
}

// liftSpeedRange is the plausible speed range, in m/s, of a cardio entry of
// each sport: a distance whose speed falls below it in the unit the export
// names is read in the long unit of the export's system.
func liftSpeedRange(sp model.Sport) (lo, hi float64) {
	switch sp {
	case model.Running:
		return 1, 8
	case model.Cycling:
		return 1.5, 25
	case model.Walking, model.Hiking:
		return 0.3, 3
	case model.Swimming:
		return 0.2, 3
	}
	return 0.3, 12
}

// checkDistance reads a distance the export says is in metres in its
// system's long unit (km, or miles with pounds) when, over its duration,
// metres would be far too slow (under a fifth of the sport's slowest
// plausible speed) and the long unit not too fast: FitNotes' "m" on an
// elliptical entry of 3.37 in 32 minutes.
func (d *liftDecoder) checkDistance(line int, ex liftName, dist, dur float64) float64 {
	if !model.Known(dist) || !model.Known(dur) || dur <= 0 || d.lastDistPer != 1 {
		return dist
	}
	lo, hi := liftSpeedRange(ex.act.sport)
	if dist/dur >= lo/5 {
		return dist
	}
	long := 1000.0
	if d.imperial() {
		long = mPerMile
	}
	if dist*long/dur > hi {
		return dist
	}
	d.distFixed++
	if d.distSample == "" {
		unit := "km"
		if long == mPerMile {
			unit = "mi"
		}
		d.distSample = fmt.Sprintf("line %d: %s of %s in %s read as %s %s", line, strconv.FormatFloat(dist, 'f', -1, 64)+" m",
			ex.name, liftClock(dur), strconv.FormatFloat(dist, 'f', -1, 64), unit)
	}
	return dist * long
}

// imperial reports whether the export's weights are in pounds (as its
// header, its unit column so far or the assumed unit says), so that its
// distances without a unit are in miles.
func (d *liftDecoder) imperial() bool {
	imperial, _ := d.system()
	return imperial
}

// system is imperial, and whether it was the assumed unit that decided
// (nothing in the file did).
func (d *liftDecoder) system() (imperial, assumed bool) {
	if d.cols.weightPer != 0 {
		return d.cols.weightPer == kgPerLb, false
	}
	if d.units["lb"] != d.units["kg"] {
		return d.units["lb"] > d.units["kg"], false
	}
	return d.defUnit == "lb", true
}

// liftClock formats seconds as H:MM:SS.
func liftClock(s float64) string {
	t := int(math.Round(s))
	return fmt.Sprintf("%d:%02d:%02d", t/3600, t/60%60, t%60)
}

// liftName is an interned name and, for an exercise, its category and
// kind.
type liftName struct {
	name, category string
	act            liftActivity
}

// intern returns a shared copy of s, so that a long history of the same
// names holds each once, and classifies each exercise name once.
func (d *liftDecoder) intern(s string, exercise bool) liftName {
	if v, ok := d.names[s]; ok && (v.category != "" || !exercise) {
		return v
	}
	v := liftName{name: s}
	if exercise {
		v.category, _ = ClassifyExercise(s)
		v.act = liftActivityOf(s, "")
	}
	if len(d.names) < 10000 {
		d.names[s] = v
	}
	return v
}

// liftUnitPer maps a unit word of a "Weight Unit" column to kilograms per
// unit, with the unit's short name; ok is false for a word that is no
// weight unit. An empty word is no unit (per 0).
func liftUnitPer(u string) (per float64, name string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(u)) {
	case "":
		return 0, "", true
	case "kg", "kgs", "kilogram", "kilograms":
		return 1, "kg", true
	case "lb", "lbs", "pound", "pounds", "lb.", "lbs.":
		return kgPerLb, "lb", true
	}
	return 0, "", false
}

// weightKg reads a row's load in kilograms: Missing for empty, zero or
// negative.
func (d *liftDecoder) weightKg(rec []string) (float64, error) {
	c := &d.cols
	s := liftField(rec, c.weight)
	per, unit, from, origin := c.weightPer, "", "", model.UnitHeader
	switch {
	case s == "" && c.weightLbs >= 0:
		s, per, unit, from = liftField(rec, c.weightLbs), kgPerLb, "lb", "the export's Weight (lbs) column"
	case per == 1:
		unit, from = "kg", fmt.Sprintf("the export's %s column", c.weightCol)
	case per == kgPerLb:
		unit, from = "lb", fmt.Sprintf("the export's %s column", c.weightCol)
	}
	if s == "" {
		return model.Missing, nil
	}
	v, ok := liftNumber(s)
	if !ok {
		return 0, fmt.Errorf("weight %q is not a number", s)
	}
	if c.weightUnit >= 0 {
		u := liftField(rec, c.weightUnit)
		p, name, ok := liftUnitPer(u)
		if !ok {
			return 0, fmt.Errorf("weight unit %q is neither kg nor lbs", u)
		}
		if p != 0 {
			per, unit, from, origin = p, name, "the export's Weight Unit column", model.UnitColumn
		}
	}
	if v <= 0 {
		return model.Missing, nil
	}
	if per == 0 {
		per, unit, from, origin = d.defPer, d.defUnit, d.defFrom, d.defOrigin
		d.checkTail(s, v)
	}
	d.units[unit]++
	d.unitFrom[from] = true
	d.unitOrigins[origin] = true
	return v * per, nil
}

// checkTail counts weights, read in an assumed unit, whose digits betray
// the other unit: a pounds account's export carries the float tails of
// kilograms divided by 0.45359237 (149.99999999999997), a kilograms
// account's the exact kilograms of round pounds (6.80388555 = 15 lb).
func (d *liftDecoder) checkTail(s string, v float64) {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return
	}
	decimals := len(s) - dot - 1
	tail := func(kind *int) {
		*kind++
		if d.tailSample == "" {
			d.tailSample = s
		}
	}
	switch {
	case d.defUnit == "kg" && decimals >= 10 && math.Abs(v-math.Round(v*1000)/1000) < 1e-9:
		tail(&d.lbTails)
	case d.defUnit == "lb" && decimals >= 4:
		q := v / kgPerLb * 4
		if math.Abs(q-math.Round(q)) < 1e-6 {
			tail(&d.kgTails)
		}
	}
}

// distanceM reads a row's distance in metres: Missing for empty or zero.
func (d *liftDecoder) distanceM(rec []string) (float64, error) {
	c := &d.cols
	s := liftField(rec, c.distance)
	d.lastDistPer = 0
	if s == "" {
		return model.Missing, nil
	}
	v, ok := liftNumber(s)
	if !ok || v < 0 {
		return 0, fmt.Errorf("distance %q is not a number", s)
	}
	if v == 0 {
		return model.Missing, nil
	}
	per := c.distPer
	if c.distUnit >= 0 {
		switch u := strings.ToLower(strings.TrimSpace(liftField(rec, c.distUnit))); u {
		case "km", "kms", "kilometer", "kilometers", "kilometre", "kilometres":
			per = 1000
		case "mi", "mi.", "mile", "miles":
			per = mPerMile
		case "m", "meter", "meters", "metre", "metres":
			per = 1
		case "yd", "yds", "yard", "yards":
			per = mPerYard
		case "ft", "feet":
			per = 0.3048
		}
	}
	if per == 0 {
		imperial, assumed := d.system()
		per = 1000
		if imperial {
			per = mPerMile
		}
		d.distAssumed = d.distAssumed || assumed
	}
	d.lastDistPer = per
	return v * per, nil
}

// liftLayouts are the date-time layouts the apps write, after
// liftCleanTime: Strong's ISO date with a 24-hour or AM/PM time, Hevy's
// "5 Mar 2024, 18:12" and its US-style variant.
var liftLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 3:04:05 PM",
	"2 Jan 2006, 15:04",
	"2006-01-02 15:04",
	"2006-01-02 3:04 PM",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2 Jan 2006 15:04",
	"2 January 2006, 15:04",
	"2 Jan 2006, 15:04:05",
	"Jan 2, 2006, 3:04 PM",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006, 3:04:05 PM",
	"Jan 2, 2006, 15:04",
}

// liftCleanTime makes a date-time string parseable: narrow and ordinary
// no-break spaces become spaces, runs of spaces one, and "am"/"pm" upper
// case.
func liftCleanTime(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\u202f' || r == '\u00a0' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	return strings.ToUpper(strings.Join(strings.Fields(s), " "))
}

// liftWhen is a parsed workout time.
type liftWhen struct {
	utc     time.Time          // the instant
	offset  int                // local offset, seconds east of UTC
	origin  model.OffsetOrigin // where offset came from
	assumed bool               // a date only: the time of day is Options.DefaultTimeOfDay
}

// when parses a row's date-time (or FitNotes' date) in the user's zone.
func (d *liftDecoder) when(text string) (liftWhen, error) {
	loc := d.opts.Location
	if text == "" {
		return liftWhen{}, errors.New("no date")
	}
	s := liftCleanTime(text)
	if len(s) == len(time.DateOnly) {
		if day, err := time.Parse(time.DateOnly, s); err == nil {
			// time.Date normalises the seconds into hours and minutes of
			// the local wall clock, so 18:00 stays 18:00 on a DST day.
			t := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, int(d.opts.DefaultTimeOfDay/time.Second), 0, loc)
			return liftYearCheck(liftWhen{t.UTC(), LocalOffset(loc, t), d.opts.zoneOrigin(), true}, text)
		}
	}
	if z, err := time.Parse(time.RFC3339, s); err == nil {
		// An explicit offset: the instant is known. A non-zero offset is
		// the app's own; "Z" says nothing of the user's zone.
		if _, off := z.Zone(); off != 0 {
			return liftYearCheck(liftWhen{z.UTC(), off, model.OffsetDevice, false}, text)
		}
		return liftYearCheck(liftWhen{z.UTC(), LocalOffset(loc, z), d.opts.zoneOrigin(), false}, text)
	}
	for i := range liftLayouts {
		j := (d.layout + i) % len(liftLayouts) // the last layout that worked first
		if t, err := time.ParseInLocation(liftLayouts[j], s, loc); err == nil {
			d.layout = j
			return liftYearCheck(liftWhen{t.UTC(), LocalOffset(loc, t), d.opts.zoneOrigin(), false}, text)
		}
	}
	return liftWhen{}, fmt.Errorf("date %q is not a date the app writes", liftShort(text, 40))
}

// liftYearCheck rejects instants outside 1970–2199 (a typo, not a workout).
func liftYearCheck(w liftWhen, text string) (liftWhen, error) {
	if y := w.utc.Year(); y < 1970 || y >= 2200 {
		return liftWhen{}, fmt.Errorf("date %q is out of range", liftShort(text, 40))
	}
	return w, nil
}

// liftNumber parses a decimal number as the apps write it: "62.5", "62,5"
// (a decimal comma), "1,234.5" (a thousands separator). It rejects NaN and
// infinities.
func liftNumber(s string) (float64, bool) {
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") || strings.Count(s, ",") > 1 {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			s = strings.Replace(s, ",", ".", 1)
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// liftSeconds parses a duration in seconds: a number ("90", "90.0"),
// Strong's "1h 5m", "45m", "38min", "50s", "1h 2m 3s", or a clock "1:05:00"
// / "1:30" (hours:minutes:seconds, minutes:seconds).
func liftSeconds(s string) (float64, bool) {
	if v, ok := liftNumber(s); ok {
		return v, v >= 0
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, false
		}
		total := 0.0
		for _, p := range parts {
			v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
				return 0, false
			}
			total = total*60 + v
		}
		return total, true
	}
	total, found := 0.0, false
	for _, f := range strings.Fields(strings.ToLower(s)) {
		num := strings.TrimRight(f, "abcdefghijklmnopqrstuvwxyz")
		var unit float64
		switch f[len(num):] {
		case "h", "hr", "hrs", "hour", "hours":
			unit = 3600
		case "m", "min", "mins", "minute", "minutes":
			unit = 60
		case "s", "sec", "secs", "second", "seconds":
			unit = 1
		default:
			return 0, false
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, false
		}
		total += v * unit
		found = true
	}
	return total, found
}

// finish turns the accumulated rows into the decoder's result.
func (d *liftDecoder) finish() (*Result, error) {
	for _, w := range d.list {
		if len(w.notes) == 0 {
			continue
		}
		targets := w.cardio
		if w.strength >= 0 {
			targets = []int{w.strength}
		}
		for _, i := range targets {
			for len(d.notes) <= i {
				d.notes = append(d.notes, nil)
			}
			d.notes[i] = append(slices.Clone(w.notes), d.notes[i]...)
		}
	}
	for i, ns := range d.notes {
		d.res.Sessions[i].Notes = strings.Join(ns, "\n")
	}
	d.unitReport()
	if d.cardioRows > 0 {
		d.warn(0, fmt.Sprintf("%s (%s) became sessions of their own sport, not strength sets",
			plural(int64(d.cardioRows), "cardio row"), strings.Join(d.cardioNames, ", ")))
	}
	if d.distFixed > 0 {
		d.warn(0, fmt.Sprintf("%s in metres too short for their time were read in the export's long unit (%s)",
			plural(int64(d.distFixed), "distance"), d.distSample))
	}
	if len(d.skipOrder) > 0 {
		var parts []string
		n := 0
		for _, ex := range d.skipOrder {
			n += d.skipped[ex]
			if len(parts) < 5 {
				parts = append(parts, fmt.Sprintf("%s ×%d", ex, d.skipped[ex]))
			}
		}
		if len(d.skipOrder) > 5 {
			parts = append(parts, "…")
		}
		d.warn(0, fmt.Sprintf("skipped %s that are neither strength nor a sport backtrack counts, or cardio without a distance or a minute of time (%s)",
			plural(int64(n), "row"), strings.Join(parts, ", ")))
	}
	if d.hidden > 0 {
		d.res.Warnings = append(d.res.Warnings, fmt.Sprintf("%s not listed", plural(int64(d.hidden), "more warning")))
	}
	if len(d.res.Sessions) == 0 {
		if d.nBad > 0 {
			return nil, fmt.Errorf("%s CSV: no row could be read (%s of %s): %s", d.cols.dialect.device(),
				plural(int64(d.nBad), "bad row"), plural(int64(d.rows), "row"), strings.Join(d.badMsg, "; "))
		}
		return nil, Skip(d.cols.dialect.device() + " CSV without any lifts")
	}
	if d.nBad > 0 {
		d.res.Status = model.StatusPartial
		d.res.Damage = fmt.Sprintf("skipped %s of %s that could not be read (first: %s); kept %s",
			plural(int64(d.nBad), "row"), commas(int64(d.rows)), d.badMsg[0], plural(int64(d.lifts), "set"))
	}
	return d.res, nil
}

// unitReport fills the result's WeightUnit and WeightUnitFrom and warns
// when weights read in an assumed unit look like the other one.
func (d *liftDecoder) unitReport() {
	switch {
	case d.units["kg"] > 0 && d.units["lb"] > 0:
		d.res.WeightUnit = "kg and lb"
	case d.units["lb"] > 0:
		d.res.WeightUnit = "lb"
	case d.units["kg"] > 0:
		d.res.WeightUnit = "kg"
	default:
		if d.distAssumed { // no weights, but distances in the assumed unit's system
			d.res.WeightUnitOrigin, d.res.AssumedWeightUnit = d.defOrigin, d.defUnit
		}
		return
	}
	froms := make([]string, 0, len(d.unitFrom))
	for f := range d.unitFrom {
		froms = append(froms, f)
	}
	slices.Sort(froms)
	d.res.WeightUnitFrom = strings.Join(froms, "; ")
	switch {
	case d.unitOrigins[d.defOrigin] || d.distAssumed:
		d.res.WeightUnitOrigin, d.res.AssumedWeightUnit = d.defOrigin, d.defUnit
	case d.unitOrigins[model.UnitColumn]:
		d.res.WeightUnitOrigin = model.UnitColumn
	default:
		d.res.WeightUnitOrigin = model.UnitHeader
	}
	fix := "import it again with --weight-unit %s (or after 'backtrack config set lift_weight_unit %s'): its weights are then read again"
	switch {
	case d.lbTails > 0:
		d.warn(0, fmt.Sprintf("%s read as kg (such as %s) carry the float tails Strong writes when it converts its stored kilograms to pounds: if this account uses pounds, the loads are 2.2 times too heavy; %s",
			plural(int64(d.lbTails), "weight"), d.tailSample, fmt.Sprintf(fix, "lb", "lb")))
	case d.kgTails > 0:
		d.warn(0, fmt.Sprintf("%s read as lb (such as %s) are kilograms of round pounds, as a kilograms account exports them: if this account uses kilograms, the loads are 2.2 times too light; %s",
			plural(int64(d.kgTails), "weight"), d.tailSample, fmt.Sprintf(fix, "kg", "kg")))
	}
}

// liftSniffComma picks the field separator from the header line: ';' when
// it has more semicolons than commas outside quotes (the older Strong
// export), ',' otherwise.
func liftSniffComma(br *bufio.Reader) rune {
	b, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	semis, commaN, quoted := 0, 0, false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ';':
			semis++
		case c == ',':
			commaN++
		}
	}
	if semis > commaN {
		return ';'
	}
	return ','
}

// liftMaxLine is the longest physical line the CSV readers accept, in bytes.
// No export has lines near it; a file that does is not one, and reading it
// line by line would hold the whole line in memory.
const liftMaxLine = 1 << 20

// errLineTooLong says a CSV line exceeded liftMaxLine.
var errLineTooLong = errors.New("a line longer than 1 MiB: not an app's CSV export")

// liftParseErrWhy words a CSV syntax error for a warning.
func liftParseErrWhy(pe *csv.ParseError) string {
	return "unreadable CSV row: " + pe.Err.Error()
}

// liftShort truncates s to at most n bytes on a rune boundary, adding "…".
func liftShort(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
