package synth

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/backtrack/backtrack/model"
)

// GPXOptions choose how [WriteGPX] writes a session.
type GPXOptions struct {
	// Creator is the gpx element's creator attribute; "" means
	// "backtrack synth".
	Creator string
	// Type is the track's <type> ("running"); "" writes none.
	Type string
	// CadenceUnit is the unit of gpxtpx:cad for foot sports: "strides"
	// (strides/min, as Garmin writes it, ≈85 for a run) or "steps"
	// (steps/min, as Strava writes it, ≈170); "" means "strides". Cycling
	// cadence is written in rpm either way.
	CadenceUnit string
	// Jitter, as Sports Tracker's exports have it: every third to fifth
	// point's time is written 1 to 3 s earlier than the point before it.
	Jitter bool
	// PlaceholderEle writes <ele>0.0</ele> for the first PlaceholderEle
	// points, as a receiver without a fix does, instead of their altitude.
	PlaceholderEle int
	// NoName leaves the track's <name> out, as Sports Tracker's exports do.
	NoName bool
}

// Cadence units of [GPXOptions].
const (
	CadenceStrides = "strides"
	CadenceSteps   = "steps"
)

// WriteGPX writes s as a GPX 1.1 track: one trkseg of trkpt elements, each
// with lat and lon (7 decimals, about 1 cm), ele (metres, 3 decimals), time
// (UTC with "Z", to the second unless the sample time has a fraction) and a
// Garmin TrackPointExtension v1 with gpxtpx:hr and gpxtpx:cad (integers). Samples without a position are left out, as GPX
// requires lat and lon; missing values are left out, never written as 0.
// The session's Name goes in the track's <name>.
func WriteGPX(w io.Writer, s model.Session, o GPXOptions) error {
	creator := o.Creator
	if creator == "" {
		creator = "backtrack synth"
	}
	unit := o.CadenceUnit
	switch unit {
	case "":
		unit = CadenceStrides
	case CadenceStrides, CadenceSteps:
	default:
		return fmt.Errorf("write gpx: unknown cadence unit %q", o.CadenceUnit)
	}
	halve := s.Sport.UsesStepCadence() && unit == CadenceStrides

	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(xml.Header)
	bw.WriteString(`<gpx creator="`)
	xmlEscape(bw, creator)
	bw.WriteString(`" version="1.1" xmlns="http://www.topografix.com/GPX/1/1"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd` +
		` http://www.garmin.com/xmlschemas/TrackPointExtension/v1 http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd"` +
		` xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">` + "\n")
	bw.WriteString(" <metadata>\n  <time>")
	bw.WriteString(s.Start.UTC().Format(time.RFC3339))
	bw.WriteString("</time>\n </metadata>\n <trk>\n")
	if s.Name != "" && !o.NoName {
		bw.WriteString("  <name>")
		xmlEscape(bw, s.Name)
		bw.WriteString("</name>\n")
	}
	if o.Type != "" {
		bw.WriteString("  <type>")
		xmlEscape(bw, o.Type)
		bw.WriteString("</type>\n")
	}
	bw.WriteString("  <trkseg>\n")
	num := make([]byte, 0, 64)
	x := &s.Samples
	written, nextJitter := 0, 4
	var prevT time.Time
	for i := 0; i < x.Len(); i++ {
		lat, lon := x.Lat[i], x.Lon[i]
		if !model.Known(lat) || !model.Known(lon) {
			continue
		}
		bw.WriteString(`   <trkpt lat="`)
		num = strconv.AppendFloat(num[:0], math.Round(lat*1e7)/1e7, 'f', -1, 64)
		bw.Write(num)
		bw.WriteString(`" lon="`)
		num = strconv.AppendFloat(num[:0], math.Round(lon*1e7)/1e7, 'f', -1, 64)
		bw.Write(num)
		bw.WriteString(`">`)
		if written < o.PlaceholderEle {
			bw.WriteString("<ele>0.0</ele>")
		} else if model.Known(x.AltM[i]) {
			bw.WriteString("<ele>")
			num = strconv.AppendFloat(num[:0], math.Round(x.AltM[i]*1000)/1000, 'f', -1, 64)
			bw.Write(num)
			bw.WriteString("</ele>")
		}
		bw.WriteString("<time>")
		t := s.Start.Add(time.Duration(math.Round(x.T[i] * 1e9))).UTC()
		if o.Jitter && written > 0 && written == nextJitter {
			// 1 to 3 s before the point before it.
			t = prevT.Add(-time.Duration(1+written%3) * time.Second)
			nextJitter += 3 + written%3
		}
		prevT = t
		written++
		num = t.AppendFormat(num[:0], time.RFC3339Nano)
		bw.Write(num)
		bw.WriteString("</time>")
		hr, cad := x.HR[i], x.CadenceSPM[i]
		if halve && model.Known(cad) {
			cad /= 2
		}
		if model.Known(hr) || model.Known(cad) {
			bw.WriteString("<extensions><gpxtpx:TrackPointExtension>")
			if model.Known(hr) {
				bw.WriteString("<gpxtpx:hr>")
				num = strconv.AppendInt(num[:0], int64(math.Round(hr)), 10)
				bw.Write(num)
				bw.WriteString("</gpxtpx:hr>")
			}
			if model.Known(cad) {
				bw.WriteString("<gpxtpx:cad>")
				num = strconv.AppendInt(num[:0], int64(math.Round(cad)), 10)
				bw.Write(num)
				bw.WriteString("</gpxtpx:cad>")
			}
			bw.WriteString("</gpxtpx:TrackPointExtension></extensions>")
		}
		bw.WriteString("</trkpt>\n")
	}
	bw.WriteString("  </trkseg>\n </trk>\n</gpx>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write gpx: %w", err)
	}
	return nil
}

// xmlEscape writes s escaped for XML text and attribute values.
func xmlEscape(w *bufio.Writer, s string) {
	_ = xml.EscapeText(w, []byte(s))
}
