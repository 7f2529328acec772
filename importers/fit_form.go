package importers

import (
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/mesgdef"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/model"
)

// Running form: the running-dynamics fields of FIT records (native) and
// Stryd's developer fields, read so that every stored value equals what
// Garmin's FIT SDK decodes (docs/storage.md, "Running dynamics").

// fitNative lists the native record fields kept, with their FIT scale and
// sample column. All are uint16 with offset 0; the value is float64(raw) /
// scale, computed as Garmin's SDK computes it (raw × 0.1 would differ in
// the last bit for a third of the values).
var fitNative = [...]struct {
	num   byte
	scale float64
	col   int
}{
	{fieldnum.RecordStanceTime, 10, model.ColGroundContact},
	{fieldnum.RecordStanceTimeBalance, 100, model.ColGCTBalance},
	{fieldnum.RecordVerticalOscillation, 10, model.ColVerticalOscillation},
	{fieldnum.RecordVerticalRatio, 100, model.ColVerticalRatio},
	{fieldnum.RecordStepLength, 10, model.ColStepLength},
}

// fitStryd lists Stryd's record fields kept, by the field name its apps
// give them (compared without case), with their sample column. Their values
// are stored raw, as the FIT SDK returns developer fields (no scale or
// offset: every Stryd description says none).
var fitStryd = [...]struct {
	name string
	col  int
}{
	{"power", model.ColStrydPower},
	{"form power", model.ColStrydFormPower},
	{"air power", model.ColStrydAirPower},
	{"leg spring stiffness", model.ColStrydLSS},
	{"ground time", model.ColStrydGroundTime},
	{"vertical oscillation", model.ColStrydVerticalOscillation},
	{"impact loading rate", model.ColStrydILR},
}

// StrydApps are the Connect IQ application IDs whose developer fields are
// Stryd's: "Stryd Power" (660a581e-…), "Stryd Zones" (18fb2cf0-…) and an
// older one with the same fields (14cc7713-…). The all-zero ID (the 2016
// Stryd app, and Stryd's own recordings) names no application: its fields
// count as Stryd's only in a file Stryd made (file_id manufacturer stryd)
// or beside Stryd's own field names (see strydNames).
var StrydApps = []string{
	"660a581e-5301-460c-8f2f-034c8b6dc90f",
	"18fb2cf0-1a4b-430d-ad66-988c847421f4",
	"14cc7713-eff0-4136-a643-ac88baf99d02",
}

// strydNames are field names no other app is known to use: an app with the
// all-zero ID that describes "Power" and one of these is Stryd's.
var strydNames = []string{"ground time", "form power", "leg spring stiffness"}

// fitNumNative and fitNumStryd count the staged columns.
const (
	fitNumNative = len(fitNative)
	fitNumStryd  = len(fitStryd)
)

// fitFormRec is one record's running form as staged: native fields raw
// (0xFFFF: absent), Stryd values as float32 (NaN: absent; a value float32
// cannot hold exactly goes to fitListener.formWide).
type fitFormRec struct {
	native [fitNumNative]uint16
	stryd  [fitNumStryd]float32
}

// emptyFormRec is a record without running form.
var emptyFormRec = func() fitFormRec {
	var r fitFormRec
	for i := range r.native {
		r.native[i] = basetype.Uint16Invalid
	}
	for i := range r.stryd {
		r.stryd[i] = float32(math.NaN())
	}
	return r
}()

// fitDevDesc is a developer field description, as the FIT SDK keeps it.
type fitDevDesc struct {
	num      uint8
	baseType basetype.BaseType // the number only (the endian bit cleared)
	name     string
	units    string
}

// fitDevApp is a developer data index's application and its fields: a
// developer_data_id message replaces it whole, as in Garmin's SDK.
type fitDevApp struct {
	uuid  [16]byte
	descs []fitDevDesc
	// slots maps descs[i] to a Stryd column (index into fitStryd), or -1.
	slots []int8
}

// fitLocalDef is what a local message definition says about developer
// fields: their sizes, and the byte order.
type fitLocalDef struct {
	arch byte
	dev  []proto.DeveloperFieldDefinition
}

