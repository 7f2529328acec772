package synth

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/muktihari/fit/encoder"
	"github.com/muktihari/fit/kit/datetime"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/model"
)

// FITOptions choose how [WriteFIT] encodes a session.
type FITOptions struct {
	// OmitSession writes no session message, as a watch whose battery died
	// would: a decoder must derive the session from the records. The
	// activity message is still written, with num_sessions 0.
	OmitSession bool
	// FractionalCadence writes foot-sport cadence as integer strides/min in
	// record.cadence plus the fraction in fractional_cadence (1/128 units);
	// without it the strides/min value is rounded to an integer.
	FractionalCadence bool
	// NoLocalTimestamp omits activity.local_timestamp, so the file carries
	// no local offset.
	NoLocalTimestamp bool
	// Manufacturer is the FIT manufacturer word ("development", "garmin",
	// "strava"); "" means "development".
	Manufacturer string
}

// ErrUnknownManufacturer is returned by [WriteFIT] when
// FITOptions.Manufacturer is not a FIT manufacturer word.
var ErrUnknownManufacturer = errors.New("unknown FIT manufacturer")

// ErrTimeOutOfRange is returned by [WriteFIT] for a session that starts
// before the FIT epoch (1989-12-31) or ends after FIT times overflow (2126).
var ErrTimeOutOfRange = errors.New("time outside FIT's range")

// pauseGapS is the smallest gap between two samples, in seconds, that
// [WriteFIT] writes as a timer stop/start pair (an auto-pause).
const pauseGapS = 10

// WriteFIT writes s as a FIT activity file: file_id (type activity),
// device_info, timer events, a record per sample (timestamp start+T rounded to
// the second, position in semicircles, altitude and enhanced_altitude, heart
// rate, cadence, distance, enhanced_speed, power), laps, session, activity with
// local_timestamp = timestamp + s.OffsetS, and for strength sessions one `set`
// message per set with a rest set between consecutive active sets.
//
// Foot-sport cadence (steps/min in the model) is written as strides/min.
// Missing (NaN) values are not written at all, never as 0. A gap of 10 s or
// more between samples is written as a timer stop and start. The file is built
// in memory and written to w with one Write.
func WriteFIT(w io.Writer, s model.Session, o FITOptions) error {
	manu := typedef.ManufacturerDevelopment
	if o.Manufacturer != "" {
		manu = typedef.ManufacturerFromString(o.Manufacturer)
		if manu == typedef.ManufacturerInvalid {
			return fmt.Errorf("write fit: %w: %q", ErrUnknownManufacturer, o.Manufacturer)
		}
	}
	if s.Start.Before(datetime.Epoch()) || s.End().Sub(datetime.Epoch()) >= math.MaxUint32*time.Second {
		return fmt.Errorf("write fit: %w: %v", ErrTimeOutOfRange, s.Start)
	}
	var buf memFile
	buf.b = make([]byte, 0, 32*s.Samples.Len()+4096)
	enc, err := encoder.NewStream(&buf, encoder.WithHeaderOption(encoder.HeaderOptionNormal, 15))
	if err != nil {
		return fmt.Errorf("write fit: %w", err)
	}
	fw := &fitWriter{enc: enc, s: &s, o: o, manu: manu}
	if err := fw.write(); err != nil {
		return fmt.Errorf("write fit: %w", err)
	}
	if err := enc.SequenceCompleted(); err != nil {
		return fmt.Errorf("write fit: %w", err)
	}
	if _, err := w.Write(buf.b); err != nil {
		return fmt.Errorf("write fit: %w", err)
	}
	return nil
}

// fitWriter writes one session through a stream encoder, reusing one message.
type fitWriter struct {
	enc  *encoder.StreamEncoder
	s    *model.Session
	o    FITOptions
	manu typedef.Manufacturer
	m    proto.Message
	err  error
}

// auxMesg is a non-record message placed among the records by timestamp.
type auxMesg struct {
	ts uint32 // FIT timestamp
	// before is true for a message that belongs before a record with the
	// same timestamp (a timer start), false for one after it (a lap end).
	before bool
	write  func()
}

