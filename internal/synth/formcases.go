package synth

import (
	"bytes"
	"math"
	"time"

	"github.com/backtrack/backtrack/model"
)

// FormCase is one way real FIT files carry running form, rebuilt with
// [WriteFIT] (docs/storage.md, "Running dynamics"): the public files
// themselves belong to other projects and stay out of the repository.
type FormCase struct {
	// Name says what the case reproduces.
	Name string
	// Written is the session written; Options how.
	Written model.Session
	Options FITOptions
	// Want is the session a decoder must give back: its Recorder and its
	// samples, every value exactly (Written's, less what a decoder must
	// not take as Stryd's).
	Want model.Session
}

// FIT returns the case's file.
func (c FormCase) FIT() ([]byte, error) {
	var b bytes.Buffer
	err := WriteFIT(&b, c.Written, c.Options)
	return b.Bytes(), err
}

// formCaseStart is when every case's run starts.
var formCaseStart = time.Date(2024, 5, 4, 7, 30, 0, 0, time.UTC)

// formCaseRun returns a 10-minute run with the running-form columns
// native ("ground_contact_ms" …) and stryd (Stryd's) filled as decoders
// give them: tenths and hundredths from FIT's integers, Stryd's integers
// and float32s. The first 5 s are standing (zeros, as watches write
// them), and every 40th record lacks running dynamics.
func formCaseRun(native []int, stryd []int, rec model.Recorder) model.Session {
	s := model.NewSession(model.Running, formCaseStart)
	s.OffsetS, s.OffsetOrigin = 7200, model.OffsetDevice
	s.Recorder = rec
	const n = 600
	x := &s.Samples
	for k := 0; k < n; k++ {
		p := model.MissingSample(float64(k))
		v := 3 + 0.3*math.Sin(float64(k)/60)
		p.SpeedMPS = math.Round(v*1000) / 1000
		p.DistM = float64(k*300) / 100
		p.HR = float64(140 + k%15)
		p.CadenceSPM = 2 * float64(84+k%3)
		x.Append(p)
		if k%40 == 39 {
			continue
		}
		stopped := k < 5
		values := map[int]float64{
			model.ColGroundContact:            float64(2700-int(300*(v-3))+k%37) / 10,
			model.ColGCTBalance:               float64(4930+k%51) / 100,
			model.ColVerticalOscillation:      float64(850+k%23) / 10,
			model.ColVerticalRatio:            float64(790+k%31) / 100,
			model.ColStepLength:               float64(10700+k%97) / 10,
			model.ColPower:                    float64(250 + k%30),
			model.ColStrydPower:               float64(220 + k%25),
			model.ColStrydFormPower:           float64(70 + k%9),
			model.ColStrydAirPower:            float64(k % 4),
			model.ColStrydLSS:                 float64(float32(9.5 + float64(k%50)/17)),
			model.ColStrydGroundTime:          float64(245 + k%20),
			model.ColStrydVerticalOscillation: float64(50+k%20) / 8,
			model.ColStrydILR:                 float64(float32(60 + float64(k%13)/3)),
		}
		for _, c := range append(append([]int(nil), native...), stryd...) {
			val := values[c]
			if stopped && c != model.ColStrydLSS {
				val = 0
			}
			if c == model.ColPower {
				x.PowerW[k] = val
				continue
			}
			x.Set(c, k, val)
		}
	}
	s.ElapsedS, s.TimerS = n-1, n-1
	s.DistanceM = x.DistM[n-1]
	return s
}

// The column sets of the cases.
var (
	strapForm = []int{model.ColGroundContact, model.ColGCTBalance, model.ColVerticalOscillation,
		model.ColVerticalRatio, model.ColStepLength}
	wristForm = []int{model.ColGroundContact, model.ColVerticalOscillation, model.ColVerticalRatio,
		model.ColStepLength, model.ColPower}
	strydForm = []int{model.ColStrydPower, model.ColStrydFormPower, model.ColStrydAirPower, model.ColStrydLSS,
		model.ColStrydGroundTime, model.ColStrydVerticalOscillation}
)

