package importers

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"

	"github.com/backtrack/backtrack/model"
)

// DecodeGPX reads a GPX 1.0 or 1.1 file from r and returns one session per
// track (<trk>) that has at least two points with a time; a track's
// segments are joined (no distance is counted across the gap between two
// segments).
//
// The file is streamed with encoding/xml: only the current track's samples
// are held in memory, a document cut short (a half-written file) keeps
// every point read before the cut (Status partial), and at most 128 MiB of
// a file is read. Legacy encodings named in the XML declaration
// (ISO-8859-1, windows-1252, …) and UTF-16 are decoded.
//
// Per sample: seconds since the first point, position, elevation,
// cumulative distance from the positions (haversine), speed from distance
// and time between points (Missing at a segment's first point, unless the
// file records speed), and heart rate, cadence and power from the point's
// extensions (Garmin TrackPointExtension v1/v2, with or without namespace
// prefixes, and similar elements named hr, cad/cadence, power). A time with
// an explicit non-zero offset ("+02:00") sets the session's local offset
// (origin device); "Z" times take the offset of the user's zone
// ([WithLocation]) at the start (origin zone). Points without a time, with
// an impossible date (before 1990, as GPS receivers without a fix write) or
// earlier than the point before are left out with a warning.
//
// Cadence: gpxtpx:cad is steps/min from Strava (creator "StravaGPX…") and
// strides/min from Garmin writers (creator "Garmin Connect" or a Garmin
// device name), doubled to steps/min for running, walking and hiking. For a
// run whatever the writer, and for any foot sport from an unknown writer,
// the median decides (see xmlCadenceFactor); cycling cadence is rpm and is
// never changed.
//
// Sport comes from the track's <type> (words such as "running",
// "trail_running", "cycling", "Ride"; Strava's numeric codes only when the
// creator is Strava). Without a type it is inferred (SportOrigin
// [model.SportInferred], with a warning) from a sport word in the track's
// name, the file's description or the file's name ([WithFileName]), else
// from its cadence and speed (see docs/definitions.md, "Sport of an untyped
// track"); when nothing decides, the sport is Other. GPX has no timer, so TimerS is Missing; AscentM and
// DescentM are gpxgo's uphill and downhill (its 0.3/0.4/0.3 smoothing of
// raw elevations, summed per segment; Missing without elevations).
//
// A file with no timed track (a route, waypoints, a track without times)
// returns a *SkipError. Input that is not GPX returns an error starting
// "not a GPX file" that wraps [ErrUnknownFormat].
func DecodeGPX(r io.Reader, opts ...Option) (*Result, error) {
	o := NewOptions(opts...)
	d := &gpxDecoder{o: &o, s: newXMLStream(r)}
	return d.decode()
}

// gpxDecoder is the state of one DecodeGPX call.
type gpxDecoder struct {
	o   *Options
	s   *xmlStream
	res Result

	creator  string
	unit     xmlCadUnit
	strava   bool
	metaName string
	metaDesc string

	trkN    int       // tracks begun
	trk     *xmlTrack // the open track, or nil
	trkName string
	trkType string

	pt      xmlPoint
	ptDepth int // path depth of the open trkpt, or 0

	kept        int // points kept in sessions
	singles     int // tracks with a single timed point
	untimed     int // points without a time, over all tracks
	implausible int // points with impossible dates, over all tracks
	badTime     string
	rtepts      int
	wpts        int
	trkpts      int
	routes      int // tracks with only a few timed points
}

// decode runs the token loop and builds the Result.
func (d *gpxDecoder) decode() (*Result, error) {
	d.res = Result{Format: model.FormatGPX, Status: model.StatusOK}
	s := d.s
	rootSeen := false
	for {
		ev, el, err := s.next()
		if ev == xmlDone {
			if !rootSeen {
				if err == nil {
					err = errXMLNoRoot
				}
				return nil, unknownFormatf("not a GPX file: %s", xmlErrText(err))
			}
			return d.end(err)
		}
		if !rootSeen {
			rootSeen = true
			if !strings.EqualFold(el.Name.Local, "gpx") {
				return nil, unknownFormatf("not a GPX file: the root element is <%s>", el.Name.Local)
			}
			d.creator = strings.TrimSpace(xmlAttr(el, "creator"))
			d.unit, d.strava = gpxCreatorUnit(d.creator)
			continue
		}
		if ev == xmlStart {
			d.start(el)
		} else {
			d.endElement()
		}
	}
}

