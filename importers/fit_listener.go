package importers

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/factory"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/model"
)

// fitFieldFactory hands muktihari's decoder the field definitions: the
// standard profile's, stripped of components, for the fields the model reads;
// a plain one-byte "ignored" field for everything else (so that unknown or
// unused fields cost no allocation and no component expansion); and the
// standard definitions for the developer-data messages the decoder itself
// needs. Every message keeps its timestamp (field 253) so that compressed
// timestamp headers still work. It is immutable and shared.
type fitFieldFactory struct {
	table [mesgnum.Set + 1]*[256]*proto.FieldBase
	std   *factory.Factory
}

// fitFactory returns the shared factory, built on first use: building it
// costs about 300 allocations that a process that never decodes FIT (or
// only prints --help) should not pay at start-up.
var fitFactory = sync.OnceValue(newFITFieldFactory)

var (
	fitIgnored   [256]*proto.FieldBase // one-byte placeholders, by field number
	fitTimestamp = &proto.FieldBase{Name: "timestamp", Num: proto.FieldNumTimestamp,
		Type: 0, BaseType: basetype.Uint32, Scale: 1, Units: "s"}
)

func newFITFieldFactory() *fitFieldFactory {
	f := &fitFieldFactory{std: factory.StandardFactory()}
	// fitWanted lists the fields read from each message.
	fitWanted := map[uint16][]byte{
		mesgnum.FileId: {fieldnum.FileIdType, fieldnum.FileIdManufacturer, fieldnum.FileIdProduct,
			fieldnum.FileIdTimeCreated, fieldnum.FileIdProductName, fieldnum.FileIdSerialNumber},
		mesgnum.Sport: {fieldnum.SportSport, fieldnum.SportSubSport},
		mesgnum.Session: {fieldnum.SessionTimestamp, fieldnum.SessionStartTime, fieldnum.SessionSport,
			fieldnum.SessionSubSport, fieldnum.SessionTotalElapsedTime, fieldnum.SessionTotalTimerTime,
			fieldnum.SessionTotalDistance, fieldnum.SessionAvgHeartRate, fieldnum.SessionAvgCadence,
			fieldnum.SessionTotalAscent, fieldnum.SessionTotalDescent, fieldnum.SessionAvgFractionalCadence,
			fieldnum.SessionWorkoutFeel, fieldnum.SessionWorkoutRpe},
		mesgnum.Lap: {fieldnum.LapTimestamp, fieldnum.LapStartTime, fieldnum.LapTotalElapsedTime,
			fieldnum.LapTotalTimerTime, fieldnum.LapTotalDistance, fieldnum.LapAvgHeartRate, fieldnum.LapAvgCadence,
			fieldnum.LapTotalAscent, fieldnum.LapTotalDescent, fieldnum.LapSport, fieldnum.LapSubSport,
			fieldnum.LapAvgFractionalCadence},
		mesgnum.Record: {fieldnum.RecordTimestamp, fieldnum.RecordPositionLat, fieldnum.RecordPositionLong,
			fieldnum.RecordAltitude, fieldnum.RecordHeartRate, fieldnum.RecordCadence, fieldnum.RecordDistance,
			fieldnum.RecordSpeed, fieldnum.RecordPower, fieldnum.RecordCompressedSpeedDistance,
			fieldnum.RecordCadence256, fieldnum.RecordFractionalCadence, fieldnum.RecordEnhancedSpeed,
			fieldnum.RecordEnhancedAltitude, fieldnum.RecordStanceTime, fieldnum.RecordStanceTimeBalance,
			fieldnum.RecordVerticalOscillation, fieldnum.RecordVerticalRatio, fieldnum.RecordStepLength},
		mesgnum.DeviceInfo: {fieldnum.DeviceInfoTimestamp, fieldnum.DeviceInfoDeviceIndex,
			fieldnum.DeviceInfoManufacturer, fieldnum.DeviceInfoProduct, fieldnum.DeviceInfoProductName,
			fieldnum.DeviceInfoSerialNumber, fieldnum.DeviceInfoDeviceType, fieldnum.DeviceInfoSourceType},
		mesgnum.Activity: {fieldnum.ActivityTimestamp, fieldnum.ActivityLocalTimestamp},
		mesgnum.Set: {fieldnum.SetTimestamp, fieldnum.SetDuration, fieldnum.SetRepetitions, fieldnum.SetWeight,
			fieldnum.SetSetType, fieldnum.SetStartTime, fieldnum.SetCategory, fieldnum.SetCategorySubtype},
	}
	for i := range fitIgnored {
		fitIgnored[i] = &proto.FieldBase{Name: "ignored", Num: byte(i), BaseType: basetype.Byte, Scale: 1}
	}
	fitTimestamp.Type = f.std.CreateField(mesgnum.Record, proto.FieldNumTimestamp).Type
	for num, fields := range fitWanted {
		t := new([256]*proto.FieldBase)
		for _, fn := range fields {
			std := f.std.CreateField(typedef.MesgNum(num), fn)
			fb := *std.FieldBase
			fb.Components, fb.SubFields, fb.Accumulate = nil, nil, false
			t[fn] = &fb
		}
		f.table[num] = t
	}
	return f
}