func (fw *fitWriter) begin(num typedef.MesgNum) {
	fw.m.Header = 0
	fw.m.Num = num
	fw.m.Fields = fw.m.Fields[:0]
	fw.m.DeveloperFields = nil
}

func (fw *fitWriter) put(num byte, v proto.Value) {
	f := factory.CreateField(fw.m.Num, num)
	f.Value = v
	fw.m.Fields = append(fw.m.Fields, f)
}

func (fw *fitWriter) end() {
	if fw.err != nil {
		return
	}
	if err := fw.enc.WriteMessage(&fw.m); err != nil {
		fw.err = fmt.Errorf("%s message: %w", fw.m.Num, err)
	}
}

// fitTime converts an instant to FIT seconds, truncating to the second.
func fitTime(t time.Time) uint32 {
	return uint32(t.Unix() - datetime.Epoch().Unix())
}

// fitDur converts seconds to a FIT scale-1000 duration, or false if unknown.
func fitDur(s float64) (uint32, bool) {
	if !model.Known(s) || s < 0 || s*1000 >= math.MaxUint32 {
		return 0, false
	}
	return uint32(math.Round(s * 1000)), true
}

// scaled returns round(v*scale+offset*scale) as a uint32 when it fits below
// max (the invalid value), or false.
func scaled(v, scale, offset float64, max uint32) (uint32, bool) {
	if !model.Known(v) {
		return 0, false
	}
	x := math.Round((v + offset) * scale)
	if x < 0 || x >= float64(max) {
		return 0, false
	}
	return uint32(x), true
}

// semicircles converts degrees to FIT semicircles, rounding.
func semicircles(deg float64) int32 {
	return int32(math.Round(deg * (1 << 31) / 180))
}

// cadenceFIT converts a model cadence (steps/min for foot sports) to the FIT
// integer and 1/128 fraction; frac is meaningful only with fractional.
func cadenceFIT(v float64, steps, fractional bool) (whole, frac uint8, ok bool) {
	if !model.Known(v) || v < 0 {
		return 0, 0, false
	}
	if steps {
		v /= 2
	}
	if !fractional {
		r := math.Round(v)
		if r > 254 {
			return 0, 0, false
		}
		return uint8(r), 0, true
	}
	q := math.Round(v * 128)
	w, f := math.Floor(q/128), math.Mod(q, 128)
	if w > 254 {
		return 0, 0, false
	}
	return uint8(w), uint8(f), true
}

func fitSport(s model.Sport) typedef.Sport {
	switch s {
	case model.Running:
		return typedef.SportRunning
	case model.Cycling:
		return typedef.SportCycling
	case model.Walking:
		return typedef.SportWalking
	case model.Hiking:
		return typedef.SportHiking
	case model.Swimming:
		return typedef.SportSwimming
	case model.Strength:
		return typedef.SportTraining
	}
	return typedef.SportGeneric
}

// fitSubSport returns the FIT sub_sport for the session, or false to write
// none. A strength session without a sub-sport is strength_training.
func fitSubSport(s *model.Session) (typedef.SubSport, bool) {
	if s.SubSport == "" {
		if s.Sport == model.Strength {
			return typedef.SubSportStrengthTraining, true
		}
		return 0, false
	}
	v := typedef.SubSportFromString(s.SubSport)
	return v, v != typedef.SubSportInvalid
}