// start handles a start tag below the root.
func (d *gpxDecoder) start(el xml.StartElement) {
	s := d.s
	name := el.Name.Local
	switch {
	case s.depth() == 2 && strings.EqualFold(name, "trk"):
		d.trkN++
		d.trk, d.trkName, d.trkType = newXMLTrack(), "", ""
	case d.trk != nil && s.depth() == 3 && strings.EqualFold(name, "trkseg"):
		d.trk.segment()
	case d.trk != nil && s.depth() == 4 && strings.EqualFold(name, "trkpt"):
		d.trkpts++
		d.pt.reset()
		d.ptDepth = s.depth()
		la, lo := xmlAttr(el, "lat"), xmlAttr(el, "lon")
		lat, lon := xmlFloat(la), xmlFloat(lo)
		if xmlValidPosition(lat, lon) {
			d.pt.lat, d.pt.lon = lat, lon
		} else if (la != "" || lo != "") && (lat != 0 || lon != 0) { // 0,0 is the usual "no fix"
			d.trk.badPos++
		}
	case strings.EqualFold(name, "rtept"):
		d.rtepts++
	case s.depth() == 2 && strings.EqualFold(name, "wpt"):
		d.wpts++
	}
}

// endElement handles an end tag below the root; the closing element is
// still on the path.
func (d *gpxDecoder) endElement() {
	s := d.s
	if d.ptDepth > 0 {
		switch depth := s.depth(); {
		case depth == d.ptDepth:
			d.trk.add(&d.pt)
			d.ptDepth = 0
		case depth == d.ptDepth+1:
			switch s.lowerName() {
			case "ele":
				d.pt.alt = xmlFloat(s.textString())
			case "time":
				d.pt.setTime(s.textString())
			case "speed": // GPX 1.0
				d.pt.speed = xmlFloat(s.textString())
			}
		case strings.EqualFold(s.path[d.ptDepth], "extensions"):
			d.extension(s.lowerName(), s.textString())
		}
		return
	}
	switch {
	case d.trk != nil && s.depth() == 3 && s.at("trk", "name"):
		d.trkName = s.textString()
	case d.trk != nil && s.depth() == 3 && s.at("trk", "type"):
		d.trkType = s.textString()
	case d.trk != nil && s.depth() == 2:
		d.endTrack()
	case s.at("metadata", "name") && s.depth() == 3, s.depth() == 2 && s.at("name"):
		d.metaName = s.textString()
	case s.at("metadata", "desc") && s.depth() == 3, s.depth() == 2 && s.at("desc"):
		d.metaDesc = s.textString() // Sports Tracker puts the user's title here
	}
}

// extension reads one leaf element inside a trkpt's <extensions>, by local
// name: Garmin TrackPointExtension v1/v2 (hr, cad, speed), Cluetrust
// gpxdata (hr, cadence), and the power elements Strava and others write.
func (d *gpxDecoder) extension(name, text string) {
	switch name {
	case "hr", "heartrate", "heart_rate":
		d.pt.hr = xmlPositive(xmlFloat(text))
	case "cad", "cadence", "runcadence":
		if v := xmlFloat(text); model.Known(v) && v >= 0 {
			d.pt.cad = v
		}
	case "power", "watts", "powerinwatts":
		if v := xmlFloat(text); model.Known(v) && v >= 0 {
			d.pt.power = v
		}
	case "speed":
		if v := xmlFloat(text); model.Known(v) && v >= 0 && !model.Known(d.pt.speed) {
			d.pt.speed = v
		}
	}
}