// CreateField implements decoder.Factory.
func (f *fitFieldFactory) CreateField(mesgNum typedef.MesgNum, num byte) proto.Field {
	if mesgNum == mesgnum.FieldDescription || mesgNum == mesgnum.DeveloperDataId {
		return f.std.CreateField(mesgNum, num)
	}
	if int(mesgNum) < len(f.table) {
		if t := f.table[mesgNum]; t != nil {
			if fb := t[num]; fb != nil {
				return proto.Field{FieldBase: fb}
			}
		}
	}
	if num == proto.FieldNumTimestamp {
		return proto.Field{FieldBase: fitTimestamp}
	}
	return proto.Field{FieldBase: fitIgnored[num]}
}

// fitRecChunk is the number of records per staging chunk.
const fitRecChunk = 8192

// fitRecChunksKept is how many staging chunks a decoder keeps for reuse
// between files (about 9 MB); the rest go to the garbage collector.
const fitRecChunksKept = 16

// fitRecs stages records in fixed-size chunks (T in FIT seconds, cadence in
// strides or rpm) so that a long file costs no re-growing copies; the
// session builder copies them once into exact-size columns.
type fitRecs struct {
	chunks [][]model.Sample
	n      int
}

func (r *fitRecs) reset() {
	if len(r.chunks) > fitRecChunksKept {
		clear(r.chunks[fitRecChunksKept:])
		r.chunks = r.chunks[:fitRecChunksKept]
	}
	r.n = 0
}

// add returns a pointer to a new record slot.
func (r *fitRecs) add() *model.Sample {
	c, i := r.n/fitRecChunk, r.n%fitRecChunk
	if c == len(r.chunks) {
		r.chunks = append(r.chunks, make([]model.Sample, fitRecChunk))
	}
	r.n++
	return &r.chunks[c][i]
}

// at returns record i.
func (r *fitRecs) at(i int) *model.Sample { return &r.chunks[i/fitRecChunk][i%fitRecChunk] }

// fitSegInfo is what one FIT file of a chain said about itself.
type fitSegInfo struct {
	fileType     typedef.File
	recStart     int // index of the segment's first record in fitListener.recs
	manufacturer uint16
	product      uint16
	productName  string
	serial       uint32 // file_id.serial_number (uint32z: 0 is none)
	creatorMfr   uint16 // device_info of device_index 0 (the creator), a fallback
	creatorProd  uint16
	creatorName  string
	creatorSer   uint32
	// creator255 is the device_info of device_index 255, which Coros
	// writes for its creator instead of 0.
	creator255 struct {
		mfr, prod uint16
		name      string
		serial    uint32
		seen      bool
	}
	// rdSensor names the running-dynamics sensor: the device_info from
	// ANT+ of device type 30 (hrm_run, hrm_tri, hrm4_run, the RD pod), "".
	rdSensor  string
	offsetS   int
	hasOffset bool
	sport     uint8
	subSport  uint8
	hasSport  bool
}

type fitSession struct {
	seg                  int
	ts, start            uint32
	sport, subSport      uint8
	elapsed, timer, dist uint32
	hr, cad, fracCad     uint8
	ascent, descent      uint16
	feel, rpe            uint8 // workout_feel (0–100), workout_rpe (0–100: RPE × 10)
}

type fitLap struct {
	seg                  int
	ts, start            uint32
	elapsed, timer, dist uint32
	hr, cad, fracCad     uint8
	ascent, descent      uint16
	sport, subSport      uint8
}

