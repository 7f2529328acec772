package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/backtrack/backtrack/model"
)

// LiftDialect is the CSV layout of one lifting app's export.
type LiftDialect int

// The lifting-app exports DecodeLiftCSV reads.
const (
	// LiftStrong is Strong's current export: comma-separated,
	// "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,…".
	// Its Weight column is in the user's unit and says not which: it is
	// read as kilograms.
	LiftStrong LiftDialect = iota + 1
	// LiftStrongOld is Strong's older export: usually ';'-separated, with
	// "Weight Unit" (kg or lbs) and "Distance Unit" columns.
	LiftStrongOld
	// LiftHevy is Hevy's export with weight_kg and distance_km.
	LiftHevy
	// LiftHevyImperial is Hevy's export for imperial accounts, with
	// weight_lbs and distance_miles.
	LiftHevyImperial
	// LiftFitNotes is FitNotes' export: a date without a time of day, and a
	// "Weight (kgs)" or "Weight (lbs)" column.
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

// liftMaxElapsedS is the longest plausible workout, in seconds. Strong
// exports a workout left running for days ("145h 27m"); such a duration is
// dropped with a warning rather than stretching the session over a week.
const liftMaxElapsedS = 24 * 3600

// liftMaxWarnings caps the per-line warnings one file can produce; the rest
// are counted in a final warning, so that a large broken file cannot fill
// memory with messages.
const liftMaxWarnings = 50

// liftCols holds the column indexes of one dialect's header (-1: absent).
type liftCols struct {
	dialect  LiftDialect
	date     int // Strong Date, Hevy start_time, FitNotes Date
	end      int // Hevy end_time
	name     int // Strong Workout Name, Hevy title
	duration int // Strong Duration ("1h 5m")
	exercise int
	setType  int // Strong Set Order, Hevy set_type
	weight   int
	unit     int     // Strong (old) Weight Unit
	kgPer    float64 // kilograms per unit of the weight column (when unit is -1)
	reps     int
	seconds  int // Strong Seconds, Hevy duration_seconds, FitNotes Time
}

// LiftDialectOf recognises a lifting-app CSV by its header record (as parsed
// by encoding/csv, byte-order mark removed): it returns the dialect and true,
// or false when the header is none of Strong's, Hevy's or FitNotes'. Column
// names match without regard to case or surrounding spaces; a header that
// arrives as one ';'-separated field (the older Strong export read with a
// comma) is split first.
func LiftDialectOf(header []string) (LiftDialect, bool) {
	c, ok := liftColumns(header)
	return c.dialect, ok
}

// liftColumns resolves a header to a dialect and its column indexes.
func liftColumns(header []string) (liftCols, bool) {
	if len(header) == 1 && strings.Contains(header[0], ";") {
		header = strings.Split(header[0], ";")
	}
	idx := make(map[string]int, len(header))
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimPrefix(h, "\ufeff"), `"`)))
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
	c := liftCols{end: -1, name: -1, duration: -1, setType: -1, unit: -1, seconds: -1, kgPer: 1}
	switch {
	case col("start_time") >= 0 && col("exercise_title") >= 0 && col("reps") >= 0 &&
		(col("weight_kg") >= 0 || col("weight_lbs") >= 0):
		c.dialect = LiftHevy
		c.weight = col("weight_kg")
		if c.weight < 0 {
			c.dialect, c.weight, c.kgPer = LiftHevyImperial, col("weight_lbs"), kgPerLb
		}
		c.date, c.end, c.name = col("start_time"), col("end_time"), col("title")
		c.exercise, c.setType, c.reps, c.seconds = col("exercise_title"), col("set_type"), col("reps"), col("duration_seconds")
	case col("date") >= 0 && col("workout name") >= 0 && col("exercise name") >= 0 &&
		col("weight") >= 0 && col("reps") >= 0:
		c.dialect = LiftStrong
		if c.unit = col("weight unit"); c.unit >= 0 {
			c.dialect = LiftStrongOld
		}
		c.date, c.name, c.duration = col("date"), col("workout name"), col("duration", "workout duration")
		c.exercise, c.setType, c.weight, c.reps, c.seconds = col("exercise name"), col("set order"), col("weight"), col("reps"), col("seconds")
	case col("date") >= 0 && col("exercise") >= 0 && col("reps") >= 0 &&
		col("weight (kgs)", "weight (kg)", "weight (lbs)", "weight (lb)") >= 0:
		c.dialect = LiftFitNotes
		c.weight = col("weight (kgs)", "weight (kg)")
		if c.weight < 0 {
			c.weight, c.kgPer = col("weight (lbs)", "weight (lb)"), kgPerLb
		}
		c.date, c.exercise, c.reps, c.seconds = col("date"), col("exercise"), col("reps"), col("time")
	default:
		return liftCols{}, false
	}
	return c, true
}

