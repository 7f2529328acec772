package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// LiftLayout is one CSV layout a lifting app has exported in, as seen in
// real published exports (docs/definitions.md, "Lifting apps").
type LiftLayout string

// The layouts [WriteLiftCSV] writes.
const (
	// StrongComma12 is Strong's comma export of 2020–2025: Date, Workout
	// Name, Duration, Exercise Name, Set Order, Weight, Reps, Distance,
	// Seconds, Notes, Workout Notes, RPE; names quoted; units the account's.
	StrongComma12 LiftLayout = "strong_comma_12"
	// StrongComma11 is the 2019 comma export without Duration.
	StrongComma11 LiftLayout = "strong_comma_11"
	// StrongComma10 is the late-2025 comma export without the notes
	// columns: …, Seconds, RPE.
	StrongComma10 LiftLayout = "strong_comma_10"
	// Strong2016 is the 2016 export whose weight and distance columns are
	// named by their unit: Date, Workout Name, Exercise Name, Set Order,
	// kg (or lbs), Reps, km (or mi.), Seconds, Notes.
	Strong2016 LiftLayout = "strong_2016"
	// Strong2018 is the 2018 ';' export with unit-named columns and
	// Workout Notes.
	Strong2018 LiftLayout = "strong_2018"
	// StrongUnits12 is the ';' export with Weight Unit and Distance Unit
	// columns (2018–2019).
	StrongUnits12 LiftLayout = "strong_units_12"
	// StrongUnits13 adds RPE (2019–2021).
	StrongUnits13 LiftLayout = "strong_units_13"
	// StrongUnits14 adds Workout Duration at the end (2018–2025).
	StrongUnits14 LiftLayout = "strong_units_14"
	// StrongQuoted is the ';' export with every field quoted, header too:
	// "Workout #", "Duration (sec)", "Weight (kg)", "Distance (meters)"
	// (2019 and 2024–2025).
	StrongQuoted LiftLayout = "strong_quoted"
	// StrongQuotedRPELast is StrongQuoted with RPE moved to the end.
	StrongQuotedRPELast LiftLayout = "strong_quoted_rpe_last"
	// Hevy is Hevy's export; its weight and distance columns follow the
	// account's units independently (weight_kg or weight_lbs,
	// distance_km or distance_miles).
	Hevy LiftLayout = "hevy"
	// FitNotesKgs is FitNotes' "Weight (kgs)" export with Comment (or
	// "Weight (lbs)" for a pounds account).
	FitNotesKgs LiftLayout = "fitnotes_kgs"
	// FitNotesNoComment is the same without the Comment column.
	FitNotesNoComment LiftLayout = "fitnotes_no_comment"
	// FitNotesUnit is FitNotes' current "Weight,Weight Unit" export,
	// without Comment; exercise names with commas are not quoted.
	FitNotesUnit LiftLayout = "fitnotes_unit"
	// FitNotesUnitComment is FitNotesUnit with a Comment column.
	FitNotesUnitComment LiftLayout = "fitnotes_unit_comment"
	// FitNotes2 is the iOS "FitNotes 2" layout with both Weight (kg) and
	// Weight (lbs), Notes and Kind.
	FitNotes2 LiftLayout = "fitnotes2"
)

// LiftLayouts lists every layout, in the order above.
var LiftLayouts = []LiftLayout{StrongComma12, StrongComma11, StrongComma10, Strong2016, Strong2018,
	StrongUnits12, StrongUnits13, StrongUnits14, StrongQuoted, StrongQuotedRPELast, Hevy,
	FitNotesKgs, FitNotesNoComment, FitNotesUnit, FitNotesUnitComment, FitNotes2}

// LiftWorkout is one workout as the user logged it in an app.
type LiftWorkout struct {
	// Start is the workout's start; apps write it as a local wall clock
	// in the zone WriteLiftCSV is given.
	Start time.Time
	// Name is the workout's title; DurationS its length in seconds.
	Name      string
	DurationS float64
	// Notes are the workout's notes, "" for none.
	Notes string
	// Entries are the rows, in order: sets, rest timers, cardio entries.
	Entries []LiftEntry
}