type fitSet struct {
	seg                 int
	ts, start, duration uint32
	reps, weight        uint16
	setType             uint8
	category, subtype   uint16
}

// fitListener receives every decoded message synchronously and keeps what
// the model needs. Records go straight into columnar samples with T in FIT
// seconds and cadence in strides (or rpm); fitDecoder.build converts them.
type fitListener struct {
	frame *fitFramer
	seg   int
	segs  []fitSegInfo

	recs        fitRecs
	recDropped  int
	recRelative int
	recNoTime   int
	keptRecords int
	sessions    []fitSession
	laps        []fitLap
	sets        []fitSet
	fieldDescs  int
	owner       []int32 // scratch: the session of each record
	capped      string
	form        fitForm

	// compressed_speed_distance accumulation
	csdLast uint32
	csdAcc  uint64
}

func (l *fitListener) reset() {
	l.seg = 0
	l.segs = l.segs[:0]
	l.recs.reset()
	l.recDropped, l.recRelative, l.recNoTime, l.keptRecords = 0, 0, 0, 0
	l.sessions = l.sessions[:0]
	l.laps = l.laps[:0]
	l.sets = l.sets[:0]
	l.fieldDescs = 0
	l.capped = ""
	l.csdLast, l.csdAcc = 0, 0
	l.form.reset()
}

func (l *fitListener) beginSegment(seg int) {
	l.seg = seg
	for len(l.segs) <= seg {
		l.segs = append(l.segs, fitSegInfo{
			fileType: typedef.FileInvalid, recStart: l.recs.n,
			manufacturer: basetype.Uint16Invalid, product: basetype.Uint16Invalid,
			creatorMfr: basetype.Uint16Invalid, creatorProd: basetype.Uint16Invalid,
			sport: basetype.EnumInvalid, subSport: basetype.EnumInvalid,
		})
	}
	l.csdLast, l.csdAcc = 0, 0
	l.form.beginSegment()
}

// OnMesg implements decoder.MesgListener.
func (l *fitListener) OnMesg(m proto.Message) {
	if len(l.segs) == 0 {
		l.beginSegment(0)
	}
	switch m.Num {
	case mesgnum.Record:
		l.onRecord(&m)
	case mesgnum.Session:
		l.onSession(&m)
	case mesgnum.Lap:
		l.onLap(&m)
	case mesgnum.Set:
		l.onSet(&m)
	case mesgnum.FileId:
		l.onFileID(&m)
	case mesgnum.Activity:
		l.onActivity(&m)
	case mesgnum.DeviceInfo:
		l.onDeviceInfo(&m)
	case mesgnum.Sport:
		seg := &l.segs[l.seg]
		if !seg.hasSport {
			seg.sport = m.FieldValueByNum(fieldnum.SportSport).Uint8()
			seg.subSport = m.FieldValueByNum(fieldnum.SportSubSport).Uint8()
			seg.hasSport = seg.sport != basetype.EnumInvalid
		}
	case mesgnum.FieldDescription:
		l.fieldDescs++
		if l.fieldDescs > fitMaxFieldDescs {
			l.frame.abort = errTooComplex
		}
		l.onFieldDescription(&m)
	case mesgnum.DeveloperDataId:
		l.onDeveloperDataID(&m)
	}
}