// DecodeLiftCSV reads a lifting app's CSV export (Strong, older Strong,
// Hevy, Hevy imperial, FitNotes: see [LiftDialect]) and returns one strength
// session per workout, in the order the workouts first appear.
//
// A workout is the rows sharing Strong's Date and Workout Name, Hevy's
// start_time and title, or FitNotes' Date. Its session has sport
// [model.Strength], sub-sport "strength_training", Device the app's name
// ("Strong", "Hevy", "FitNotes") and Name the workout's title. The apps write
// local wall-clock times without a zone: Start is that time in
// Options.Location (daylight saving included), OffsetOrigin
// [model.OffsetZone]. FitNotes has dates only: the session starts at
// Options.DefaultTimeOfDay and TimeAssumed is set. ElapsedS comes from
// Strong's Duration or Hevy's end_time (Missing otherwise, and when over
// 24 h).
//
// Each lift row becomes a [model.StrengthSet], in file order, warm-up, drop
// and failure sets included (they are active lifts); Strong's "Rest Timer"
// rows and rows without an exercise name are not sets. Category comes from
// [ClassifyExercise]; Exercise keeps the app's name exactly as typed (the
// user's own truth, and what the app shows). The apps do not time sets:
// every set's Start is the session's start. DurationS is the row's seconds
// (Missing when empty or 0). Reps is [model.NoReps] when empty. WeightKg is
// converted from pounds where the export says so; an empty, zero or
// negative weight is Missing (a bodyweight exercise, or an assisted one whose
// assistance is not a load).
//
// Quoted fields may hold commas, quotes and newlines. A row that cannot be
// read (bad date, non-numeric weight or reps, unknown weight unit) is
// skipped with a warning "line N: why"; the result is then
// [model.StatusPartial]. When no row can be read the error names the first
// bad lines; a file with no lift rows at all is a [SkipError]. A file that is
// none of the dialects is an error "not a lifting-app CSV (header: …)"
// that wraps [ErrUnknownFormat].
//
// Rows are streamed: memory grows with the sessions and sets returned, not
// with the file.
func DecodeLiftCSV(r io.Reader, opts ...Option) (*Result, error) {
	o := NewOptions(opts...)
	br := bufio.NewReaderSize(&liftLineLimit{r: r}, 64<<10)
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
		return nil, unknownFormatf("not a lifting-app CSV (header: %s)", liftShort(strings.Join(header, string(cr.Comma)), 120))
	}
	d := liftDecoder{opts: o, cols: cols, res: &Result{Format: model.FormatCSV, Status: model.StatusOK},
		byKey: map[string]int{}, names: map[string]liftName{}}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read lifting csv: %w", err)
			}
			d.bad(pe.StartLine, liftParseErrWhy(pe))
			continue
		}
		line, _ := cr.FieldPos(0)
		d.row(line, rec)
	}
	return d.finish()
}

// liftDecoder accumulates one file's sessions.
type liftDecoder struct {
	opts   Options
	cols   liftCols
	res    *Result
	byKey  map[string]int      // workout key → index in res.Sessions
	names  map[string]liftName // interned names with their category
	last   string              // the previous row's date text …
	lastAt liftWhen            // … and its parse
	rows   int                 // data rows seen
	lifts  int                 // sets kept
	nBad   int                 // rows skipped as unreadable
	badMsg []string            // the first few reasons, for the all-bad error
	hidden int                 // warnings beyond liftMaxWarnings
	layout int                 // index of the last date layout that worked
}