func (fw *fitWriter) write() error {
	s := fw.s
	start := s.Start.Truncate(time.Second)
	startTS := fitTime(start)
	endTS := fitTime(s.End())
	sport := fitSport(s.Sport)
	sub, hasSub := fitSubSport(s)
	steps := s.Sport.UsesStepCadence()

	fw.begin(mesgnum.FileId)
	fw.put(fieldnum.FileIdType, proto.Uint8(uint8(typedef.FileActivity)))
	fw.put(fieldnum.FileIdManufacturer, proto.Uint16(uint16(fw.manu)))
	fw.put(fieldnum.FileIdProduct, proto.Uint16(1))
	fw.put(fieldnum.FileIdSerialNumber, proto.Uint32(0x5eed0001))
	fw.put(fieldnum.FileIdTimeCreated, proto.Uint32(startTS))
	if s.Device != "" {
		fw.put(fieldnum.FileIdProductName, proto.String(s.Device))
	}
	fw.end()

	fw.begin(mesgnum.DeviceInfo)
	fw.put(fieldnum.DeviceInfoTimestamp, proto.Uint32(startTS))
	fw.put(fieldnum.DeviceInfoDeviceIndex, proto.Uint8(uint8(typedef.DeviceIndexCreator)))
	fw.put(fieldnum.DeviceInfoManufacturer, proto.Uint16(uint16(fw.manu)))
	fw.put(fieldnum.DeviceInfoProduct, proto.Uint16(1))
	if s.Device != "" {
		fw.put(fieldnum.DeviceInfoProductName, proto.String(s.Device))
	}
	fw.end()

	fw.timerEvent(startTS, typedef.EventTypeStart)

	aux := fw.auxMessages(start, sport, sub, hasSub, steps)
	n := s.Samples.Len()
	ai := 0
	for i := 0; i < n; i++ {
		ts := startTS + uint32(max(0, math.Round(s.Samples.T[i])))
		for ai < len(aux) && (aux[ai].ts < ts || (aux[ai].ts == ts && aux[ai].before)) {
			aux[ai].write()
			ai++
		}
		fw.record(i, ts, steps)
		if fw.err != nil {
			return fw.err
		}
	}
	for ; ai < len(aux); ai++ {
		aux[ai].write()
	}

	fw.timerEvent(endTS, typedef.EventTypeStopAll)
	if !fw.o.OmitSession {
		fw.session(start, startTS, endTS, sport, sub, hasSub, steps)
	}
	fw.activity(endTS)
	return fw.err
}

func (fw *fitWriter) timerEvent(ts uint32, typ typedef.EventType) {
	fw.begin(mesgnum.Event)
	fw.put(fieldnum.EventTimestamp, proto.Uint32(ts))
	fw.put(fieldnum.EventEvent, proto.Uint8(uint8(typedef.EventTimer)))
	fw.put(fieldnum.EventEventType, proto.Uint8(uint8(typ)))
	fw.put(fieldnum.EventEventGroup, proto.Uint8(0))
	fw.end()
}

// auxMessages lists the laps, sets and pause events in timestamp order.
func (fw *fitWriter) auxMessages(start time.Time, sport typedef.Sport, sub typedef.SubSport, hasSub, steps bool) []auxMesg {
	s := fw.s
	startTS := fitTime(start)
	var aux []auxMesg
	// Pauses: a gap of pauseGapS or more between samples.
	for i := 1; i < s.Samples.Len(); i++ {
		a, b := s.Samples.T[i-1], s.Samples.T[i]
		if b-a >= pauseGapS {
			ta := startTS + uint32(max(0, math.Round(a)))
			tb := startTS + uint32(max(0, math.Round(b)))
			aux = append(aux,
				auxMesg{ts: ta, write: func() { fw.timerEvent(ta, typedef.EventTypeStopAll) }},
				auxMesg{ts: tb, before: true, write: func() { fw.timerEvent(tb, typedef.EventTypeStart) }})
		}
	}
	for i := range s.Laps {
		lap := &s.Laps[i]
		idx := uint16(i)
		ts := fitTime(lap.Start)
		if d, ok := fitDur(lap.ElapsedS); ok {
			ts = fitTime(lap.Start.Add(time.Duration(d) * time.Millisecond))
		}
		aux = append(aux, auxMesg{ts: ts, write: func() { fw.lap(lap, idx, ts, sport, sub, hasSub, steps) }})
	}
	var msgIdx uint16
	for i := range s.Sets {
		set := &s.Sets[i]
		if i > 0 {
			prev := &s.Sets[i-1]
			prevEnd := prev.Start
			if d, ok := fitDur(prev.DurationS); ok {
				prevEnd = prev.Start.Add(time.Duration(d) * time.Millisecond)
			}
			if rest := set.Start.Sub(prevEnd); rest >= time.Second {
				idx := msgIdx
				msgIdx++
				ts := fitTime(set.Start)
				aux = append(aux, auxMesg{ts: ts, write: func() { fw.restSet(idx, ts, prevEnd, rest) }})
			}
		}
		idx := msgIdx
		msgIdx++
		ts := fitTime(set.Start)
		if d, ok := fitDur(set.DurationS); ok {
			ts = fitTime(set.Start.Add(time.Duration(d) * time.Millisecond))
		}
		aux = append(aux, auxMesg{ts: ts, write: func() { fw.activeSet(set, idx, ts) }})
	}
	slices.SortStableFunc(aux, func(a, b auxMesg) int {
		if a.ts != b.ts {
			return int(int64(a.ts) - int64(b.ts))
		}
		switch {
		case a.before && !b.before:
			return -1
		case !a.before && b.before:
			return 1
		}
		return 0
	})
	return aux
}