// LiftEntry is one row of a workout.
type LiftEntry struct {
	// Exercise is the name as the app writes it; Category FitNotes'
	// category ("Back", "Cardio").
	Exercise, Category string
	// Weight is the load as typed, in the account's unit, or NaN for none.
	Weight float64
	// Reps is the count, or -1 for none.
	Reps int
	// Distance is the distance in the account's long unit (km, or miles
	// for a pounds account), or NaN; Seconds the time, or NaN.
	Distance, Seconds float64
	// Warmup marks a warm-up set; RestTimer a Strong rest-timer row.
	Warmup, RestTimer bool
	// Note is the exercise's note, "" for none.
	Note string
}

// Lift returns a set row.
func Lift(exercise, category string, weight float64, reps int) LiftEntry {
	return LiftEntry{Exercise: exercise, Category: category, Weight: weight, Reps: reps, Distance: math.NaN(), Seconds: math.NaN()}
}

// Cardio returns a cardio row (distance in the account's long unit, NaN
// for none).
func Cardio(exercise string, distance, seconds float64) LiftEntry {
	return LiftEntry{Exercise: exercise, Category: "Cardio", Weight: math.NaN(), Reps: -1, Distance: distance, Seconds: seconds}
}

// Hold returns a timed hold.
func Hold(exercise, category string, seconds float64) LiftEntry {
	return LiftEntry{Exercise: exercise, Category: category, Weight: math.NaN(), Reps: -1, Distance: math.NaN(), Seconds: seconds}
}

// LiftSample returns a small history that exercises every rule of the
// lifting-app importers: deadlifts with a warm-up and a rest timer,
// exercise and workout notes, a body-weight exercise, timed holds, an
// exercise name with commas, a carry, a treadmill run and an elliptical
// warm-up inside a lifting workout, a run logged as a workout of its own
// (three interval rows), rowing, and yoga (neither strength nor a run).
// Weights are round numbers in the account's unit (unit "kg" or "lb"),
// distances in its long unit.
func LiftSample(unit string, zone *time.Location) []LiftWorkout {
	w := func(kg, lb float64) float64 {
		if unit == "lb" {
			return lb
		}
		return kg
	}
	d := func(km, mi float64) float64 {
		if unit == "lb" {
			return mi
		}
		return km
	}
	at := func(day, hour, minute int) time.Time {
		return time.Date(2024, 3, day, hour, minute, 0, 0, zone)
	}
	warm := Lift("Deadlift (Barbell)", "Back", w(60, 135), 5)
	warm.Warmup = true
	heavy := Lift("Deadlift (Barbell)", "Back", w(140, 315), 3)
	heavy.Note = "belt on, felt it"
	rest := Lift("Deadlift (Barbell)", "Back", math.NaN(), -1)
	rest.RestTimer, rest.Seconds = true, 180
	return []LiftWorkout{
		{Start: at(5, 18, 12), Name: "Pull Day", DurationS: 65 * 60, Notes: "Hips tight after",
			Entries: []LiftEntry{
				Cardio("Elliptical Machine", d(1.5, 1), 600),
				warm, heavy, rest,
				Lift("Deadlift (Barbell)", "Back", w(140, 315), 3),
				Lift("Romanian Deadlift (Barbell)", "Back", w(100, 225), 8),
				Lift("Pull Up", "Back", math.NaN(), 10),
				Hold("Plank", "Abs", 60),
				Lift("Overhead Press (Each Side, Dumbbells)", "Shoulders", w(17.5, 40), 8),
			}},
		{Start: at(6, 7, 30), Name: "Morning Run", DurationS: 35 * 60,
			Entries: []LiftEntry{
				Cardio("Running", d(2, 1.25), 600),
				Cardio("Running", d(2, 1.25), 600),
				Cardio("Running", d(2, 1.25), 630),
			}},
		{Start: at(7, 19, 0), Name: "Legs", DurationS: 50 * 60,
			Entries: []LiftEntry{
				Lift("Squat (Barbell)", "Legs", w(100, 225), 5),
				Lift("Squat (Barbell)", "Legs", w(102.5, 230), 5),
				Lift("Farmers Walk", "Legs", w(32, 70), 40),
				Hold("Dead Hang", "Back", 45),
				Cardio("Running (Treadmill)", d(3, 2), 1200),
				Cardio("Rowing (Machine)", d(2, 1.25), 540),
				Cardio("Yoga", math.NaN(), 900),
			}},
	}
}