// warn adds a warning, within the cap.
func (d *liftDecoder) warn(line int, why string) {
	if len(d.res.Warnings) >= liftMaxWarnings {
		d.hidden++
		return
	}
	d.res.Warnings = append(d.res.Warnings, fmt.Sprintf("line %d: %s", line, why))
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

// row turns one data record into a set of its workout's session.
func (d *liftDecoder) row(line int, rec []string) {
	c := &d.cols
	exercise := liftField(rec, c.exercise)
	setType := liftField(rec, c.setType)
	if exercise == "" || strings.EqualFold(setType, "rest timer") || strings.EqualFold(setType, "rest") {
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
		if v, ok := liftSeconds(s); !ok {
			d.warn(line, fmt.Sprintf("set time %q is not a duration: left unknown", s))
		} else if v > 0 {
			dur = v
		}
	}
	d.rows++
	name := liftField(rec, c.name)
	key := dateText + "\x1f" + name
	i, seen := d.byKey[key]
	if !seen {
		i = len(d.res.Sessions)
		d.byKey[key] = i
		d.res.Sessions = append(d.res.Sessions, d.newSession(line, rec, at, name))
	}
	ex := d.intern(exercise, true)
	s := &d.res.Sessions[i]
	s.Sets = append(s.Sets, model.StrengthSet{
		Start: s.Start, DurationS: dur, Category: ex.category, Exercise: ex.name,
		Reps: reps, WeightKg: weight,
	})
	d.lifts++
}

// newSession starts the session of a workout from its first lift row.
func (d *liftDecoder) newSession(line int, rec []string, at liftWhen, name string) model.Session {
	c := &d.cols
	s := model.NewSession(model.Strength, at.utc)
	s.SubSport = "strength_training"
	s.OffsetS, s.OffsetOrigin = at.offset, at.origin
	s.TimeAssumed = at.assumed
	s.Device = c.dialect.device()
	s.Name = d.intern(name, false).name
	elapsed := model.Missing
	if txt := liftField(rec, c.duration); txt != "" {
		v, ok := liftSeconds(txt)
		if !ok {
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
	s.ElapsedS = elapsed
	return s
}

// liftName is an interned name and, for an exercise, its category.
type liftName struct{ name, category string }

// intern returns a shared copy of s, so that a long history of the same
// names holds each once, and classifies each exercise name once.
func (d *liftDecoder) intern(s string, exercise bool) liftName {
	if v, ok := d.names[s]; ok && (v.category != "" || !exercise) {
		return v
	}
	v := liftName{name: s}
	if exercise {
		v.category, _ = ClassifyExercise(s)
	}
	if len(d.names) < 10000 {
		d.names[s] = v
	}
	return v
}

// weightKg reads a row's load in kilograms: Missing for empty, zero or
// negative.
func (d *liftDecoder) weightKg(rec []string) (float64, error) {
	c := &d.cols
	s := liftField(rec, c.weight)
	if s == "" {
		return model.Missing, nil
	}
	v, ok := liftNumber(s)
	if !ok {
		return 0, fmt.Errorf("weight %q is not a number", s)
	}
	per := c.kgPer
	if c.unit >= 0 {
		switch u := strings.ToLower(liftField(rec, c.unit)); u {
		case "", "kg", "kgs":
			per = 1
		case "lb", "lbs":
			per = kgPerLb
		default:
			return 0, fmt.Errorf("weight unit %q is neither kg nor lbs", u)
		}
	}
	if v <= 0 {
		return model.Missing, nil
	}
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
			return liftYearCheck(liftWhen{t.UTC(), LocalOffset(loc, t), model.OffsetZone, true}, text)
		}
	}
	if z, err := time.Parse(time.RFC3339, s); err == nil {
		// An explicit offset: the instant is known. A non-zero offset is
		// the app's own; "Z" says nothing of the user's zone.
		if _, off := z.Zone(); off != 0 {
			return liftYearCheck(liftWhen{z.UTC(), off, model.OffsetDevice, false}, text)
		}
		return liftYearCheck(liftWhen{z.UTC(), LocalOffset(loc, z), model.OffsetZone, false}, text)
	}
	for i := range liftLayouts {
		j := (d.layout + i) % len(liftLayouts) // the last layout that worked first
		if t, err := time.ParseInLocation(liftLayouts[j], s, loc); err == nil {
			d.layout = j
			return liftYearCheck(liftWhen{t.UTC(), LocalOffset(loc, t), model.OffsetZone, false}, text)
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
// Strong's "1h 5m", "45m", "50s", "1h 2m 3s", or a clock "1:05:00" / "1:30"
// (hours:minutes:seconds, minutes:seconds).
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
		if len(f) < 2 {
			return 0, false
		}
		var unit float64
		switch f[len(f)-1] {
		case 'h':
			unit = 3600
		case 'm':
			unit = 60
		case 's':
			unit = 1
		default:
			return 0, false
		}
		v, err := strconv.ParseFloat(f[:len(f)-1], 64)
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

// liftLineLimit passes reads through and fails once a line grows past
// liftMaxLine.
type liftLineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
}

func (l *liftLineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - i - 1
	} else {
		l.run += n
	}
	if l.run > liftMaxLine {
		return n, errLineTooLong
	}
	return n, err
}

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