// FormCases returns the structural cases of running form: a chest strap's
// native running dynamics, a wrist's (no balance), Stryd's developer fields
// under each of its application IDs and at another index beside another
// app, an index that a W'bal app held before Stryd (little- and
// big-endian), the all-zero ID in a Stryd recording and beside Stryd's
// field names, a zero-ID app that is not Stryd's, and a Coros file whose
// creator is device index 255.
func FormCases() []FormCase {
	garmin := func(product string, serial int64, sensor string) model.Recorder {
		return model.Recorder{Manufacturer: "garmin", Product: product, Serial: serial, FormSensor: sensor}
	}
	var cases []FormCase
	add := func(name string, native, stryd []int, rec model.Recorder, o FITOptions) *FormCase {
		w := formCaseRun(native, stryd, rec)
		cases = append(cases, FormCase{Name: name, Written: w, Options: o, Want: w})
		return &cases[len(cases)-1]
	}
	add("chest strap: native running dynamics with balance", strapForm, nil,
		garmin("fenix6", 3903248639, "garmin hrm_pro"), FITOptions{Manufacturer: "garmin"})
	add("wrist: native running dynamics and power, no balance", wristForm, nil,
		garmin("fr965", 3448026845, "wrist"), FITOptions{Manufacturer: "garmin"})
	add("Stryd Power app (660a581e) at index 0 beside a strap", strapForm, strydForm,
		garmin("fenix5x", 3948522231, "garmin hrm4_run"), FITOptions{Manufacturer: "garmin"})
	add("Stryd Zones app (18fb2cf0) at index 1, another app at index 2", nil, append([]int{model.ColStrydILR}, strydForm...),
		garmin("fr955", 3443211122, "stryd"), FITOptions{Manufacturer: "garmin", StrydApp: "18fb2cf0-1a4b-430d-ad66-988c847421f4",
			StrydIndex: 1, OtherApp: true})
	add("Stryd app 14cc7713", wristForm, strydForm, garmin("fr920xt", 3898218382, "wrist"),
		FITOptions{Manufacturer: "garmin", StrydApp: "14cc7713-eff0-4136-a643-ac88baf99d02"})
	c := add("index re-declared: a W'bal app's float32 field 0, then Stryd's Power", strapForm, strydForm,
		garmin("fenix5x", 3948522231, "garmin hrm_tri"), FITOptions{Manufacturer: "garmin", ReuseIndex: true})
	c.Want = withoutStrydBefore(c.Written, c.Written.Samples.Len()/3)
	c = add("index re-declared, big-endian", wristForm, strydForm,
		garmin("fenix5x", 3948522231, "wrist"), FITOptions{Manufacturer: "garmin", ReuseIndex: true, BigEndian: true})
	c.Want = withoutStrydBefore(c.Written, c.Written.Samples.Len()/3)
	add("Stryd's own recording: zero application ID, file by Stryd", []int{model.ColGroundContact, model.ColVerticalOscillation, model.ColPower},
		[]int{model.ColStrydFormPower, model.ColStrydLSS}, model.Recorder{Manufacturer: "stryd", Serial: 2147483647, FormSensor: "stryd"},
		FITOptions{Manufacturer: "stryd", StrydApp: "00000000-0000-0000-0000-000000000000"})
	add("zero application ID beside Stryd's field names (2016 Stryd app)", nil,
		[]int{model.ColStrydPower, model.ColStrydGroundTime, model.ColStrydVerticalOscillation},
		garmin("fr920xt", 3898218382, "stryd"), FITOptions{Manufacturer: "garmin", StrydApp: "00000000-0000-0000-0000-000000000000"})
	c = add("zero application ID with a Power field only: not Stryd's", wristForm, []int{model.ColStrydPower},
		garmin("fr945", 3311112222, "wrist"), FITOptions{Manufacturer: "garmin", StrydApp: "00000000-0000-0000-0000-000000000000"})
	c.Want = withoutStrydBefore(c.Written, c.Written.Samples.Len())
	coros := model.Recorder{Manufacturer: "coros", Product: "COROS APEX Pro", FormSensor: "wrist"}
	c = add("Coros: creator device index 255, name in file_id", append([]int{model.ColGCTBalance}, wristForm...), nil, coros,
		FITOptions{Manufacturer: "coros", CreatorIndex255: true, NoSerial: true})
	c.Written.Device, c.Want.Device = "COROS APEX Pro", "COROS APEX Pro"
	return cases
}

// withoutStrydBefore returns s with its Stryd columns Missing before
// sample k (an app that is not Stryd's held them), empty if none is left.
func withoutStrydBefore(s model.Session, k int) model.Session {
	out := s
	out.Samples = s.Samples.Permute(identity(s.Samples.Len()))
	for _, f := range strydFields {
		col := out.Samples.Columns()[f.col]
		if len(*col) == 0 {
			continue
		}
		for i := 0; i < k && i < len(*col); i++ {
			(*col)[i] = model.Missing
		}
		if !out.Samples.Has(f.col) {
			*col = nil
		}
	}
	return out
}

// identity returns 0, 1, …, n-1.
func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
