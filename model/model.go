package model

import (
	"math"
	"time"
)

// Missing is the value of a floating-point field that the source did not
// record. Test for it with [Known], never with ==.
var Missing = math.NaN()

// Known reports whether v holds a value (is not NaN).
func Known(v float64) bool { return !math.IsNaN(v) }

// Sport is the normalised sport family of a session.
type Sport string

// The sport families every source is normalised to.
const (
	Running  Sport = "running"
	Cycling  Sport = "cycling"
	Walking  Sport = "walking"
	Hiking   Sport = "hiking"
	Swimming Sport = "swimming"
	Strength Sport = "strength"
	Other    Sport = "other"
)

// Sports lists every normalised sport, in display order.
var Sports = []Sport{Running, Cycling, Walking, Hiking, Swimming, Strength, Other}

// ParseSport returns the Sport named s (as in [Sports]) and whether it is one.
func ParseSport(s string) (Sport, bool) {
	for _, sp := range Sports {
		if string(sp) == s {
			return sp, true
		}
	}
	return "", false
}

// UsesStepCadence reports whether cadence for the sport counts steps (both
// feet), so that a strides-per-minute source value must be doubled. It is true
// for running, walking and hiking only, never for cycling.
func (s Sport) UsesStepCadence() bool {
	return s == Running || s == Walking || s == Hiking
}

// Format is the file format a source was decoded from.
type Format string

// The formats backtrack reads.
const (
	FormatFIT Format = "fit"
	FormatGPX Format = "gpx"
	FormatTCX Format = "tcx"
	FormatCSV Format = "csv"
)

// SourceStatus says how completely a source file was read.
type SourceStatus string

// Source statuses.
const (
	// StatusOK: the whole file was read and verified.
	StatusOK SourceStatus = "ok"
	// StatusPartial: the file was damaged (truncated, bad checksum, cut XML);
	// every good record before the damage was kept.
	StatusPartial SourceStatus = "partial"
	// StatusCRCUnverified: the file decoded in full but its checksum could
	// not be verified (for example it has none).
	StatusCRCUnverified SourceStatus = "crc_unverified"
)

// PathSep separates the levels of a path through archives, as in
// "export.zip › DI_CONNECT/x.zip › 123.fit".
const PathSep = " › "

// Source describes one imported file.
type Source struct {
	// Path is where the file came from: a filesystem path, or for an archive
	// member the path through the archives joined with [PathSep].
	Path string
	// Format is the decoder that read the file.
	Format Format
	// SHA256 is the lower-case hex SHA-256 of the file's bytes (after gzip
	// decompression for a .gz member).
	SHA256 string
	// Size is the file's length in bytes.
	Size int64
	// Status says whether the file was read whole.
	Status SourceStatus
	// Damage, for a partial source, says in plain words where the damage
	// starts and how much was kept; empty otherwise.
	Damage string
	// WeightUnit is the unit ("kg" or "lb") a lifting export's weights were
	// read in and WeightUnitOrigin where it came from. When the file gave
	// some weights' unit and not others', they are the unit assumed for the
	// others (the part a later import under another unit reads again), and
	// so for a file without weights whose distances followed the assumed
	// unit (miles with pounds); "kg and lb" is a file that named both. Both
	// are empty for a file without weights or such distances.
	WeightUnit       string
	WeightUnitOrigin UnitOrigin
}

// UnitOrigin says where the unit of a lifting export's weights came from:
// the file itself (a per-row unit column, the weight column's name) or an
// assumption (the --weight-unit flag, the lift_weight_unit setting, the
// default kg).
type UnitOrigin string

// Unit origins.
const (
	// UnitColumn: a per-row unit column of the file ("Weight Unit").
	UnitColumn UnitOrigin = "column"
	// UnitHeader: the name of the file's weight column ("Weight (kg)",
	// "weight_lbs", "lbs").
	UnitHeader UnitOrigin = "header"
	// UnitFlag: assumed, as the import's --weight-unit named it.
	UnitFlag UnitOrigin = "flag"
	// UnitSetting: assumed, as the lift_weight_unit setting named it.
	UnitSetting UnitOrigin = "setting"
	// UnitDefault: assumed kg, as nothing named a unit.
	UnitDefault UnitOrigin = "default"
)