// fitForm is the listener's running-form state for the file being read.
type fitForm struct {
	chunks [][]fitFormRec // parallel to fitRecs.chunks; nil where no record has form
	wide   map[int]float64
	apps   [256]*fitDevApp // by developer data index
	nApps  int
	local  [16]fitLocalDef
	// dropped counts developer values of Stryd fields that could not be
	// read exactly (an array, or a description that changed size in
	// mid-file), for a warning.
	dropped int
	// seenNative and seenStryd say which columns some record has.
	seenNative [fitNumNative]bool
	seenStryd  [fitNumStryd]bool
}

func (f *fitForm) reset() {
	if len(f.chunks) > fitRecChunksKept {
		clear(f.chunks[fitRecChunksKept:])
		f.chunks = f.chunks[:fitRecChunksKept]
	}
	for i := range f.chunks {
		f.chunks[i] = f.chunks[i][:0]
	}
	f.wide = nil
	f.dropped = 0
	f.seenNative, f.seenStryd = [fitNumNative]bool{}, [fitNumStryd]bool{}
	f.beginSegment()
}

// beginSegment forgets the developer data and definitions of the previous
// FIT file of a chain (muktihari's decoder does the same).
func (f *fitForm) beginSegment() {
	if f.nApps > 0 {
		clear(f.apps[:])
		f.nApps = 0
	}
	for i := range f.local {
		f.local[i].dev = f.local[i].dev[:0]
	}
}

// rec returns the staged form of record i, creating it (empty) when
// create is set; nil when it has none.
func (f *fitForm) rec(i int, create bool) *fitFormRec {
	c, k := i/fitRecChunk, i%fitRecChunk
	if c >= len(f.chunks) || len(f.chunks[c]) == 0 {
		if !create {
			return nil
		}
		for len(f.chunks) <= c {
			f.chunks = append(f.chunks, nil)
		}
		if cap(f.chunks[c]) < fitRecChunk {
			f.chunks[c] = make([]fitFormRec, fitRecChunk)
		}
		f.chunks[c] = f.chunks[c][:fitRecChunk]
		for j := range f.chunks[c] {
			f.chunks[c][j] = emptyFormRec
		}
	}
	return &f.chunks[c][k]
}

// any reports whether some record has running form.
func (f *fitForm) any() bool {
	for _, c := range f.chunks {
		if len(c) > 0 {
			return true
		}
	}
	return false
}

// OnMesgDef implements decoder.MesgDefListener: it keeps each local
// message type's developer field sizes and byte order, which decoding a
// developer value exactly needs.
func (l *fitListener) OnMesgDef(def proto.MessageDefinition) {
	ld := &l.form.local[proto.LocalMesgNum(def.Header)]
	ld.arch = def.Architecture
	ld.dev = append(ld.dev[:0], def.DeveloperFieldDefinitions...)
}

// onDeveloperDataID starts (or restarts) a developer data index.
func (l *fitListener) onDeveloperDataID(m *proto.Message) {
	d := mesgdef.NewDeveloperDataId(m)
	if d.DeveloperDataIndex == basetype.Uint8Invalid {
		return
	}
	app := &fitDevApp{}
	copy(app.uuid[:], d.ApplicationId)
	l.form.apps[d.DeveloperDataIndex] = app
	l.form.nApps++
}

// onFieldDescription adds a developer field to its index's application,
// unless one of that number is already there (the SDK reads the first).
func (l *fitListener) onFieldDescription(m *proto.Message) {
	d := mesgdef.NewFieldDescription(m)
	app := l.form.apps[d.DeveloperDataIndex]
	if app == nil || d.DeveloperDataIndex == basetype.Uint8Invalid {
		return // no developer_data_id: the SDK ignores it too
	}
	for _, x := range app.descs {
		if x.num == d.FieldDefinitionNumber {
			return
		}
	}
	app.descs = append(app.descs, fitDevDesc{num: d.FieldDefinitionNumber,
		baseType: d.FitBaseTypeId & basetype.BaseTypeNumMask,
		name:     strings.ToLower(strings.TrimSpace(strings.Join(d.FieldName, ""))),
		units:    strings.ToLower(strings.TrimSpace(strings.Join(d.Units, "")))})
	l.mapStryd(app)
}