// endTrack turns the open track into a session, or a warning.
func (d *gpxDecoder) endTrack() {
	k, name := d.trk, d.trkName
	d.trk, d.ptDepth = nil, 0
	what := fmt.Sprintf("track %d", d.trkN)
	if name != "" {
		what += fmt.Sprintf(" (%q)", name)
	}
	d.untimed += k.untimed
	d.implausible += k.implausible
	if d.badTime == "" {
		d.badTime = k.badTime
	}
	switch {
	case k.len() == 0 && k.untimed+k.implausible > 0:
		d.res.Warnings = append(d.res.Warnings, what+": no point has a usable time (a route, not an activity): left out")
		return
	case k.len() == 0:
		return
	case k.untimed > k.len():
		// A recording times every point; a planned route (GraphHopper)
		// or an edited track times a few.
		d.routes++
		d.res.Warnings = append(d.res.Warnings, fmt.Sprintf("%s: only %d of %d points have a time (a route, not an activity): left out",
			what, k.len(), k.len()+k.untimed+k.implausible))
		return
	case k.len() == 1:
		d.singles++
		d.res.Warnings = append(d.res.Warnings, what+": a single timed point, not an activity: left out")
		return
	}
	d.res.Warnings = append(d.res.Warnings, k.dropNotes(what)...)
	if name == "" {
		name = d.metaName
	}
	sport, typed := model.Other, false
	if sp, ok := xmlSportWord(d.trkType, d.strava); ok {
		sport, typed = sp, true
	}
	d.kept += k.len()
	sess, notes := k.finish(d.o, xmlSessionOpts{sport: sport, unit: d.unit, ascent: true,
		infer: !typed, texts: []string{name, d.metaDesc, fileStem(d.o.FileName)}})
	for _, n := range notes {
		d.res.Warnings = append(d.res.Warnings, what+": "+n)
	}
	sess.Device = d.creator
	sess.Name = name
	d.res.Sessions = append(d.res.Sessions, sess)
}

// end finishes the file after the root closed (err nil) or the stream
// stopped early.
func (d *gpxDecoder) end(err error) (*Result, error) {
	if err != nil && d.trk != nil {
		d.ptDepth = 0 // a point cut in the middle is not kept
		d.endTrack()
	}
	d.res.Warnings = append(d.s.notes(), d.res.Warnings...)
	if err != nil || d.s.in.capped {
		if len(d.res.Sessions) == 0 {
			return nil, fmt.Errorf("read gpx: %s", d.s.stopReason(err, "no timed track before it"))
		}
		d.res.Status = model.StatusPartial
		d.res.Damage = d.s.stopReason(err, "kept "+xmlPlural(d.kept, "point"))
		return &d.res, nil
	}
	if len(d.res.Sessions) > 0 {
		return &d.res, nil
	}
	switch {
	case d.routes > 0:
		return nil, Skip("a route, not an activity")
	case d.implausible > 0:
		return nil, Skip(fmt.Sprintf("no usable times: %s with impossible dates (such as %s)",
			xmlPlural(d.implausible, "point"), d.badTime))
	case d.singles > 0:
		return nil, Skip("a single timed point, not an activity")
	case d.trkpts+d.rtepts == 0 && d.wpts > 0:
		return nil, Skip("waypoints only, not an activity")
	case d.trkpts+d.rtepts == 0:
		return nil, Skip("no track points, nothing to import")
	}
	return nil, Skip("a route, not an activity")
}

// gpxGarminWords are words in a creator attribute that name Garmin writers.
var gpxGarminWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"garmin": true, "forerunner": true, "fenix": true, "fēnix": true, "edge": true, "etrex": true,
		"oregon": true, "vivoactive": true, "venu": true, "instinct": true, "epix": true, "enduro": true,
		"gpsmap": true, "montana": true, "dakota": true, "colorado": true, "approach": true,
	}
})

// gpxCreatorUnit returns the foot-sport cadence unit of the GPX writer named
// by creator, and whether it is Strava (whose numeric <type> codes are
// known). Strava writes steps/min (Runalyze #1367); Garmin writers write
// strides/min, the unit of their FIT files.
func gpxCreatorUnit(creator string) (xmlCadUnit, bool) {
	c := strings.ToLower(creator)
	if strings.Contains(c, "strava") {
		return xmlCadSteps, true
	}
	for _, w := range strings.FieldsFunc(c, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if gpxGarminWords()[w] {
			return xmlCadStrides, false
		}
	}
	return xmlCadUnknown, false
}