func (l *fitListener) onRecord(m *proto.Message) {
	var (
		ts                 = basetype.Uint32Invalid
		lat, lon           = basetype.Sint32Invalid, basetype.Sint32Invalid
		alt16, spd16, pow  = basetype.Uint16Invalid, basetype.Uint16Invalid, basetype.Uint16Invalid
		cad256             = basetype.Uint16Invalid
		alt32, spd32, dist = basetype.Uint32Invalid, basetype.Uint32Invalid, basetype.Uint32Invalid
		hr, cad, frac      = basetype.Uint8Invalid, basetype.Uint8Invalid, basetype.Uint8Invalid
		csd                []uint8
		native             = emptyFormRec.native
	)
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.RecordTimestamp:
			ts = f.Value.Uint32()
		case fieldnum.RecordPositionLat:
			lat = f.Value.Int32()
		case fieldnum.RecordPositionLong:
			lon = f.Value.Int32()
		case fieldnum.RecordAltitude:
			alt16 = f.Value.Uint16()
		case fieldnum.RecordHeartRate:
			hr = f.Value.Uint8()
		case fieldnum.RecordCadence:
			cad = f.Value.Uint8()
		case fieldnum.RecordDistance:
			dist = f.Value.Uint32()
		case fieldnum.RecordSpeed:
			spd16 = f.Value.Uint16()
		case fieldnum.RecordPower:
			pow = f.Value.Uint16()
		case fieldnum.RecordCompressedSpeedDistance:
			csd = f.Value.SliceUint8()
		case fieldnum.RecordCadence256:
			cad256 = f.Value.Uint16()
		case fieldnum.RecordFractionalCadence:
			frac = f.Value.Uint8()
		case fieldnum.RecordEnhancedSpeed:
			spd32 = f.Value.Uint32()
		case fieldnum.RecordEnhancedAltitude:
			alt32 = f.Value.Uint32()
		case fieldnum.RecordStanceTime:
			native[0] = f.Value.Uint16()
		case fieldnum.RecordStanceTimeBalance:
			native[1] = f.Value.Uint16()
		case fieldnum.RecordVerticalOscillation:
			native[2] = f.Value.Uint16()
		case fieldnum.RecordVerticalRatio:
			native[3] = f.Value.Uint16()
		case fieldnum.RecordStepLength:
			native[4] = f.Value.Uint16()
		}
	}

	var speedC, distC = model.Missing, model.Missing
	if len(csd) == 3 && !(csd[0] == 0xFF && csd[1] == 0xFF && csd[2] == 0xFF) {
		// 12 bits speed (1/100 m/s), 12 bits distance (1/16 m, accumulating).
		speedC = float64(uint32(csd[0])|uint32(csd[1]&0x0F)<<8) / 100
		d := uint32(csd[1]>>4) | uint32(csd[2])<<4
		l.csdAcc += uint64((d - l.csdLast) & 0xFFF)
		l.csdLast = d
		distC = float64(l.csdAcc) / 16
	}

	switch {
	case ts == basetype.Uint32Invalid:
		l.recNoTime++
		return
	case l.recs.n >= fitMaxRecords:
		l.recDropped++
		return
	}
	l.onRecordForm(l.recs.n, m, &native)
	s := l.recs.add()
	*s = model.MissingSample(float64(ts))
	s.SpeedMPS, s.DistM = speedC, distC
	if lat != basetype.Sint32Invalid && lon != basetype.Sint32Invalid {
		s.Lat = float64(lat) * semicircleDeg
		s.Lon = float64(lon) * semicircleDeg
	}
	// (raw - 2500) / 5 rather than raw/5 - 500: the same metres, but one
	// rounding, so the value is exactly a tenth of a metre's multiple as a
	// decimal and the store keeps it in a byte or two (store/samples.go).
	if alt32 != basetype.Uint32Invalid {
		s.AltM = (float64(alt32) - 2500) / 5
	} else if alt16 != basetype.Uint16Invalid {
		s.AltM = (float64(alt16) - 2500) / 5
	}
	if dist != basetype.Uint32Invalid {
		s.DistM = float64(dist) / 100
	}
	if spd32 != basetype.Uint32Invalid {
		s.SpeedMPS = float64(spd32) / 1000
	} else if spd16 != basetype.Uint16Invalid {
		s.SpeedMPS = float64(spd16) / 1000
	}
	s.HR = hrValue(hr)
	if cad != basetype.Uint8Invalid {
		s.CadenceSPM = float64(cad)
		if frac != basetype.Uint8Invalid {
			s.CadenceSPM += float64(frac) / 128
		}
	} else if cad256 != basetype.Uint16Invalid {
		s.CadenceSPM = float64(cad256) / 256
	}
	if pow != basetype.Uint16Invalid {
		s.PowerW = float64(pow)
	}
}