func (fw *fitWriter) record(i int, ts uint32, steps bool) {
	x := &fw.s.Samples
	fw.begin(mesgnum.Record)
	fw.put(fieldnum.RecordTimestamp, proto.Uint32(ts))
	if lat, lon := x.Lat[i], x.Lon[i]; model.Known(lat) && model.Known(lon) &&
		math.Abs(lat) <= 90 && math.Abs(lon) <= 180 {
		fw.put(fieldnum.RecordPositionLat, proto.Int32(semicircles(lat)))
		fw.put(fieldnum.RecordPositionLong, proto.Int32(semicircles(lon)))
	}
	if v, ok := scaled(x.AltM[i], 5, 500, math.MaxUint32); ok {
		if v < math.MaxUint16 {
			fw.put(fieldnum.RecordAltitude, proto.Uint16(uint16(v)))
		}
		fw.put(fieldnum.RecordEnhancedAltitude, proto.Uint32(v))
	}
	if v, ok := scaled(x.HR[i], 1, 0, math.MaxUint8); ok {
		fw.put(fieldnum.RecordHeartRate, proto.Uint8(uint8(v)))
	}
	if c, f, ok := cadenceFIT(x.CadenceSPM[i], steps, fw.o.FractionalCadence); ok {
		fw.put(fieldnum.RecordCadence, proto.Uint8(c))
		if fw.o.FractionalCadence {
			fw.put(fieldnum.RecordFractionalCadence, proto.Uint8(f))
		}
	}
	if v, ok := scaled(x.DistM[i], 100, 0, math.MaxUint32); ok {
		fw.put(fieldnum.RecordDistance, proto.Uint32(v))
	}
	if v, ok := scaled(x.SpeedMPS[i], 1000, 0, math.MaxUint32); ok {
		fw.put(fieldnum.RecordEnhancedSpeed, proto.Uint32(v))
	}
	if v, ok := scaled(x.PowerW[i], 1, 0, math.MaxUint16); ok {
		fw.put(fieldnum.RecordPower, proto.Uint16(uint16(v)))
	}
	fw.end()
}

// summaryNums are the field numbers of the totals lap and session share.
type summaryNums struct {
	elapsed, timer, dist, ascent, descent, hr, cad, frac, speed byte
}

var (
	lapNums = summaryNums{fieldnum.LapTotalElapsedTime, fieldnum.LapTotalTimerTime,
		fieldnum.LapTotalDistance, fieldnum.LapTotalAscent, fieldnum.LapTotalDescent,
		fieldnum.LapAvgHeartRate, fieldnum.LapAvgCadence, fieldnum.LapAvgFractionalCadence,
		fieldnum.LapEnhancedAvgSpeed}
	sessionNums = summaryNums{fieldnum.SessionTotalElapsedTime, fieldnum.SessionTotalTimerTime,
		fieldnum.SessionTotalDistance, fieldnum.SessionTotalAscent, fieldnum.SessionTotalDescent,
		fieldnum.SessionAvgHeartRate, fieldnum.SessionAvgCadence, fieldnum.SessionAvgFractionalCadence,
		fieldnum.SessionEnhancedAvgSpeed}
)

