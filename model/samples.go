package model

import (
	"fmt"
	"slices"
)

// Sample is one point of a session's time series. Every field but T may be
// Missing. It holds the core columns only; the running-dynamics and Stryd
// columns (see [Samples]) are set with [Samples.Set].
type Sample struct {
	// T is seconds since the session's Start.
	T float64
	// Lat and Lon are the position in degrees (WGS 84).
	Lat, Lon float64
	// AltM is altitude in metres above sea level.
	AltM float64
	// DistM is cumulative distance in metres.
	DistM float64
	// SpeedMPS is speed in metres per second.
	SpeedMPS float64
	// HR is heart rate in beats per minute.
	HR float64
	// CadenceSPM is cadence in steps per minute for foot sports (both feet),
	// revolutions per minute for cycling.
	CadenceSPM float64
	// PowerW is power in watts.
	PowerW float64
}

// MissingSample returns a sample at offset t seconds with every other field Missing.
func MissingSample(t float64) Sample {
	return Sample{T: t, Lat: Missing, Lon: Missing, AltM: Missing, DistM: Missing,
		SpeedMPS: Missing, HR: Missing, CadenceSPM: Missing, PowerW: Missing}
}

// Samples holds a session's time series column by column: index i of each
// column is one sample. The columnar layout keeps a 100,000-record activity
// compact and is what the store writes.
//
// The core columns (T to PowerW, the first [CoreSampleColumns] of
// [SampleColumns]) always have Len() values. The optional columns after
// them (running dynamics and Stryd's developer fields) have either Len()
// values or none at all, when the session recorded none of that measure:
// a watch without a running-dynamics sensor costs no memory for them. Read
// them with [Samples.Value] or check their length.
type Samples struct {
	T, Lat, Lon, AltM, DistM, SpeedMPS, HR, CadenceSPM, PowerW []float64

	// Running dynamics, as a FIT record's native fields carry them (Garmin
	// HRM-Run/Tri/Pro, the Running Dynamics Pod, newer wrists, Coros).
	// Zeros are recorded values (many devices write 0 while stopped), not
	// missing ones.

	// GroundContactMS is the ground contact time in milliseconds
	// (record.stance_time).
	GroundContactMS []float64
	// GCTBalanceLeftPct is the left foot's share of the ground contact
	// time in percent, 50 being even (record.stance_time_balance); only a
	// chest strap or pod measures it.
	GCTBalanceLeftPct []float64
	// VerticalOscillationMM is the vertical oscillation in millimetres
	// (record.vertical_oscillation).
	VerticalOscillationMM []float64
	// VerticalRatioPct is vertical oscillation over step length in percent
	// (record.vertical_ratio).
	VerticalRatioPct []float64
	// StepLengthMM is the length of a step in millimetres
	// (record.step_length).
	StepLengthMM []float64

	// Stryd's developer fields (its Connect IQ apps and its own
	// recordings), kept in Stryd's units beside the native columns, never
	// merged into them: Stryd's numbers are on another scale (its power
	// reads lower than Garmin's, its vertical oscillation is in
	// centimetres and 15–30% below a strap's).

	// StrydPowerW is Stryd's running power in watts ("Power").
	StrydPowerW []float64
	// StrydFormPowerW is the part of it spent moving up and down, in
	// watts ("Form Power").
	StrydFormPowerW []float64
	// StrydAirPowerW is the part spent against the air, in watts ("Air
	// Power").
	StrydAirPowerW []float64
	// StrydLSSKNM is leg spring stiffness in kN/m ("Leg Spring
	// Stiffness").
	StrydLSSKNM []float64
	// StrydGroundTimeMS is Stryd's ground contact time in milliseconds
	// ("Ground Time").
	StrydGroundTimeMS []float64
	// StrydVerticalOscillationCM is Stryd's vertical oscillation in
	// centimetres ("Vertical Oscillation").
	StrydVerticalOscillationCM []float64
	// StrydILRBWS is the impact loading rate in body weights per second
	// ("Impact Loading Rate"), from a Stryd that writes it.
	StrydILRBWS []float64
}

