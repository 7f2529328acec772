package synth

import (
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"
	"github.com/muktihari/fit/profile/untyped/fieldnum"
	"github.com/muktihari/fit/profile/untyped/mesgnum"
	"github.com/muktihari/fit/proto"

	"github.com/backtrack/backtrack/model"
)

// The running-form part of [WriteFIT]: the native running-dynamics record
// fields, the running-dynamics sensor's device_info, and Stryd's developer
// fields (docs/storage.md, "Running dynamics").

// StrydPowerApp is the application ID of Stryd's "Stryd Power" Connect IQ
// data field, under which [WriteFIT] writes Stryd's fields by default.
const StrydPowerApp = "660a581e-5301-460c-8f2f-034c8b6dc90f"

// strydField is one of Stryd's record fields as its app describes it.
type strydField struct {
	col   int
	num   byte
	bt    basetype.BaseType
	name  string
	units string
}

// strydFields are Stryd's fields, numbered as its apps number them
// (Impact Loading Rate's number and type are this writer's guess: no public
// file has it).
var strydFields = []strydField{
	{model.ColStrydPower, 0, basetype.Uint16, "Power", "Watts"},
	{model.ColStrydGroundTime, 3, basetype.Uint16, "Ground Time", "Milliseconds"},
	{model.ColStrydVerticalOscillation, 4, basetype.Float32, "Vertical Oscillation", "Centimeters"},
	{model.ColStrydFormPower, 8, basetype.Uint16, "Form Power", "Watts"},
	{model.ColStrydLSS, 9, basetype.Float32, "Leg Spring Stiffness", "KN/m"},
	{model.ColStrydAirPower, 11, basetype.Uint16, "Air Power", "Watts"},
	{model.ColStrydILR, 24, basetype.Float32, "Impact Loading Rate", "bw/sec"},
}

// nativeForm are the native running-dynamics record fields and their FIT
// scales.
var nativeForm = []struct {
	col   int
	num   byte
	scale float64
}{
	{model.ColGroundContact, fieldnum.RecordStanceTime, 10},
	{model.ColGCTBalance, fieldnum.RecordStanceTimeBalance, 100},
	{model.ColVerticalOscillation, fieldnum.RecordVerticalOscillation, 10},
	{model.ColVerticalRatio, fieldnum.RecordVerticalRatio, 100},
	{model.ColStepLength, fieldnum.RecordStepLength, 10},
}

// parseAppID parses an 8-4-4-4-12 application ID.
func parseAppID(s string) ([16]byte, error) {
	var id [16]byte
	b, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	if err != nil || len(b) != 16 {
		return id, fmt.Errorf("application ID %q: want 32 hex digits", s)
	}
	copy(id[:], b)
	return id, nil
}

// productNumber returns the FIT product number of a Garmin product word
// ("fr965"), or 1 (the writer's default) for another word.
func productNumber(word string) uint16 {
	if p := typedef.GarminProductFromString(word); word != "" && p != typedef.GarminProductInvalid {
		return uint16(p)
	}
	return 1
}

// sensorDeviceInfo writes the running-dynamics sensor's device_info: from
// ANT+, device type 30, as a Garmin strap writes it. FormSensor holds its
// maker's and product's words ("garmin hrm_pro").
func (fw *fitWriter) sensorDeviceInfo(ts uint32) {
	sensor := fw.s.Recorder.FormSensor
	mfrWord, prodWord, ok := strings.Cut(sensor, " ")
	if !ok || sensor == "wrist" || sensor == "stryd" {
		return
	}
	mfr := typedef.ManufacturerFromString(mfrWord)
	if mfr == typedef.ManufacturerInvalid {
		return
	}
	fw.begin(mesgnum.DeviceInfo)
	fw.put(fieldnum.DeviceInfoTimestamp, proto.Uint32(ts))
	fw.put(fieldnum.DeviceInfoDeviceIndex, proto.Uint8(1))
	fw.put(fieldnum.DeviceInfoDeviceType, proto.Uint8(30))
	fw.put(fieldnum.DeviceInfoManufacturer, proto.Uint16(uint16(mfr)))
	fw.put(fieldnum.DeviceInfoProduct, proto.Uint16(productNumber(prodWord)))
	fw.put(fieldnum.DeviceInfoSerialNumber, proto.Uint32(0x5eed0002))
	fw.put(fieldnum.DeviceInfoSourceType, proto.Uint8(uint8(typedef.SourceTypeAntplus)))
	fw.end()
}