func (fw *fitWriter) summary(n summaryNums, elapsed, timer, dist, ascent, descent, hr, cad float64, steps bool) {
	if v, ok := fitDur(elapsed); ok {
		fw.put(n.elapsed, proto.Uint32(v))
	}
	if v, ok := fitDur(timer); ok {
		fw.put(n.timer, proto.Uint32(v))
	}
	if v, ok := scaled(dist, 100, 0, math.MaxUint32); ok {
		fw.put(n.dist, proto.Uint32(v))
		if model.Known(timer) && timer > 0 {
			if sp, ok := scaled(dist/timer, 1000, 0, math.MaxUint32); ok {
				fw.put(n.speed, proto.Uint32(sp))
			}
		}
	}
	if v, ok := scaled(ascent, 1, 0, math.MaxUint16); ok {
		fw.put(n.ascent, proto.Uint16(uint16(v)))
	}
	if v, ok := scaled(descent, 1, 0, math.MaxUint16); ok {
		fw.put(n.descent, proto.Uint16(uint16(v)))
	}
	if v, ok := scaled(hr, 1, 0, math.MaxUint8); ok {
		fw.put(n.hr, proto.Uint8(uint8(v)))
	}
	if c, f, ok := cadenceFIT(cad, steps, fw.o.FractionalCadence); ok {
		fw.put(n.cad, proto.Uint8(c))
		if fw.o.FractionalCadence {
			fw.put(n.frac, proto.Uint8(f))
		}
	}
}

func (fw *fitWriter) lap(l *model.Lap, idx uint16, ts uint32, sport typedef.Sport, sub typedef.SubSport, hasSub, steps bool) {
	fw.begin(mesgnum.Lap)
	fw.put(fieldnum.LapMessageIndex, proto.Uint16(idx))
	fw.put(fieldnum.LapTimestamp, proto.Uint32(ts))
	fw.put(fieldnum.LapEvent, proto.Uint8(uint8(typedef.EventLap)))
	fw.put(fieldnum.LapEventType, proto.Uint8(uint8(typedef.EventTypeStop)))
	fw.put(fieldnum.LapStartTime, proto.Uint32(fitTime(l.Start)))
	fw.summary(lapNums, l.ElapsedS, l.TimerS, l.DistanceM, l.AscentM, l.DescentM, l.AvgHR, l.AvgCadenceSPM, steps)
	fw.put(fieldnum.LapSport, proto.Uint8(uint8(sport)))
	if hasSub {
		fw.put(fieldnum.LapSubSport, proto.Uint8(uint8(sub)))
	}
	fw.end()
}

func (fw *fitWriter) session(start time.Time, startTS, endTS uint32, sport typedef.Sport, sub typedef.SubSport, hasSub, steps bool) {
	s := fw.s
	fw.begin(mesgnum.Session)
	fw.put(fieldnum.SessionMessageIndex, proto.Uint16(0))
	fw.put(fieldnum.SessionTimestamp, proto.Uint32(endTS))
	fw.put(fieldnum.SessionEvent, proto.Uint8(uint8(typedef.EventSession)))
	fw.put(fieldnum.SessionEventType, proto.Uint8(uint8(typedef.EventTypeStop)))
	fw.put(fieldnum.SessionStartTime, proto.Uint32(startTS))
	for i := 0; i < s.Samples.Len(); i++ {
		if lat, lon := s.Samples.Lat[i], s.Samples.Lon[i]; model.Known(lat) && model.Known(lon) {
			fw.put(fieldnum.SessionStartPositionLat, proto.Int32(semicircles(lat)))
			fw.put(fieldnum.SessionStartPositionLong, proto.Int32(semicircles(lon)))
			break
		}
	}
	fw.put(fieldnum.SessionSport, proto.Uint8(uint8(sport)))
	if hasSub {
		fw.put(fieldnum.SessionSubSport, proto.Uint8(uint8(sub)))
	}
	elapsed := s.ElapsedS
	if !model.Known(elapsed) {
		elapsed = float64(endTS - startTS)
	}
	fw.summary(sessionNums, elapsed, s.TimerS, s.DistanceM, s.AscentM, s.DescentM, s.AvgHR, s.AvgCadenceSPM, steps)
	if len(s.Laps) > 0 {
		fw.put(fieldnum.SessionFirstLapIndex, proto.Uint16(0))
		fw.put(fieldnum.SessionNumLaps, proto.Uint16(uint16(min(len(s.Laps), math.MaxUint16-1))))
	}
	fw.put(fieldnum.SessionTrigger, proto.Uint8(uint8(typedef.SessionTriggerActivityEnd)))
	// How it felt and the perceived effort, as a Garmin watch asks after
	// the activity (RPE written × 10).
	if v, ok := scaled(s.Feel, 1, 0, 101); ok && model.Known(s.Feel) {
		fw.put(fieldnum.SessionWorkoutFeel, proto.Uint8(uint8(v)))
	}
	if v, ok := scaled(s.RPE, 10, 0, 101); ok && model.Known(s.RPE) {
		fw.put(fieldnum.SessionWorkoutRpe, proto.Uint8(uint8(v)))
	}
	fw.end()
}