// LiftExpected is what a correct import of [LiftSample] holds, in kg and
// metres, whatever the layout.
type LiftExpected struct {
	// Strength are the strength sessions' names with their sets
	// (exercise, reps or -1, kg or NaN), in order.
	Strength []LiftExpectedWorkout
	// Cardio are the cardio sessions: sport, distance in metres (NaN),
	// seconds (NaN), in order.
	Cardio []LiftExpectedCardio
}

// LiftExpectedWorkout is one expected strength session.
type LiftExpectedWorkout struct {
	Name string
	Sets []LiftExpectedSet
}

// LiftExpectedSet is one expected set.
type LiftExpectedSet struct {
	Exercise string
	Reps     int
	Kg       float64
	Seconds  float64
}

// LiftExpectedCardio is one expected cardio session.
type LiftExpectedCardio struct {
	Exercise  string
	Sport     model.Sport
	DistanceM float64
	Seconds   float64
}

// Expect returns what importing workouts (logged with the account unit
// "kg" or "lb") must give: every set not a rest timer, cardio entry or yoga;
// contiguous rows of one cardio exercise as one session.
func Expect(workouts []LiftWorkout, unit string) LiftExpected {
	per, long := 1.0, 1000.0
	if unit == "lb" {
		per, long = 0.45359237, 1609.344
	}
	var e LiftExpected
	for _, wo := range workouts {
		var sets []LiftExpectedSet
		prev := ""
		for _, en := range wo.Entries {
			switch {
			case en.RestTimer:
				continue
			case en.Exercise == "Yoga":
				prev = ""
				continue
			case en.Category == "Cardio":
				if en.Exercise == prev {
					c := &e.Cardio[len(e.Cardio)-1]
					c.DistanceM += en.Distance * long
					c.Seconds += en.Seconds
					continue
				}
				sp := model.Running
				switch {
				case strings.Contains(en.Exercise, "Elliptical"), strings.Contains(en.Exercise, "Rowing"):
					sp = model.Other
				}
				e.Cardio = append(e.Cardio, LiftExpectedCardio{Exercise: en.Exercise, Sport: sp, DistanceM: en.Distance * long, Seconds: en.Seconds})
				prev = en.Exercise
				continue
			}
			prev = ""
			kg := math.NaN()
			if !math.IsNaN(en.Weight) && en.Weight > 0 {
				kg = en.Weight * per
			}
			sets = append(sets, LiftExpectedSet{Exercise: en.Exercise, Reps: en.Reps, Kg: kg, Seconds: en.Seconds})
		}
		if len(sets) > 0 {
			e.Strength = append(e.Strength, LiftExpectedWorkout{Name: wo.Name, Sets: sets})
		}
	}
	return e
}

