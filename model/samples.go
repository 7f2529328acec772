package model

// Sample is one point of a session's time series. Every field but T may be
// Missing.
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

// Samples holds a session's time series column by column: every slice has
// the same length, index i of each is one sample. The columnar layout keeps a
// 100,000-record activity compact and is what the store writes.
type Samples struct {
	T, Lat, Lon, AltM, DistM, SpeedMPS, HR, CadenceSPM, PowerW []float64
}

// Len returns the number of samples.
func (s *Samples) Len() int { return len(s.T) }

// Append adds one sample at the end.
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
}

// At returns sample i.
func (s *Samples) At(i int) Sample {
	return Sample{T: s.T[i], Lat: s.Lat[i], Lon: s.Lon[i], AltM: s.AltM[i], DistM: s.DistM[i],
		SpeedMPS: s.SpeedMPS[i], HR: s.HR[i], CadenceSPM: s.CadenceSPM[i], PowerW: s.PowerW[i]}
}

// Column names in the order Columns returns them; stable, used by the store
// and by sample exports.
var SampleColumns = []string{"t_s", "lat_deg", "lon_deg", "alt_m", "dist_m", "speed_mps", "hr_bpm", "cadence_spm", "power_w"}

// Columns returns the column slices in the order of SampleColumns.
func (s *Samples) Columns() []*[]float64 {
	return []*[]float64{&s.T, &s.Lat, &s.Lon, &s.AltM, &s.DistM, &s.SpeedMPS, &s.HR, &s.CadenceSPM, &s.PowerW}
}