func (l *fitListener) onSession(m *proto.Message) {
	if len(l.sessions) >= fitMaxSessions {
		l.capped = fmt.Sprintf("kept the first %d sessions; the rest were dropped", fitMaxSessions)
		return
	}
	s := fitSession{seg: l.seg}
	s.ts, s.start = basetype.Uint32Invalid, basetype.Uint32Invalid
	s.sport, s.subSport = basetype.EnumInvalid, basetype.EnumInvalid
	s.elapsed, s.timer, s.dist = basetype.Uint32Invalid, basetype.Uint32Invalid, basetype.Uint32Invalid
	s.hr, s.cad, s.fracCad = basetype.Uint8Invalid, basetype.Uint8Invalid, basetype.Uint8Invalid
	s.ascent, s.descent = basetype.Uint16Invalid, basetype.Uint16Invalid
	s.feel, s.rpe = basetype.Uint8Invalid, basetype.Uint8Invalid
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.SessionWorkoutFeel:
			s.feel = f.Value.Uint8()
		case fieldnum.SessionWorkoutRpe:
			s.rpe = f.Value.Uint8()
		case fieldnum.SessionTimestamp:
			s.ts = f.Value.Uint32()
		case fieldnum.SessionStartTime:
			s.start = f.Value.Uint32()
		case fieldnum.SessionSport:
			s.sport = f.Value.Uint8()
		case fieldnum.SessionSubSport:
			s.subSport = f.Value.Uint8()
		case fieldnum.SessionTotalElapsedTime:
			s.elapsed = f.Value.Uint32()
		case fieldnum.SessionTotalTimerTime:
			s.timer = f.Value.Uint32()
		case fieldnum.SessionTotalDistance:
			s.dist = f.Value.Uint32()
		case fieldnum.SessionAvgHeartRate:
			s.hr = f.Value.Uint8()
		case fieldnum.SessionAvgCadence:
			s.cad = f.Value.Uint8()
		case fieldnum.SessionAvgFractionalCadence:
			s.fracCad = f.Value.Uint8()
		case fieldnum.SessionTotalAscent:
			s.ascent = f.Value.Uint16()
		case fieldnum.SessionTotalDescent:
			s.descent = f.Value.Uint16()
		}
	}
	l.sessions = append(l.sessions, s)
}

func (l *fitListener) onLap(m *proto.Message) {
	if len(l.laps) >= fitMaxLaps {
		l.capped = fmt.Sprintf("kept the first %d laps; the rest were dropped", fitMaxLaps)
		return
	}
	p := fitLap{seg: l.seg}
	p.ts, p.start = basetype.Uint32Invalid, basetype.Uint32Invalid
	p.elapsed, p.timer, p.dist = basetype.Uint32Invalid, basetype.Uint32Invalid, basetype.Uint32Invalid
	p.hr, p.cad, p.fracCad = basetype.Uint8Invalid, basetype.Uint8Invalid, basetype.Uint8Invalid
	p.ascent, p.descent = basetype.Uint16Invalid, basetype.Uint16Invalid
	p.sport, p.subSport = basetype.EnumInvalid, basetype.EnumInvalid
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.LapTimestamp:
			p.ts = f.Value.Uint32()
		case fieldnum.LapStartTime:
			p.start = f.Value.Uint32()
		case fieldnum.LapTotalElapsedTime:
			p.elapsed = f.Value.Uint32()
		case fieldnum.LapTotalTimerTime:
			p.timer = f.Value.Uint32()
		case fieldnum.LapTotalDistance:
			p.dist = f.Value.Uint32()
		case fieldnum.LapAvgHeartRate:
			p.hr = f.Value.Uint8()
		case fieldnum.LapAvgCadence:
			p.cad = f.Value.Uint8()
		case fieldnum.LapAvgFractionalCadence:
			p.fracCad = f.Value.Uint8()
		case fieldnum.LapTotalAscent:
			p.ascent = f.Value.Uint16()
		case fieldnum.LapTotalDescent:
			p.descent = f.Value.Uint16()
		case fieldnum.LapSport:
			p.sport = f.Value.Uint8()
		case fieldnum.LapSubSport:
			p.subSport = f.Value.Uint8()
		}
	}
	l.laps = append(l.laps, p)
	if seg := &l.segs[l.seg]; !seg.hasSport && p.sport != basetype.EnumInvalid {
		// A hint for a file without session messages; a sport message wins.
		seg.sport, seg.subSport = p.sport, p.subSport
	}
}