func (fw *fitWriter) activity(endTS uint32) {
	s := fw.s
	fw.begin(mesgnum.Activity)
	fw.put(fieldnum.ActivityTimestamp, proto.Uint32(endTS))
	if v, ok := fitDur(s.TimerS); ok {
		fw.put(fieldnum.ActivityTotalTimerTime, proto.Uint32(v))
	}
	num := uint16(1)
	if fw.o.OmitSession {
		num = 0
	}
	fw.put(fieldnum.ActivityNumSessions, proto.Uint16(num))
	fw.put(fieldnum.ActivityType, proto.Uint8(uint8(typedef.ActivityManual)))
	fw.put(fieldnum.ActivityEvent, proto.Uint8(uint8(typedef.EventActivity)))
	fw.put(fieldnum.ActivityEventType, proto.Uint8(uint8(typedef.EventTypeStop)))
	if !fw.o.NoLocalTimestamp {
		fw.put(fieldnum.ActivityLocalTimestamp, proto.Uint32(uint32(int64(endTS)+int64(s.OffsetS))))
	}
	fw.end()
}

func (fw *fitWriter) activeSet(set *model.StrengthSet, idx uint16, ts uint32) {
	fw.begin(mesgnum.Set)
	fw.put(fieldnum.SetTimestamp, proto.Uint32(ts))
	if v, ok := fitDur(set.DurationS); ok {
		fw.put(fieldnum.SetDuration, proto.Uint32(v))
	}
	if set.Reps >= 0 && set.Reps < math.MaxUint16 {
		fw.put(fieldnum.SetRepetitions, proto.Uint16(uint16(set.Reps)))
	}
	if v, ok := scaled(set.WeightKg, 16, 0, math.MaxUint16); ok {
		fw.put(fieldnum.SetWeight, proto.Uint16(uint16(v)))
	}
	fw.put(fieldnum.SetSetType, proto.Uint8(uint8(typedef.SetTypeActive)))
	fw.put(fieldnum.SetStartTime, proto.Uint32(fitTime(set.Start)))
	cat, sub, ok := ExerciseNumbers(set.Category, set.Exercise)
	fw.put(fieldnum.SetCategory, proto.SliceUint16([]uint16{uint16(cat)}))
	if ok {
		fw.put(fieldnum.SetCategorySubtype, proto.SliceUint16([]uint16{sub}))
	}
	fw.put(fieldnum.SetMessageIndex, proto.Uint16(idx))
	fw.end()
}

func (fw *fitWriter) restSet(idx uint16, ts uint32, start time.Time, d time.Duration) {
	fw.begin(mesgnum.Set)
	fw.put(fieldnum.SetTimestamp, proto.Uint32(ts))
	if v, ok := fitDur(d.Seconds()); ok {
		fw.put(fieldnum.SetDuration, proto.Uint32(v))
	}
	fw.put(fieldnum.SetSetType, proto.Uint8(uint8(typedef.SetTypeRest)))
	fw.put(fieldnum.SetStartTime, proto.Uint32(fitTime(start)))
	fw.put(fieldnum.SetMessageIndex, proto.Uint16(idx))
	fw.end()
}