// Assumed reports whether the unit was assumed rather than said by the
// file: such a file is read again when an import assumes another unit
// (docs/storage.md, "Units read again").
func (o UnitOrigin) Assumed() bool { return o == UnitFlag || o == UnitSetting || o == UnitDefault }

// OffsetOrigin says where a session's local UTC offset came from.
type OffsetOrigin string

// Offset origins.
const (
	// OffsetDevice: the device recorded it (FIT activity.local_timestamp,
	// a GPX/TCX time with an explicit offset).
	OffsetDevice OffsetOrigin = "device"
	// OffsetZone: derived from the zone the user named (--tz, $TZ, the tz
	// setting) at the session's start, daylight saving included.
	OffsetZone OffsetOrigin = "zone"
	// OffsetIndex: taken from an export's index (Garmin's summarizedActivities).
	OffsetIndex OffsetOrigin = "index"
	// OffsetMachine: the machine's own zone at the session's start, because
	// neither --tz, $TZ nor a stored tz setting named one and no watch
	// recorded an offset near that time (docs/storage.md, "Zones").
	OffsetMachine OffsetOrigin = "machine"
	// OffsetNearby: the offset a watch recorded for the session nearest in
	// time (within NearbyOffsetWindow), for a source that carries none.
	OffsetNearby OffsetOrigin = "nearby"
	// OffsetUser: the user set the session's zone (sessions edit --tz).
	OffsetUser OffsetOrigin = "user"
)

// Recorded reports whether the offset was recorded with the activity (by
// the device, or by its export's index).
func (o OffsetOrigin) Recorded() bool { return o == OffsetDevice || o == OffsetIndex }

// Guessed reports whether the offset was guessed (the machine's zone, or a
// watch's offset on another session) rather than recorded or named by the
// user: such offsets are revised as better evidence arrives.
func (o OffsetOrigin) Guessed() bool { return o == OffsetMachine || o == OffsetNearby }

// NearbyOffsetWindow is how far in time a watch-recorded offset may lie from
// a session whose source carries none and still lend it its offset.
const NearbyOffsetWindow = 3 * 24 * time.Hour

// SportOrigin says where a session's sport came from.
type SportOrigin string

// Sport origins.
const (
	// SportFromSource: the file (or its export's index) named the sport.
	SportFromSource SportOrigin = ""
	// SportInferred: the file named none; it was inferred from the track's
	// speed, cadence and title words (docs/definitions.md, "Sport of an
	// untyped track").
	SportInferred SportOrigin = "inferred"
	// SportUser: the user set it (sessions edit --sport).
	SportUser SportOrigin = "user"
)

// Session is one activity: a run, a ride, a strength workout.
type Session struct {
	// Sport is the normalised sport family.
	Sport Sport
	// SubSport is the source's own finer word in snake_case
	// ("trail", "treadmill", "strength_training"), or "".
	SubSport string
	// Start is the session's start instant, in UTC.
	Start time.Time
	// OffsetS is the local UTC offset at Start in seconds east of UTC
	// (+05:30 is 19800).
	OffsetS int
	// OffsetOrigin says where OffsetS came from.
	OffsetOrigin OffsetOrigin
	// TimeAssumed is true when the source gave a date only and the time of
	// day was assumed (FitNotes).
	TimeAssumed bool
	// WallClock is true when the source wrote local wall-clock times
	// without an offset (a lifting app's CSV, an old GPX): Start was
	// computed from them in the zone OffsetOrigin names, and moves with it.
	WallClock bool
	// Logged is true when the session was typed into an app (a lifting
	// app's workout, or a run it logged) rather than recorded by a device:
	// its times are the workout's, not the activity's own.
	Logged bool
	// ElapsedS is wall-clock duration in seconds, pauses included.
	ElapsedS float64
	// TimerS is moving/timer duration in seconds, pauses excluded.
	TimerS float64
	// DistanceM is total distance in metres.
	DistanceM float64
	// AscentM and DescentM are total climb and descent in metres as the
	// source reported them (the analysis computes its own from samples).
	AscentM, DescentM float64
	// AvgHR is average heart rate in beats per minute.
	AvgHR float64
	// AvgCadenceSPM is average cadence in steps per minute for foot sports,
	// revolutions per minute for cycling.
	AvgCadenceSPM float64
	// Device names the recording device ("garmin fenix2", "Strava"), or "".
	Device string
	// Name is the activity's title, or "".
	Name string
	// Notes is what the user wrote about the activity (a description, a
	// private note, a lifting app's workout notes), or "".
	Notes string
	// RPE is the perceived exertion, 0–10 (Borg CR10), or Missing.
	RPE float64
	// Feel is how the user felt, 0 (very weak) to 100 (very strong), as a
	// Garmin watch asks after an activity, or Missing.
	Feel float64
	// SportOrigin says where Sport came from.
	SportOrigin SportOrigin
	// Samples are the time series, in time order.
	Samples Samples
	// Laps in time order.
	Laps []Lap
	// Sets are the active strength sets, in time order. Rest sets are not kept.
	Sets []StrengthSet
}