func (l *fitListener) onSet(m *proto.Message) {
	if len(l.sets) >= fitMaxSets {
		l.capped = fmt.Sprintf("kept the first %d strength sets; the rest were dropped", fitMaxSets)
		return
	}
	s := fitSet{seg: l.seg, ts: basetype.Uint32Invalid, start: basetype.Uint32Invalid, duration: basetype.Uint32Invalid,
		reps: basetype.Uint16Invalid, weight: basetype.Uint16Invalid, setType: basetype.Uint8Invalid,
		category: basetype.Uint16Invalid, subtype: basetype.Uint16Invalid}
	for i := range m.Fields {
		f := &m.Fields[i]
		switch f.Num {
		case fieldnum.SetTimestamp:
			s.ts = f.Value.Uint32()
		case fieldnum.SetStartTime:
			s.start = f.Value.Uint32()
		case fieldnum.SetDuration:
			s.duration = f.Value.Uint32()
		case fieldnum.SetRepetitions:
			s.reps = f.Value.Uint16()
		case fieldnum.SetWeight:
			s.weight = f.Value.Uint16()
		case fieldnum.SetSetType:
			s.setType = f.Value.Uint8()
		case fieldnum.SetCategory:
			s.category = firstUint16(f.Value)
		case fieldnum.SetCategorySubtype:
			s.subtype = firstUint16(f.Value)
		}
	}
	l.sets = append(l.sets, s)
}

// firstUint16 returns the first element of a uint16 array value (or the
// value itself), or the invalid value.
func firstUint16(v proto.Value) uint16 {
	if a := v.SliceUint16(); len(a) > 0 {
		return a[0]
	}
	return v.Uint16()
}

func (l *fitListener) onFileID(m *proto.Message) {
	seg := &l.segs[l.seg]
	if seg.manufacturer != basetype.Uint16Invalid || seg.product != basetype.Uint16Invalid {
		return // the first file_id of a segment counts
	}
	seg.manufacturer = m.FieldValueByNum(fieldnum.FileIdManufacturer).Uint16()
	seg.product = m.FieldValueByNum(fieldnum.FileIdProduct).Uint16()
	seg.productName = cleanName(m.FieldValueByNum(fieldnum.FileIdProductName).String())
	seg.serial = serial32(m.FieldValueByNum(fieldnum.FileIdSerialNumber))
}

// serial32 returns a serial number (uint32z), 0 for none.
func serial32(v proto.Value) uint32 {
	if s := v.Uint32z(); s != basetype.Uint32zInvalid {
		return s
	}
	if s := v.Uint32(); s != basetype.Uint32Invalid {
		return s
	}
	return 0
}

// fitSourceANTPlus and fitDeviceRunningDynamics are the device_info
// source_type and ANT+ device_type of a running-dynamics sensor (30 is not
// named in the FIT profile; every strap that delivered running dynamics in
// real files has such an entry).
const (
	fitSourceANTPlus         = 1
	fitDeviceRunningDynamics = 30
)

func (l *fitListener) onDeviceInfo(m *proto.Message) {
	seg := &l.segs[l.seg]
	idx := m.FieldValueByNum(fieldnum.DeviceInfoDeviceIndex).Uint8()
	mfr := m.FieldValueByNum(fieldnum.DeviceInfoManufacturer).Uint16()
	prod := m.FieldValueByNum(fieldnum.DeviceInfoProduct).Uint16()
	if seg.rdSensor == "" && m.FieldValueByNum(fieldnum.DeviceInfoSourceType).Uint8() == fitSourceANTPlus &&
		m.FieldValueByNum(fieldnum.DeviceInfoDeviceType).Uint8() == fitDeviceRunningDynamics {
		seg.rdSensor = deviceWords(mfr, prod, cleanName(m.FieldValueByNum(fieldnum.DeviceInfoProductName).String()))
	}
	switch {
	case idx == 255 && !seg.creator255.seen:
		c := &seg.creator255
		c.mfr, c.prod, c.seen = mfr, prod, true
		c.name = cleanName(m.FieldValueByNum(fieldnum.DeviceInfoProductName).String())
		c.serial = serial32(m.FieldValueByNum(fieldnum.DeviceInfoSerialNumber))
	case idx != 0 || seg.creatorMfr != basetype.Uint16Invalid:
	default:
		seg.creatorMfr, seg.creatorProd = mfr, prod
		seg.creatorName = cleanName(m.FieldValueByNum(fieldnum.DeviceInfoProductName).String())
		seg.creatorSer = serial32(m.FieldValueByNum(fieldnum.DeviceInfoSerialNumber))
	}
}