// exerciseNames maps an exercise category word to the parser of its
// exercise-name words (typedef's <category>_exercise_name).
var exerciseNames = map[typedef.ExerciseCategory]func(string) (uint16, bool){
	typedef.ExerciseCategoryDeadlift: func(s string) (uint16, bool) {
		v := typedef.DeadliftExerciseNameFromString(s)
		return uint16(v), v != typedef.DeadliftExerciseNameInvalid
	},
	typedef.ExerciseCategorySquat: func(s string) (uint16, bool) {
		v := typedef.SquatExerciseNameFromString(s)
		return uint16(v), v != typedef.SquatExerciseNameInvalid
	},
	typedef.ExerciseCategoryRow: func(s string) (uint16, bool) {
		v := typedef.RowExerciseNameFromString(s)
		return uint16(v), v != typedef.RowExerciseNameInvalid
	},
	typedef.ExerciseCategoryHipRaise: func(s string) (uint16, bool) {
		v := typedef.HipRaiseExerciseNameFromString(s)
		return uint16(v), v != typedef.HipRaiseExerciseNameInvalid
	},
	typedef.ExerciseCategoryBenchPress: func(s string) (uint16, bool) {
		v := typedef.BenchPressExerciseNameFromString(s)
		return uint16(v), v != typedef.BenchPressExerciseNameInvalid
	},
	typedef.ExerciseCategoryLunge: func(s string) (uint16, bool) {
		v := typedef.LungeExerciseNameFromString(s)
		return uint16(v), v != typedef.LungeExerciseNameInvalid
	},
	typedef.ExerciseCategoryHipSwing: func(s string) (uint16, bool) {
		v := typedef.HipSwingExerciseNameFromString(s)
		return uint16(v), v != typedef.HipSwingExerciseNameInvalid
	},
	typedef.ExerciseCategoryHyperextension: func(s string) (uint16, bool) {
		v := typedef.HyperextensionExerciseNameFromString(s)
		return uint16(v), v != typedef.HyperextensionExerciseNameInvalid
	},
	typedef.ExerciseCategoryLegCurl: func(s string) (uint16, bool) {
		v := typedef.LegCurlExerciseNameFromString(s)
		return uint16(v), v != typedef.LegCurlExerciseNameInvalid
	},
	typedef.ExerciseCategoryPlank: func(s string) (uint16, bool) {
		v := typedef.PlankExerciseNameFromString(s)
		return uint16(v), v != typedef.PlankExerciseNameInvalid
	},
	typedef.ExerciseCategoryShoulderPress: func(s string) (uint16, bool) {
		v := typedef.ShoulderPressExerciseNameFromString(s)
		return uint16(v), v != typedef.ShoulderPressExerciseNameInvalid
	},
	typedef.ExerciseCategoryPullUp: func(s string) (uint16, bool) {
		v := typedef.PullUpExerciseNameFromString(s)
		return uint16(v), v != typedef.PullUpExerciseNameInvalid
	},
	typedef.ExerciseCategoryCalfRaise: func(s string) (uint16, bool) {
		v := typedef.CalfRaiseExerciseNameFromString(s)
		return uint16(v), v != typedef.CalfRaiseExerciseNameInvalid
	},
}

// ExerciseNumbers maps a model exercise category word ("deadlift",
// "bench_press") and exercise-name word ("romanian_deadlift") to FIT's
// exercise_category value and category_subtype (exercise name) number. An
// unknown category gives exercise_category unknown (65534); ok is false when
// the exercise name is not a FIT word of that category.
func ExerciseNumbers(category, exercise string) (cat typedef.ExerciseCategory, sub uint16, ok bool) {
	cat = typedef.ExerciseCategoryFromString(strings.ToLower(category))
	if cat == typedef.ExerciseCategoryInvalid {
		return typedef.ExerciseCategoryUnknown, 0, false
	}
	parse, found := exerciseNames[cat]
	if !found || exercise == "" {
		return cat, 0, false
	}
	if sub, ok = parse(strings.ToLower(exercise)); !ok {
		return cat, 0, false
	}
	return cat, sub, true
}

// memFile is an in-memory io.Writer and io.WriterAt, which lets the stream
// encoder patch the file header after writing the messages.
type memFile struct{ b []byte }

func (f *memFile) Write(p []byte) (int, error) {
	f.b = append(f.b, p...)
	return len(p), nil
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("memfile: negative offset")
	}
	if end := int(off) + len(p); end > len(f.b) {
		f.b = append(f.b, make([]byte, end-len(f.b))...)
	}
	copy(f.b[off:], p)
	return len(p), nil
}