// Len returns the number of samples.
func (s *Samples) Len() int { return len(s.T) }

// The indexes of the columns in [SampleColumns] and [Samples.Columns].
const (
	ColT = iota
	ColLat
	ColLon
	ColAlt
	ColDist
	ColSpeed
	ColHR
	ColCadence
	ColPower
	ColGroundContact
	ColGCTBalance
	ColVerticalOscillation
	ColVerticalRatio
	ColStepLength
	ColStrydPower
	ColStrydFormPower
	ColStrydAirPower
	ColStrydLSS
	ColStrydGroundTime
	ColStrydVerticalOscillation
	ColStrydILR
	// NumSampleColumns is the number of sample columns.
	NumSampleColumns
)

// CoreSampleColumns is the number of core columns (T to PowerW), which
// always hold a value (or Missing) for every sample.
const CoreSampleColumns = ColPower + 1

// SampleColumns names the columns in the order Columns returns them (with
// their units); stable, used by the store and by sample exports.
var SampleColumns = []string{"t_s", "lat_deg", "lon_deg", "alt_m", "dist_m", "speed_mps", "hr_bpm", "cadence_spm", "power_w",
	"ground_contact_ms", "gct_balance_left_pct", "vertical_oscillation_mm", "vertical_ratio_pct", "step_length_mm",
	"stryd_power_w", "stryd_form_power_w", "stryd_air_power_w", "stryd_lss_kn_m", "stryd_ground_time_ms",
	"stryd_vertical_oscillation_cm", "stryd_ilr_bw_s"}

// Columns returns the column slices in the order of SampleColumns.
func (s *Samples) Columns() [NumSampleColumns]*[]float64 {
	return [NumSampleColumns]*[]float64{&s.T, &s.Lat, &s.Lon, &s.AltM, &s.DistM, &s.SpeedMPS, &s.HR, &s.CadenceSPM, &s.PowerW,
		&s.GroundContactMS, &s.GCTBalanceLeftPct, &s.VerticalOscillationMM, &s.VerticalRatioPct, &s.StepLengthMM,
		&s.StrydPowerW, &s.StrydFormPowerW, &s.StrydAirPowerW, &s.StrydLSSKNM, &s.StrydGroundTimeMS,
		&s.StrydVerticalOscillationCM, &s.StrydILRBWS}
}

// Column returns column c (one of the Col constants); an optional column
// the session lacks is empty.
func (s *Samples) Column(c int) []float64 { return *s.col(c) }

// col returns a pointer to column c (cheaper than Columns for one).
func (s *Samples) col(c int) *[]float64 {
	switch c {
	case ColT:
		return &s.T
	case ColLat:
		return &s.Lat
	case ColLon:
		return &s.Lon
	case ColAlt:
		return &s.AltM
	case ColDist:
		return &s.DistM
	case ColSpeed:
		return &s.SpeedMPS
	case ColHR:
		return &s.HR
	case ColCadence:
		return &s.CadenceSPM
	case ColPower:
		return &s.PowerW
	case ColGroundContact:
		return &s.GroundContactMS
	case ColGCTBalance:
		return &s.GCTBalanceLeftPct
	case ColVerticalOscillation:
		return &s.VerticalOscillationMM
	case ColVerticalRatio:
		return &s.VerticalRatioPct
	case ColStepLength:
		return &s.StepLengthMM
	case ColStrydPower:
		return &s.StrydPowerW
	case ColStrydFormPower:
		return &s.StrydFormPowerW
	case ColStrydAirPower:
		return &s.StrydAirPowerW
	case ColStrydLSS:
		return &s.StrydLSSKNM
	case ColStrydGroundTime:
		return &s.StrydGroundTimeMS
	case ColStrydVerticalOscillation:
		return &s.StrydVerticalOscillationCM
	case ColStrydILR:
		return &s.StrydILRBWS
	}
	panic(fmt.Sprintf("model: no sample column %d", c))
}