// mapStryd decides which of app's fields are Stryd columns.
func (l *fitListener) mapStryd(app *fitDevApp) {
	app.slots = app.slots[:0]
	stryd := l.isStryd(app)
	for _, d := range app.descs {
		slot := int8(-1)
		if stryd {
			for k, s := range fitStryd {
				if d.name == s.name {
					slot = int8(k)
				}
			}
			// Stryd writes its vertical oscillation in centimetres; a
			// field of that name in other units is not the column's.
			if slot >= 0 && fitStryd[slot].col == model.ColStrydVerticalOscillation &&
				d.units != "" && !strings.HasPrefix(d.units, "c") {
				slot = -1
			}
		}
		app.slots = append(app.slots, slot)
	}
}

// isStryd reports whether app is one of Stryd's.
func (l *fitListener) isStryd(app *fitDevApp) bool {
	id := uuidString(app.uuid)
	for _, s := range StrydApps {
		if id == s {
			return true
		}
	}
	if app.uuid != [16]byte{} {
		return false
	}
	if typedef.Manufacturer(l.segs[l.seg].manufacturer) == typedef.ManufacturerStryd {
		return true
	}
	power, own := false, false
	for _, d := range app.descs {
		power = power || d.name == "power"
		for _, n := range strydNames {
			own = own || d.name == n
		}
	}
	return power && own
}