// devApp is a developer application as the writer declares it.
type devApp struct {
	index  byte
	id     [16]byte
	fields []strydField
}

// declare writes app's developer_data_id and field descriptions.
func (fw *fitWriter) declare(app devApp) {
	fw.begin(mesgnum.DeveloperDataId)
	fw.put(fieldnum.DeveloperDataIdApplicationId, proto.SliceUint8(app.id[:]))
	fw.put(fieldnum.DeveloperDataIdDeveloperDataIndex, proto.Uint8(app.index))
	fw.put(fieldnum.DeveloperDataIdApplicationVersion, proto.Uint32(68))
	fw.end()
	for _, f := range app.fields {
		fw.begin(mesgnum.FieldDescription)
		fw.put(fieldnum.FieldDescriptionDeveloperDataIndex, proto.Uint8(app.index))
		fw.put(fieldnum.FieldDescriptionFieldDefinitionNumber, proto.Uint8(f.num))
		fw.put(fieldnum.FieldDescriptionFitBaseTypeId, proto.Uint8(uint8(f.bt)))
		fw.put(fieldnum.FieldDescriptionFieldName, proto.SliceString([]string{f.name}))
		fw.put(fieldnum.FieldDescriptionUnits, proto.SliceString([]string{f.units}))
		fw.put(fieldnum.FieldDescriptionNativeMesgNum, proto.Uint16(uint16(mesgnum.Record)))
		fw.end()
	}
}

// strydApp returns the Stryd application the session's Stryd columns are
// written under, and whether there is one.
func (fw *fitWriter) strydApp() (devApp, bool) {
	x := &fw.s.Samples
	app := devApp{index: fw.o.StrydIndex}
	for _, f := range strydFields {
		if x.Has(f.col) {
			app.fields = append(app.fields, f)
		}
	}
	if len(app.fields) == 0 {
		return app, false
	}
	id := fw.o.StrydApp
	if id == "" {
		id = StrydPowerApp
	}
	var err error
	if app.id, err = parseAppID(id); err != nil && fw.err == nil {
		fw.err = err
	}
	return app, true
}

// hasDevFields reports whether WriteFIT writes developer fields for s.
func hasDevFields(s *model.Session, o FITOptions) bool {
	if o.OtherApp || o.ReuseIndex {
		return true
	}
	for _, f := range strydFields {
		if s.Samples.Has(f.col) {
			return true
		}
	}
	return false
}

// otherApp is an application that is not Stryd's but uses Stryd's field
// numbers (RunScribe and a W'bal app do): its field 0 is a float32.
func otherApp(index byte) devApp {
	id, _ := parseAppID("6dcfffe5-cd3d-41f3-8ba3-13fa0647b003")
	return devApp{index: index, id: id, fields: []strydField{{col: -1, num: 0, bt: basetype.Float32, name: "wprime_bal", units: "kJ"}}}
}

// formFields appends record i's running form to the record message being
// built: the native fields, and the developer fields of the apps declared
// so far (other is the non-Stryd app's value, written while it holds the
// index).
func (fw *fitWriter) formFields(i int, stryd *devApp, other *devApp) {
	x := &fw.s.Samples
	for _, f := range nativeForm {
		if v, ok := scaled(x.Value(f.col, i), f.scale, 0, math.MaxUint16); ok {
			fw.put(f.num, proto.Uint16(uint16(v)))
		}
	}
	if other != nil {
		fw.m.DeveloperFields = append(fw.m.DeveloperFields, proto.DeveloperField{Num: 0, DeveloperDataIndex: other.index,
			Value: proto.Float32(float32(12.5 - float64(i%100)/40))})
	}
	if stryd == nil {
		return
	}
	for _, f := range stryd.fields {
		v := x.Value(f.col, i)
		if !model.Known(v) {
			continue
		}
		var val proto.Value
		switch f.bt {
		case basetype.Uint16:
			if v < 0 || v >= math.MaxUint16 {
				continue
			}
			val = proto.Uint16(uint16(math.Round(v)))
		default:
			val = proto.Float32(float32(v))
		}
		fw.m.DeveloperFields = append(fw.m.DeveloperFields, proto.DeveloperField{Num: f.num, DeveloperDataIndex: stryd.index, Value: val})
	}
}