// liftHeaders are the layouts' headers (the weight and distance columns of
// the unit-named layouts are filled in by WriteLiftCSV).
var liftHeaders = map[LiftLayout][]string{
	StrongComma12:       {"Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"},
	StrongComma11:       {"Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "Notes", "Workout Notes", "RPE"},
	StrongComma10:       {"Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds", "RPE"},
	Strong2016:          {"Date", "Workout Name", "Exercise Name", "Set Order", "{w}", "Reps", "{d}", "Seconds", "Notes"},
	Strong2018:          {"Date", "Workout Name", "Exercise Name", "Set Order", "{w}", "Reps", "{d}", "Seconds", "Notes", "Workout Notes"},
	StrongUnits12:       {"Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes"},
	StrongUnits13:       {"Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes"},
	StrongUnits14:       {"Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "RPE", "Distance", "Distance Unit", "Seconds", "Notes", "Workout Notes", "Workout Duration"},
	StrongQuoted:        {"Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order", "Weight (kg)", "Reps", "RPE", "Distance (meters)", "Seconds", "Notes", "Workout Notes"},
	StrongQuotedRPELast: {"Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order", "Weight (kg)", "Reps", "Distance (meters)", "Seconds", "Notes", "Workout Notes", "RPE"},
	Hevy:                {"title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes", "set_index", "set_type", "{w}", "reps", "{d}", "duration_seconds", "rpe"},
	FitNotesKgs:         {"Date", "Exercise", "Category", "{w}", "Reps", "Distance", "Distance Unit", "Time", "Comment"},
	FitNotesNoComment:   {"Date", "Exercise", "Category", "{w}", "Reps", "Distance", "Distance Unit", "Time"},
	FitNotesUnit:        {"Date", "Exercise", "Category", "Weight", "Weight Unit", "Reps", "Distance", "Distance Unit", "Time"},
	FitNotesUnitComment: {"Date", "Exercise", "Category", "Weight", "Weight Unit", "Reps", "Distance", "Distance Unit", "Time", "Comment"},
	FitNotes2:           {"Date", "Exercise", "Category", "Weight (kg)", "Weight (lbs)", "Reps", "Distance", "Distance Unit", "Time", "Notes", "Kind"},
}

// WriteLiftCSV writes workouts, logged in an account whose unit is "kg" or
// "lb", as the app of layout exports them, with local times in zone. The
// quirks of the real exports are reproduced: Strong keeps kilograms and
// exports a pounds account's weights converted back (with the float tails
// that leaves); the quoted layout always writes kilograms and metres; Hevy
// and FitNotes write the account's units; FitNotes writes dates only and
// does not quote exercise names that hold commas; Strong's rest timers are
// rows of their own; notes stand on an exercise's first row and the
// workout's on its first row.
func WriteLiftCSV(w io.Writer, layout LiftLayout, unit string, zone *time.Location, workouts []LiftWorkout) error {
	header, ok := liftHeaders[layout]
	if !ok {
		return fmt.Errorf("write lift csv: unknown layout %q", layout)
	}
	lb := unit == "lb"
	header = append([]string(nil), header...)
	for i, h := range header {
		switch h {
		case "{w}":
			header[i] = map[LiftLayout][2]string{Strong2016: {"kg", "lbs"}, Strong2018: {"kg", "lbs"}, Hevy: {"weight_kg", "weight_lbs"},
				FitNotesKgs: {"Weight (kgs)", "Weight (lbs)"}, FitNotesNoComment: {"Weight (kgs)", "Weight (lbs)"}}[layout][b2i(lb)]
		case "{d}":
			header[i] = map[LiftLayout][2]string{Strong2016: {"km", "mi."}, Strong2018: {"km", "mi."}, Hevy: {"distance_km", "distance_miles"}}[layout][b2i(lb)]
		}
	}
	lw := &liftWriter{layout: layout, lb: lb, zone: zone, header: header}
	var sb strings.Builder
	cw := csv.NewWriter(&sb)
	switch layout {
	case StrongUnits12, StrongUnits13, StrongUnits14, StrongQuoted, StrongQuotedRPELast, Strong2018:
		cw.Comma = ';'
	}
	lw.cw = cw
	if err := lw.writeHeader(&sb); err != nil {
		return err
	}
	for no, wo := range workouts {
		if err := lw.workout(&sb, no+1, wo); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write lift csv: %w", err)
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// liftWriter writes one file.
type liftWriter struct {
	layout LiftLayout
	lb     bool
	zone   *time.Location
	header []string
	cw     *csv.Writer
}

// quotedAll reports whether the layout quotes every field.
func (lw *liftWriter) quotedAll() bool {
	return lw.layout == StrongQuoted || lw.layout == StrongQuotedRPELast || lw.layout == Hevy
}

// writeHeader writes the header line.
func (lw *liftWriter) writeHeader(sb *strings.Builder) error {
	if lw.quotedAll() {
		lw.cw.Flush()
		sb.WriteString(quoteAll(lw.header, lw.cw.Comma))
		return nil
	}
	return lw.cw.Write(lw.header)
}

// quoteAll joins fields, each quoted.
func quoteAll(fields []string, comma rune) string {
	q := make([]string, len(fields))
	for i, f := range fields {
		q[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
	}
	return strings.Join(q, string(comma)) + "\n"
}

// num formats a number as the apps do: the shortest decimal, "" for NaN.
func num(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// strongWeight is a weight as Strong exports it in the account's unit: it
// stores kilograms, so a pounds account's typed value comes back through
// two conversions (149.99999999999997).
func (lw *liftWriter) strongWeight(typed float64) string {
	if math.IsNaN(typed) {
		return ""
	}
	if lw.lb {
		kg := typed * 0.45359237
		return strconv.FormatFloat(kg/0.45359237, 'f', -1, 64)
	}
	return num(typed)
}

// workout writes one workout's rows.
func (lw *liftWriter) workout(sb *strings.Builder, no int, wo LiftWorkout) error {
	local := wo.Start.In(lw.zone)
	date := local.Format("2006-01-02 15:04:05")
	dur := fmt.Sprintf("%dm", int(wo.DurationS/60))
	if wo.DurationS >= 3600 {
		dur = fmt.Sprintf("%dh %dm", int(wo.DurationS)/3600, int(wo.DurationS)%3600/60)
	}
	order := map[string]int{}
	notedEx := map[string]bool{}
	exNotes := map[string]string{} // an exercise's note stands on its first row
	for _, en := range wo.Entries {
		if en.Note != "" && exNotes[en.Exercise] == "" {
			exNotes[en.Exercise] = en.Note
		}
	}
	first := true
	for _, en := range wo.Entries {
		setOrder := ""
		if en.RestTimer {
			setOrder = "Rest Timer"
		} else {
			order[en.Exercise]++
			setOrder = strconv.Itoa(order[en.Exercise])
		}
		exNote, woNote := "", ""
		if !notedEx[en.Exercise] && !en.RestTimer {
			exNote, notedEx[en.Exercise] = exNotes[en.Exercise], true
		}
		if first {
			woNote, first = wo.Notes, false
		}
		cardio := en.Category == "Cardio"
		weight := en.Weight
		reps := ""
		if en.Reps >= 0 {
			reps = strconv.Itoa(en.Reps)
		}
		var rec []string
		switch lw.layout {
		case StrongComma12, StrongComma11, StrongComma10:
			wt, rp, dist, secs := lw.strongWeight(weight), reps, num(en.Distance), num(en.Seconds)
			if wt == "" {
				wt = "0"
			}
			if rp == "" {
				rp = "0"
			}
			if dist == "" {
				dist = "0"
			}
			if secs == "" {
				secs = "0"
			}
			switch lw.layout {
			case StrongComma12:
				rec = []string{date, wo.Name, dur, en.Exercise, setOrder, wt, rp, dist, secs, exNote, woNote, ""}
			case StrongComma11:
				rec = []string{date, wo.Name, en.Exercise, setOrder, wt, rp, dist, secs, exNote, woNote, ""}
			default:
				rec = []string{date, wo.Name, dur, en.Exercise, setOrder, wt, rp, dist, secs, ""}
			}
		case Strong2016:
			rec = []string{date, wo.Name, en.Exercise, setOrder, lw.strongWeight(weight), reps, num(en.Distance), num(en.Seconds), exNote}
		case Strong2018:
			rec = []string{date, wo.Name, en.Exercise, setOrder, lw.strongWeight(weight), reps, num(en.Distance), num(en.Seconds), exNote, woNote}
		case StrongUnits12, StrongUnits13, StrongUnits14:
			wu, du := "", ""
			if !math.IsNaN(weight) {
				wu = map[bool]string{false: "kg", true: "lbs"}[lw.lb]
			}
			du = map[bool]string{false: "km", true: "mi."}[lw.lb] // written even without a distance
			secs := num(en.Seconds)
			if secs == "" {
				secs = "0"
			}
			rec = []string{date, wo.Name, en.Exercise, setOrder, num(weight), wu, reps}
			if lw.layout != StrongUnits12 {
				rec = append(rec, "")
			}
			rec = append(rec, num(en.Distance), du, secs, exNote, woNote)
			if lw.layout == StrongUnits14 {
				rec = append(rec, dur)
			}
		case StrongQuoted, StrongQuotedRPELast:
			kg, m := "", ""
			if !math.IsNaN(weight) {
				kg = strconv.FormatFloat(weight, 'f', 1, 64)
				if lw.lb {
					kg = strconv.FormatFloat(weight*0.45359237, 'f', -1, 64)
				}
			}
			if !math.IsNaN(en.Distance) {
				m = num(math.Round(en.Distance * map[bool]float64{false: 1000, true: 1609.344}[lw.lb]))
			}
			head := []string{strconv.Itoa(no), date, wo.Name, strconv.Itoa(int(wo.DurationS)), en.Exercise, setOrder, kg, reps}
			if lw.layout == StrongQuoted {
				rec = append(head, "", m, num(en.Seconds), exNote, woNote)
			} else {
				rec = append(head, m, num(en.Seconds), exNote, woNote, "")
			}
		case Hevy:
			if en.RestTimer {
				order[en.Exercise]--
				continue
			}
			end := local.Add(time.Duration(wo.DurationS) * time.Second)
			setType := "normal"
			if en.Warmup {
				setType = "warmup"
			}
			rec = []string{wo.Name, local.Format("2 Jan 2006, 15:04"), end.Format("2 Jan 2006, 15:04"), wo.Notes, en.Exercise, "",
				en.Note, strconv.Itoa(order[en.Exercise] - 1), setType, num(weight), reps, num(en.Distance), num(en.Seconds), ""}
			if cardio {
				rec[10] = ""
			}
		default: // FitNotes
			if en.RestTimer {
				order[en.Exercise]--
				continue
			}
			day := local.Format("2006-01-02")
			dist, du, clock := "", "", ""
			if !math.IsNaN(en.Distance) {
				dist, du = strconv.FormatFloat(en.Distance, 'f', 2, 64), map[bool]string{false: "km", true: "mi"}[lw.lb]
			}
			if !math.IsNaN(en.Seconds) {
				s := int(en.Seconds)
				clock = fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
			}
			wt := ""
			if !math.IsNaN(weight) {
				wt = strconv.FormatFloat(weight, 'f', 1, 64)
			}
			if cardio {
				reps = ""
			}
			comment := en.Note
			switch lw.layout {
			case FitNotesKgs:
				rec = []string{day, en.Exercise, en.Category, wt, reps, dist, du, clock, comment}
			case FitNotesNoComment:
				rec = []string{day, en.Exercise, en.Category, wt, reps, dist, du, clock}
			case FitNotesUnit, FitNotesUnitComment:
				wu := ""
				if wt != "" {
					wu = map[bool]string{false: "kgs", true: "lbs"}[lw.lb]
				}
				rec = []string{day, en.Exercise, en.Category, wt, wu, reps, dist, du, clock}
				if lw.layout == FitNotesUnitComment {
					rec = append(rec, comment)
				}
			case FitNotes2:
				kg, lbs := wt, ""
				if lw.lb {
					kg, lbs = "", wt
				}
				kind := "wr"
				if cardio {
					kind = "dt"
				}
				rec = []string{day, en.Exercise, en.Category, kg, lbs, reps, dist, du, clock, comment, kind}
			}
			if lw.layout == FitNotesUnit || lw.layout == FitNotesNoComment {
				// No quoting at all: a name with commas splits into fields.
				lw.cw.Flush()
				sb.WriteString(strings.Join(rec, ",") + "\n")
				continue
			}
		}
		if lw.quotedAll() {
			lw.cw.Flush()
			if lw.layout == Hevy {
				sb.WriteString(hevyLine(rec))
			} else {
				sb.WriteString(quoteAll(rec, lw.cw.Comma))
			}
			continue
		}
		if err := lw.cw.Write(rec); err != nil {
			return fmt.Errorf("write lift csv: %w", err)
		}
	}
	return nil
}

// hevyLine writes a Hevy row: strings quoted, numbers and empty numbers
// not.
func hevyLine(rec []string) string {
	q := make([]string, len(rec))
	for i, f := range rec {
		switch i {
		case 0, 1, 2, 3, 4, 6, 8:
			q[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		default:
			q[i] = f
		}
	}
	return strings.Join(q, ",") + "\n"
}