// Has reports whether column c holds at least one value.
func (s *Samples) Has(c int) bool { return slices.ContainsFunc(s.Column(c), Known) }

// Value returns sample i of column c, Missing when an optional column is
// empty.
func (s *Samples) Value(c, i int) float64 {
	col := s.Column(c)
	if i >= len(col) {
		return Missing
	}
	return col[i]
}

// Set sets sample i (0 ≤ i < Len()) of column c to v. Setting an empty
// optional column to a value first fills it with Missing; setting it to
// Missing leaves it empty.
func (s *Samples) Set(c, i int, v float64) {
	col := s.col(c)
	if len(*col) != len(s.T) {
		if !Known(v) {
			return
		}
		*col = make([]float64, s.Len())
		for j := range *col {
			(*col)[j] = Missing
		}
	}
	(*col)[i] = v
}

// Append adds one sample at the end: its core values, and Missing to
// every optional column the samples have.
func (s *Samples) Append(x Sample) {
	s.T = append(s.T, x.T)
	s.Lat = append(s.Lat, x.Lat)
	s.Lon = append(s.Lon, x.Lon)
	s.AltM = append(s.AltM, x.AltM)
	s.DistM = append(s.DistM, x.DistM)
	s.SpeedMPS = append(s.SpeedMPS, x.SpeedMPS)
	s.HR = append(s.HR, x.HR)
	s.CadenceSPM = append(s.CadenceSPM, x.CadenceSPM)
	s.PowerW = append(s.PowerW, x.PowerW)
	cols := s.Columns()
	for _, c := range cols[CoreSampleColumns:] {
		if len(*c) > 0 {
			*c = append(*c, Missing)
		}
	}
}

// At returns the core values of sample i.
func (s *Samples) At(i int) Sample {
	return Sample{T: s.T[i], Lat: s.Lat[i], Lon: s.Lon[i], AltM: s.AltM[i], DistM: s.DistM[i],
		SpeedMPS: s.SpeedMPS[i], HR: s.HR[i], CadenceSPM: s.CadenceSPM[i], PowerW: s.PowerW[i]}
}

// Slice returns samples i to j-1, sharing memory with s; an empty optional
// column stays empty.
func (s *Samples) Slice(i, j int) *Samples {
	out := &Samples{}
	dst := out.Columns()
	for c, col := range s.Columns() {
		if len(*col) > 0 || c < CoreSampleColumns {
			*dst[c] = (*col)[i:j:j]
		}
	}
	return out
}

// Permute returns the samples in the order idx gives (sample k of the
// result is sample idx[k] of s), in new memory; empty optional columns stay
// empty.
func (s *Samples) Permute(idx []int) Samples {
	var out Samples
	dst := out.Columns()
	for c, col := range s.Columns() {
		if len(*col) == 0 && c >= CoreSampleColumns {
			continue
		}
		v := make([]float64, len(idx))
		for k, j := range idx {
			v[k] = (*col)[j]
		}
		*dst[c] = v
	}
	return out
}

// Check reports the first column whose length breaks the rule of
// [Samples]: a core column without Len() values, or an optional column
// with neither Len() values nor none.
func (s *Samples) Check() error {
	n := s.Len()
	for c, col := range s.Columns() {
		if len(*col) != n && (c < CoreSampleColumns || len(*col) != 0) {
			return fmt.Errorf("samples: column %s has %d values, want %d", SampleColumns[c], len(*col), n)
		}
	}
	return nil
}

// SameValues reports whether a and b hold the same samples: the same
// values, NaN equal to NaN, an empty optional column equal to one that is
// Missing throughout.
func SameValues(a, b *Samples) bool {
	if a.Len() != b.Len() {
		return false
	}
	for c := range NumSampleColumns {
		for i := 0; i < a.Len(); i++ {
			x, y := a.Value(c, i), b.Value(c, i)
			if x != y && !(x != x && y != y) {
				return false
			}
		}
	}
	return true
}