// uuidString formats a 16-byte application ID as 8-4-4-4-12 hex digits,
// the bytes in file order (as apps.garmin.com spells them).
func uuidString(b [16]byte) string {
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// onRecordForm stages record i's running form from message m.
func (l *fitListener) onRecordForm(i int, m *proto.Message, native *[fitNumNative]uint16) {
	var rec *fitFormRec
	for k, v := range native {
		if v != basetype.Uint16Invalid {
			if rec == nil {
				rec = l.form.rec(i, true)
			}
			rec.native[k] = v
			l.form.seenNative[k] = true
		}
	}
	if len(m.DeveloperFields) == 0 || l.form.nApps == 0 {
		return
	}
	ld := &l.form.local[proto.LocalMesgNum(m.Header)]
	for j := range m.DeveloperFields {
		df := &m.DeveloperFields[j]
		app := l.form.apps[df.DeveloperDataIndex]
		if app == nil {
			continue
		}
		di := -1
		for k := range app.descs {
			if app.descs[k].num == df.Num {
				di = k
				break
			}
		}
		if di < 0 || app.slots[di] < 0 {
			continue
		}
		size := -1
		for _, fd := range ld.dev {
			if fd.DeveloperDataIndex == df.DeveloperDataIndex && fd.Num == df.Num {
				size = int(fd.Size)
				break
			}
		}
		v, ok := devValue(df.Value, app.descs[di].baseType, size, ld.arch)
		if !ok {
			l.form.dropped++
			continue
		}
		if math.IsNaN(v) {
			continue // the invalid value: absent, as the SDK returns it
		}
		if rec == nil {
			rec = l.form.rec(i, true)
		}
		slot := app.slots[di]
		f := float32(v)
		if float64(f) != v {
			if l.form.wide == nil {
				l.form.wide = map[int]float64{}
			}
			l.form.wide[i*fitNumStryd+int(slot)] = v
		}
		rec.stryd[slot] = f
		l.form.seenStryd[slot] = true
	}
}

// devValue returns a developer field's value as Garmin's FIT SDK decodes
// it: the size bytes of the field read as the base type bt of the field's
// (current) description, NaN for the type's invalid value. ok is false for
// a value that cannot be recovered.
//
// muktihari's decoder (v0.28.3) decodes a developer field with the first
// description it ever saw for the field's (index, number), even when a later
// developer_data_id re-declared the index for another application with
// other types (a fēnix 5X triathlon: a W'bal app's float32 field 0 on the
// bike, Stryd's uint16 field 0 on the run). The bytes survive in what it
// decoded: a field shorter than the stale type was zero-padded, so its
// integer is the low bytes of the stale value's bits in either byte order;
// one as long is the whole bits; a longer one became an array of the stale
// type, joined here in the file's byte order.
func devValue(v proto.Value, bt basetype.BaseType, size int, arch byte) (float64, bool) {
	want := int(basetypeSize(bt))
	switch {
	case want == 0:
		return math.NaN(), true // a string: no number
	case size < 0:
		size = want // no definition seen (cannot happen): as described
	case size%want != 0:
		return math.NaN(), true // the SDK returns no value
	case size != want:
		return 0, false // an array: not a column's value
	}
	bits, ok := valueBits(v, size, arch)
	if !ok {
		return 0, false
	}
	return typedBits(bits, bt), true
}

// valueBits returns the integer of the size bytes v was decoded from.
func valueBits(v proto.Value, size int, arch byte) (uint64, bool) {
	var bits uint64
	var ss int // the decoded type's size
	switch v.Type() {
	case proto.TypeInt8:
		bits, ss = uint64(uint8(v.Int8())), 1
	case proto.TypeUint8:
		bits, ss = uint64(v.Uint8()), 1
	case proto.TypeInt16:
		bits, ss = uint64(uint16(v.Int16())), 2
	case proto.TypeUint16:
		bits, ss = uint64(v.Uint16()), 2
	case proto.TypeInt32:
		bits, ss = uint64(uint32(v.Int32())), 4
	case proto.TypeUint32:
		bits, ss = uint64(v.Uint32()), 4
	case proto.TypeFloat32:
		bits, ss = uint64(math.Float32bits(v.Float32())), 4
	case proto.TypeInt64:
		bits, ss = uint64(v.Int64()), 8
	case proto.TypeUint64:
		bits, ss = v.Uint64(), 8
	case proto.TypeFloat64:
		bits, ss = math.Float64bits(v.Float64()), 8
	default:
		return arrayBits(v, size, arch)
	}
	if size > ss {
		return 0, false
	}
	if size < 8 {
		bits &= 1<<(8*size) - 1
	}
	return bits, true
}

// arrayBits joins the elements of an array value (a field longer than the
// type it was decoded with) into the integer of its bytes, in the file's
// byte order (0 little-endian, 1 big-endian).
func arrayBits(v proto.Value, size int, arch byte) (uint64, bool) {
	switch v.Type() {
	case proto.TypeSliceUint8:
		return joinBits(v.SliceUint8(), 1, size, arch, func(x uint8) uint64 { return uint64(x) })
	case proto.TypeSliceInt8:
		return joinBits(v.SliceInt8(), 1, size, arch, func(x int8) uint64 { return uint64(uint8(x)) })
	case proto.TypeSliceUint16:
		return joinBits(v.SliceUint16(), 2, size, arch, func(x uint16) uint64 { return uint64(x) })
	case proto.TypeSliceInt16:
		return joinBits(v.SliceInt16(), 2, size, arch, func(x int16) uint64 { return uint64(uint16(x)) })
	case proto.TypeSliceUint32:
		return joinBits(v.SliceUint32(), 4, size, arch, func(x uint32) uint64 { return uint64(x) })
	case proto.TypeSliceInt32:
		return joinBits(v.SliceInt32(), 4, size, arch, func(x int32) uint64 { return uint64(uint32(x)) })
	case proto.TypeSliceFloat32:
		return joinBits(v.SliceFloat32(), 4, size, arch, func(x float32) uint64 { return uint64(math.Float32bits(x)) })
	}
	return 0, false
}

// joinBits joins elems, es bytes each (bitsOf gives an element's bytes),
// into the integer of size bytes they make in byte order arch; false when
// they do not make size bytes or more than 8.
func joinBits[T any](elems []T, es, size int, arch byte, bitsOf func(T) uint64) (uint64, bool) {
	if len(elems)*es != size || size > 8 {
		return 0, false
	}
	var bits uint64
	for k, e := range elems {
		shift := k
		if arch == 1 {
			shift = len(elems) - 1 - k
		}
		bits |= bitsOf(e) << (8 * es * shift)
	}
	return bits, true
}

// basetypeSize returns the size in bytes of base type number bt, 0 for
// one that is not a number.
func basetypeSize(bt basetype.BaseType) byte {
	switch bt {
	case basetype.Enum & basetype.BaseTypeNumMask, basetype.Sint8 & basetype.BaseTypeNumMask,
		basetype.Uint8 & basetype.BaseTypeNumMask, basetype.Uint8z & basetype.BaseTypeNumMask,
		basetype.Byte & basetype.BaseTypeNumMask:
		return 1
	case basetype.Sint16 & basetype.BaseTypeNumMask, basetype.Uint16 & basetype.BaseTypeNumMask,
		basetype.Uint16z & basetype.BaseTypeNumMask:
		return 2
	case basetype.Sint32 & basetype.BaseTypeNumMask, basetype.Uint32 & basetype.BaseTypeNumMask,
		basetype.Uint32z & basetype.BaseTypeNumMask, basetype.Float32 & basetype.BaseTypeNumMask:
		return 4
	case basetype.Sint64 & basetype.BaseTypeNumMask, basetype.Uint64 & basetype.BaseTypeNumMask,
		basetype.Uint64z & basetype.BaseTypeNumMask, basetype.Float64 & basetype.BaseTypeNumMask:
		return 8
	}
	return 0
}

// typedBits reads bits as base type number bt: NaN for the type's invalid
// value (and for a float NaN), as the SDK returns no value for them.
func typedBits(bits uint64, bt basetype.BaseType) float64 {
	nan := math.NaN()
	switch bt {
	case basetype.Enum & basetype.BaseTypeNumMask, basetype.Uint8 & basetype.BaseTypeNumMask,
		basetype.Byte & basetype.BaseTypeNumMask:
		if bits == 0xFF {
			return nan
		}
		return float64(bits)
	case basetype.Uint8z & basetype.BaseTypeNumMask, basetype.Uint16z & basetype.BaseTypeNumMask,
		basetype.Uint32z & basetype.BaseTypeNumMask, basetype.Uint64z & basetype.BaseTypeNumMask:
		if bits == 0 {
			return nan
		}
		return float64(bits)
	case basetype.Sint8 & basetype.BaseTypeNumMask:
		if bits == 0x7F {
			return nan
		}
		return float64(int8(bits))
	case basetype.Sint16 & basetype.BaseTypeNumMask:
		if bits == 0x7FFF {
			return nan
		}
		return float64(int16(bits))
	case basetype.Uint16 & basetype.BaseTypeNumMask:
		if bits == 0xFFFF {
			return nan
		}
		return float64(bits)
	case basetype.Sint32 & basetype.BaseTypeNumMask:
		if bits == 0x7FFFFFFF {
			return nan
		}
		return float64(int32(bits))
	case basetype.Uint32 & basetype.BaseTypeNumMask:
		if bits == 0xFFFFFFFF {
			return nan
		}
		return float64(bits)
	case basetype.Float32 & basetype.BaseTypeNumMask:
		return float64(math.Float32frombits(uint32(bits)))
	case basetype.Sint64 & basetype.BaseTypeNumMask:
		if bits == 0x7FFFFFFFFFFFFFFF {
			return nan
		}
		return float64(int64(bits))
	case basetype.Uint64 & basetype.BaseTypeNumMask:
		if bits == math.MaxUint64 {
			return nan
		}
		return float64(bits)
	case basetype.Float64 & basetype.BaseTypeNumMask:
		return math.Float64frombits(bits)
	}
	return nan
}

// formColumns are a session's running-form columns while its records are
// copied: those some record of the file has, filled with Missing.
type formColumns struct {
	native [fitNumNative][]float64
	stryd  [fitNumStryd][]float64
}

// newFormColumns makes n-sample columns for the running form the file has.
func (l *fitListener) newFormColumns(n int) *formColumns {
	fc := &formColumns{}
	mk := func() []float64 {
		c := make([]float64, n)
		for i := range c {
			c[i] = math.NaN()
		}
		return c
	}
	for k, seen := range l.form.seenNative {
		if seen {
			fc.native[k] = mk()
		}
	}
	for k, seen := range l.form.seenStryd {
		if seen {
			fc.stryd[k] = mk()
		}
	}
	return fc
}

// formInto copies record i's staged running form into sample k of fc.
func (l *fitListener) formInto(fc *formColumns, k, i int) {
	rec := l.form.rec(i, false)
	if rec == nil {
		return
	}
	for c, raw := range rec.native {
		if raw != basetype.Uint16Invalid {
			fc.native[c][k] = float64(raw) / fitNative[c].scale
		}
	}
	for c, v := range rec.stryd {
		if v == v { // not NaN
			x := float64(v)
			if w, ok := l.form.wide[i*fitNumStryd+c]; ok {
				x = w
			}
			fc.stryd[c][k] = x
		}
	}
}

// store gives sm the columns that hold a value (a session of a multisport
// file may have none of the file's running form).
func (fc *formColumns) store(sm *model.Samples) {
	cols := sm.Columns()
	put := func(col int, v []float64) {
		if v != nil && slices.ContainsFunc(v, model.Known) {
			*cols[col] = v
		}
	}
	for k, v := range fc.native {
		put(fitNative[k].col, v)
	}
	for k, v := range fc.stryd {
		put(fitStryd[k].col, v)
	}
}

// formWarnings says what running form could not be read.
func (l *fitListener) formWarnings() []string {
	if l.form.dropped == 0 {
		return nil
	}
	return []string{fmt.Sprintf("left out %s of Stryd fields that could not be read as Garmin's FIT SDK reads them (an array, or a description that changed size in mid-file)",
		plural(int64(l.form.dropped), "value"))}
}

// recorder identifies the device that recorded segment seg, whose session
// has samples sm (for what measured its running form).
func (l *fitListener) recorder(seg int, sm *model.Samples) model.Recorder {
	var r model.Recorder
	if seg >= len(l.segs) {
		return r
	}
	s := &l.segs[seg]
	mfr, prod, name, serial := s.manufacturer, s.product, s.productName, s.serial
	// The creator: device_index 0, else 255 (Coros).
	cm, cp, cn, cs := s.creatorMfr, s.creatorProd, s.creatorName, s.creatorSer
	if cm == basetype.Uint16Invalid && s.creator255.seen {
		c := &s.creator255
		cm, cp, cn, cs = c.mfr, c.prod, c.name, c.serial
	}
	switch {
	case mfr == basetype.Uint16Invalid:
		mfr, prod, name, serial = cm, cp, cn, cs
	case cm == mfr && (cs == serial || cs == 0 || serial == 0):
		// The same device: its own product word is the right one (a
		// fēnix 3's file header says fr920xt, its creator fenix3).
		if cp != basetype.Uint16Invalid {
			prod = cp
		}
		if name == "" {
			name = cn
		}
		if serial == 0 {
			serial = cs
		}
	}
	if mfr != basetype.Uint16Invalid {
		r.Manufacturer = manufacturerWords(mfr)
		r.Product = productWords(mfr, prod, name)
	}
	r.Serial = int64(serial)
	native, stryd := false, false
	for _, f := range fitNative {
		native = native || sm.Has(f.col)
	}
	for _, f := range fitStryd {
		stryd = stryd || sm.Has(f.col)
	}
	switch {
	case native && s.rdSensor != "":
		r.FormSensor = s.rdSensor
	case native && typedef.Manufacturer(mfr) == typedef.ManufacturerStryd:
		r.FormSensor = "stryd"
	case native:
		r.FormSensor = "wrist"
	case stryd:
		r.FormSensor = "stryd"
	}
	return r
}

// manufacturerWords names a FIT manufacturer ("garmin", "coros"), or
// "manufacturer N" for a number FIT has no word for.
func manufacturerWords(mfr uint16) string {
	w := typedef.Manufacturer(mfr).String()
	if strings.Contains(w, "Invalid(") {
		return fmt.Sprintf("manufacturer %d", mfr)
	}
	return w
}

// productWords names a product: Garmin's words where the profile has one,
// else the name the device wrote, else its number; "" for Stryd, whose
// product numbers are placeholders.
func productWords(mfr, product uint16, name string) string {
	m := typedef.Manufacturer(mfr)
	switch {
	case m == typedef.ManufacturerStryd:
		return name
	case product != basetype.Uint16Invalid && garminProducts(m):
		if w := typedef.GarminProduct(product).String(); !strings.Contains(w, "Invalid(") {
			return w
		}
	}
	if name != "" {
		return name
	}
	if product == basetype.Uint16Invalid {
		return ""
	}
	return fmt.Sprint(product)
}