// Local returns Start in the session's local offset.
func (s *Session) Local() time.Time {
	return s.Start.In(time.FixedZone("", s.OffsetS))
}

// LocalDate returns the session's local calendar date as YYYY-MM-DD.
func (s *Session) LocalDate() string {
	return s.Local().Format(time.DateOnly)
}

// End returns Start plus the elapsed time (or timer time, or the last sample's
// offset, whichever is known first).
func (s *Session) End() time.Time {
	d := s.ElapsedS
	if !Known(d) {
		d = s.TimerS
	}
	if !Known(d) && s.Samples.Len() > 0 {
		d = s.Samples.T[s.Samples.Len()-1]
	}
	if !Known(d) {
		d = 0
	}
	return s.Start.Add(time.Duration(d * float64(time.Second)))
}

// NewSession returns a session with every measured value Missing.
func NewSession(sport Sport, start time.Time) Session {
	return Session{
		Sport: sport, Start: start.UTC(),
		ElapsedS: Missing, TimerS: Missing, DistanceM: Missing,
		AscentM: Missing, DescentM: Missing, AvgHR: Missing, AvgCadenceSPM: Missing,
		RPE: Missing, Feel: Missing,
	}
}

// Lap is one lap of a session.
type Lap struct {
	// Start is the lap's start instant, in UTC.
	Start time.Time
	// ElapsedS and TimerS are the lap's durations in seconds.
	ElapsedS, TimerS float64
	// DistanceM is the lap's distance in metres.
	DistanceM float64
	// AscentM and DescentM are the lap's climb and descent in metres.
	AscentM, DescentM float64
	// AvgHR is average heart rate in beats per minute.
	AvgHR float64
	// AvgCadenceSPM is average cadence in steps per minute (rpm for cycling).
	AvgCadenceSPM float64
}

// NewLap returns a lap with every measured value Missing.
func NewLap(start time.Time) Lap {
	return Lap{Start: start.UTC(), ElapsedS: Missing, TimerS: Missing, DistanceM: Missing,
		AscentM: Missing, DescentM: Missing, AvgHR: Missing, AvgCadenceSPM: Missing}
}

// NoReps is the value of StrengthSet.Reps when the source did not record them.
const NoReps = -1

// StrengthSet is one active set of a strength session.
type StrengthSet struct {
	// Start is the set's start instant, in UTC.
	Start time.Time
	// DurationS is the set's duration in seconds, or Missing.
	DurationS float64
	// Category is the exercise category as a FIT exercise_category word
	// ("deadlift", "squat", "bench_press", "row", "hip_raise", "unknown").
	Category string
	// Exercise is the exercise name: a FIT exercise name word
	// ("romanian_deadlift") or, from an app, the name as the user typed it.
	Exercise string
	// Reps is the number of repetitions, or NoReps.
	Reps int
	// WeightKg is the load in kilograms, or Missing (bodyweight or not recorded).
	WeightKg float64
}

// VolumeKg returns reps × weight in kilograms, or 0 when either is unknown.
func (s StrengthSet) VolumeKg() float64 {
	if s.Reps <= 0 || !Known(s.WeightKg) {
		return 0
	}
	return float64(s.Reps) * s.WeightKg
}

// IsDeadlift reports whether the set belongs to the deadlift exercise family.
func (s StrengthSet) IsDeadlift() bool { return s.Category == CategoryDeadlift }

// CategoryDeadlift is the exercise category of the deadlift family
// (conventional, sumo, Romanian, stiff/straight-leg, trap bar, rack pull).
const CategoryDeadlift = "deadlift"

// CategoryUnknown is the category of an exercise whose name maps to none.
const CategoryUnknown = "unknown"