func (l *fitListener) onActivity(m *proto.Message) {
	seg := &l.segs[l.seg]
	if seg.hasOffset {
		return
	}
	ts := m.FieldValueByNum(fieldnum.ActivityTimestamp).Uint32()
	local := m.FieldValueByNum(fieldnum.ActivityLocalTimestamp).Uint32()
	if !absTime(ts) || local == basetype.Uint32Invalid || local == 0 {
		return
	}
	off := int64(local) - int64(ts)
	if off <= -26*3600 || off >= 26*3600 {
		return
	}
	// Round to the nearest quarter hour: devices write local and UTC
	// timestamps a second or two apart.
	seg.offsetS = int(math.Round(float64(off)/900) * 900)
	seg.hasOffset = true
}

// cleanName trims a device-written string ("" for the invalid string).
func cleanName(s string) string {
	if s == basetype.StringInvalid {
		return ""
	}
	return strings.TrimSpace(strings.Trim(strings.Clone(s), "\x00"))
}

// recordSpan returns the first and last absolute FIT time among the
// records of segment seg, and false if it has none.
func (l *fitListener) recordSpan(seg int) (first, last float64, ok bool) {
	lo, hi := l.segRecords(seg)
	first, last = math.Inf(1), math.Inf(-1)
	for i := lo; i < hi; i++ {
		t := l.recs.at(i).T
		if t < fitMinAbsTime {
			continue
		}
		first, last = math.Min(first, t), math.Max(last, t)
	}
	return first, last, first <= last
}

// segRecords returns the index range of segment seg's records.
func (l *fitListener) segRecords(seg int) (lo, hi int) {
	lo = l.segs[seg].recStart
	hi = l.recs.n
	if seg+1 < len(l.segs) {
		hi = l.segs[seg+1].recStart
	}
	return lo, hi
}

// offset returns the device's local offset for segment seg, else the first
// one found in the file.
func (l *fitListener) offset(seg int) (int, bool) {
	if seg < len(l.segs) && l.segs[seg].hasOffset {
		return l.segs[seg].offsetS, true
	}
	for i := range l.segs {
		if l.segs[i].hasOffset {
			return l.segs[i].offsetS, true
		}
	}
	return 0, false
}

// device names the recording device of segment seg ("garmin fenix2").
func (l *fitListener) device(seg int) string {
	if seg < len(l.segs) {
		if d := l.segs[seg].deviceName(); d != "" {
			return d
		}
	}
	for i := range l.segs {
		if d := l.segs[i].deviceName(); d != "" {
			return d
		}
	}
	return ""
}

// isActivity reports whether the segment may hold activity data: its
// file_id says activity, or it has no usable file type.
func (s *fitSegInfo) isActivity() bool {
	return s.fileType == typedef.FileActivity || s.fileType == typedef.FileInvalid
}

// hasRelativeRecords reports whether some record is timed only since power-on.
func (l *fitListener) hasRelativeRecords() bool {
	for i := 0; i < l.recs.n; i++ {
		if l.recs.at(i).T < fitMinAbsTime {
			return true
		}
	}
	return false
}

func (s *fitSegInfo) deviceName() string {
	if d := deviceWords(s.manufacturer, s.product, s.productName); d != "" {
		return d
	}
	return deviceWords(s.creatorMfr, s.creatorProd, s.creatorName)
}

// garminProducts reports whether manufacturer m numbers its products as
// Garmin's (typedef.GarminProduct).
func garminProducts(m typedef.Manufacturer) bool {
	return m == typedef.ManufacturerGarmin || m == typedef.ManufacturerDynastream ||
		m == typedef.ManufacturerDynastreamOem || m == typedef.ManufacturerTacx
}

// deviceWords names a device by manufacturer and product words.
func deviceWords(mfr, product uint16, name string) string {
	if mfr == basetype.Uint16Invalid {
		return name
	}
	m := typedef.Manufacturer(mfr)
	words := manufacturerWords(mfr)
	var prod string
	switch {
	case product == basetype.Uint16Invalid:
		prod = name
	case garminProducts(m):
		prod = typedef.GarminProduct(product).String()
		if strings.Contains(prod, "Invalid(") {
			prod = strconv.Itoa(int(product))
		}
	case name != "":
		prod = name
	default:
		prod = strconv.Itoa(int(product))
	}
	if prod == "" {
		return words
	}
	return words + " " + prod
}
