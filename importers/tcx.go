package importers

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// tcxMaxIDGap is how far before the first trackpoint an activity's Id (or
// first lap start) may lie and still be taken as the session's start.
const tcxMaxIDGap = time.Hour

// DecodeTCX reads a Garmin Training Center (TCX) file from r and returns one
// session per Activity (also those inside a MultiSportSession).
//
// The file is streamed with encoding/xml, element names matched by local
// name whatever their namespace prefix; only the current activity's samples
// are held in memory, at most 128 MiB of a file is read, and a document cut
// short keeps every trackpoint and lap read before the cut (Status partial).
//
// A session starts at the activity's Id (or its first lap's StartTime) when
// that lies at most an hour before the first trackpoint, else at the first
// trackpoint; ElapsedS runs to the last trackpoint or the end of the last
// lap, whichever is later. TimerS is the sum of the laps' TotalTimeSeconds;
// DistanceM the sum of the laps' DistanceMeters when every lap has one,
// else the last trackpoint's distance. Samples take Time, Position,
// AltitudeMeters, DistanceMeters (computed from positions when the file has
// none), HeartRateBpm, Cadence and the ActivityExtension TPX Speed,
// RunCadence and Watts; speed is computed from distance and time where the
// file has none. Laps keep StartTime, TotalTimeSeconds (as TimerS; ElapsedS
// runs to the next lap's start), DistanceMeters, AverageHeartRateBpm and
// Cadence or LX AvgRunCadence. An activity with laps but no trackpoints
// becomes a session from its laps.
//
// Garmin writes running cadence (Cadence and RunCadence) in strides/min:
// for running, walking and hiking it is doubled to steps/min unless the
// median shows it is steps already (see xmlCadenceFactor). Biking cadence is
// rpm and never changed. Sport "Running" is running, "Biking" cycling;
// "Other" (or none) is inferred from the file's name, cadence and speed as
// for GPX (SportOrigin [model.SportInferred]), else other. Times with an explicit non-zero offset set the local offset
// (origin device); "Z" times take the user's zone at the start (origin
// zone). AscentM and DescentM are Missing (TCX does not record them).
// Device is the activity's Creator Name, else the file's Author Name.
//
// A file with courses or workouts but no activity returns a *SkipError.
// Input that is not TCX returns an error starting "not a TCX file" that
// wraps [ErrUnknownFormat].
func DecodeTCX(r io.Reader, opts ...Option) (*Result, error) {
	o := NewOptions(opts...)
	d := &tcxDecoder{o: &o, s: newXMLStream(r)}
	return d.decode()
}

// tcxDecoder is the state of one DecodeTCX call.
type tcxDecoder struct {
	o   *Options
	s   *xmlStream
	res Result

	actN       int          // activities begun
	act        *tcxActivity // the open activity, or nil
	author     string       // Author/Name (the writing application)
	courses    bool
	workouts   bool
	emptyActs  int // activities without laps or trackpoints
	kept       int // trackpoints kept in sessions
	lapsOnly   int // sessions built from laps alone
	devDefault []int
}

// tcxActivity is an Activity being read.
type tcxActivity struct {
	depth   int // path depth of the Activity element
	sport   string
	id      xmlTime
	idOK    bool
	device  string
	laps    []tcxLap
	trk     *xmlTrack
	pt      xmlPoint
	ptDepth int // path depth of the open Trackpoint, or 0
}

// tcxLap is a Lap as read.
type tcxLap struct {
	start   xmlTime
	startOK bool
	firstPt int // index of the lap's first kept trackpoint
	timerS  float64
	distM   float64
	avgHR   float64
	cad     float64 // Lap/Cadence as written
	runCad  float64 // Lap/Extensions/LX/AvgRunCadence as written
}

// decode runs the token loop and builds the Result.
func (d *tcxDecoder) decode() (*Result, error) {
	d.res = Result{Format: model.FormatTCX, Status: model.StatusOK}
	s := d.s
	rootSeen := false
	for {
		ev, el, err := s.next()
		if ev == xmlDone {
			if !rootSeen {
				if err == nil {
					err = errXMLNoRoot
				}
				return nil, unknownFormatf("not a TCX file: %s", xmlErrText(err))
			}
			return d.end(err)
		}
		if !rootSeen {
			rootSeen = true
			if !strings.EqualFold(el.Name.Local, "TrainingCenterDatabase") {
				return nil, unknownFormatf("not a TCX file: the root element is <%s>", el.Name.Local)
			}
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
func (d *tcxDecoder) start(el xml.StartElement) {
	s := d.s
	name := el.Name.Local
	a := d.act
	switch {
	case a == nil && strings.EqualFold(name, "Activity") && s.within("Activities"):
		d.actN++
		d.act = &tcxActivity{depth: s.depth(), sport: xmlAttr(el, "Sport"), trk: newXMLTrack()}
	case a == nil && s.depth() == 2 && strings.EqualFold(name, "Courses"):
		d.courses = true
	case a == nil && s.depth() == 2 && strings.EqualFold(name, "Workouts"):
		d.workouts = true
	case a == nil:
	case s.depth() == a.depth+1 && strings.EqualFold(name, "Lap"):
		lap := tcxLap{firstPt: a.trk.len(), timerS: model.Missing, distM: model.Missing,
			avgHR: model.Missing, cad: model.Missing, runCad: model.Missing}
		if t, ok, plausible := xmlParseTime(xmlAttr(el, "StartTime")); ok && plausible {
			lap.start, lap.startOK = t, true
		}
		a.laps = append(a.laps, lap)
	case s.at("Lap", "Track"):
		a.trk.segment()
	case s.at("Track", "Trackpoint"):
		a.pt.reset()
		a.ptDepth = s.depth()
	}
}

// endElement handles an end tag below the root; the closing element is
// still on the path.
func (d *tcxDecoder) endElement() {
	s := d.s
	a := d.act
	if a == nil {
		if s.depth() == 3 && s.at("Author", "Name") {
			d.author = s.textString()
		}
		return
	}
	depth := s.depth()
	if a.ptDepth > 0 {
		p := &a.pt
		switch {
		case depth == a.ptDepth:
			a.trk.add(p)
			a.ptDepth = 0
		case depth == a.ptDepth+1:
			switch s.lowerName() {
			case "time":
				p.setTime(s.textString())
			case "position":
				if !xmlValidPosition(p.lat, p.lon) {
					if p.lat != 0 || p.lon != 0 { // 0,0 is the usual "no fix"
						a.trk.badPos++
					}
					p.lat, p.lon = model.Missing, model.Missing
				}
			case "altitudemeters":
				p.alt = xmlFloat(s.textString())
			case "distancemeters":
				if v := xmlFloat(s.textString()); model.Known(v) && v >= 0 {
					p.dist = v
				}
			case "cadence":
				if v := xmlFloat(s.textString()); model.Known(v) && v >= 0 && !model.Known(p.cad) {
					p.cad = v
				}
			}
		case s.at("Position", "LatitudeDegrees"):
			p.lat = xmlFloat(s.textString())
		case s.at("Position", "LongitudeDegrees"):
			p.lon = xmlFloat(s.textString())
		case s.at("HeartRateBpm", "Value"):
			p.hr = xmlPositive(xmlFloat(s.textString()))
		case strings.EqualFold(s.path[a.ptDepth], "Extensions"):
			v := xmlFloat(s.textString())
			if !model.Known(v) || v < 0 {
				break
			}
			switch s.lowerName() {
			case "speed":
				p.speed = v
			case "runcadence":
				p.cad = v // more specific than Cadence
			case "watts":
				p.power = v
			}
		}
		return
	}
	var lap *tcxLap
	if n := len(a.laps); n > 0 && depth > a.depth+1 && strings.EqualFold(s.path[a.depth], "Lap") {
		lap = &a.laps[n-1]
	}
	switch {
	case depth == a.depth:
		d.endActivity()
	case depth == a.depth+1 && s.at("Id"):
		if t, ok, plausible := xmlParseTime(s.textString()); ok && plausible {
			a.id, a.idOK = t, true
		}
	case depth == a.depth+2 && s.at("Creator", "Name"):
		a.device = s.textString()
	case lap == nil:
	case depth == a.depth+2 && s.at("TotalTimeSeconds"):
		if v := xmlFloat(s.textString()); model.Known(v) && v >= 0 {
			lap.timerS = v
		}
	case depth == a.depth+2 && s.at("DistanceMeters"):
		if v := xmlFloat(s.textString()); model.Known(v) && v >= 0 {
			lap.distM = v
		}
	case depth == a.depth+2 && s.at("Cadence"):
		if v := xmlFloat(s.textString()); model.Known(v) && v >= 0 {
			lap.cad = v
		}
	case depth == a.depth+3 && s.at("AverageHeartRateBpm", "Value"):
		lap.avgHR = xmlPositive(xmlFloat(s.textString()))
	case s.at("Extensions", "LX", "AvgRunCadence"):
		if v := xmlFloat(s.textString()); model.Known(v) && v >= 0 {
			lap.runCad = v
		}
	}
}

// endActivity turns the open activity into a session, or a warning.
func (d *tcxDecoder) endActivity() {
	a := d.act
	d.act = nil
	what := fmt.Sprintf("activity %d", d.actN)
	k := a.trk
	sport := model.Other
	if sp, ok := xmlSportWord(a.sport, false); ok {
		sport = sp
	}
	infer := sport == model.Other
	var sess model.Session
	switch {
	case k.len() > 0:
		d.res.Warnings = append(d.res.Warnings, k.dropNotes(what)...)
		var notes []string
		sess, notes = k.finish(d.o, xmlSessionOpts{sport: sport, unit: xmlCadStrides, infer: infer,
			texts: []string{fileStem(d.o.FileName)}})
		for _, n := range notes {
			d.res.Warnings = append(d.res.Warnings, what+": "+n)
		}
		d.kept += k.len()
		// A lap without a StartTime starts at its first trackpoint (taken
		// before alignStart shifts the sample offsets).
		for i := range a.laps {
			if l := &a.laps[i]; !l.startOK && l.firstPt < k.len() {
				l.start.t = k.start.Add(time.Duration(k.s.T[l.firstPt] * float64(time.Second)))
				l.startOK = true
			}
		}
		d.alignStart(&sess, a, what)
	case len(a.laps) > 0 && (a.idOK || a.laps[0].startOK):
		d.res.Warnings = append(d.res.Warnings, k.dropNotes(what)...)
		start := a.id
		if !a.idOK || (a.laps[0].startOK && a.laps[0].start.t.Before(a.id.t)) {
			start = a.laps[0].start
		}
		sess = model.NewSession(sport, start.t)
		sess.OffsetS, sess.OffsetOrigin = d.offset(start, start.t)
		var cads []float64
		for _, l := range a.laps {
			cads = append(cads, tcxLapCadence(l))
		}
		k.cadFactor, _ = xmlCadenceFactor(sport, xmlCadStrides, cads)
		d.lapsOnly++
	default:
		d.emptyActs++
		d.res.Warnings = append(d.res.Warnings, what+": no trackpoint or lap with a time: left out")
		return
	}
	d.applyLaps(&sess, a)
	sess.Device = a.device
	if sess.Device == "" {
		d.devDefault = append(d.devDefault, len(d.res.Sessions))
	}
	d.res.Sessions = append(d.res.Sessions, sess)
}

// offset returns the local offset for a session starting at start: the
// written offset of t when it has one, else the user's zone.
func (d *tcxDecoder) offset(t xmlTime, start time.Time) (int, model.OffsetOrigin) {
	if t.hasOff {
		return t.offS, model.OffsetDevice
	}
	return LocalOffset(d.o.Location, start), d.o.zoneOrigin()
}

// alignStart moves a session built from trackpoints to start at the
// activity's Id or first lap start, the earlier of those that lie at most
// tcxMaxIDGap before the first trackpoint, shifting the samples' offsets to
// match. A written offset on the Id or lap start is used when the
// trackpoints carry none.
func (d *tcxDecoder) alignStart(sess *model.Session, a *tcxActivity, what string) {
	first := sess.Start
	var cands []xmlTime
	if a.idOK {
		cands = append(cands, a.id)
	}
	if len(a.laps) > 0 && a.laps[0].startOK {
		cands = append(cands, a.laps[0].start)
	}
	var best *xmlTime
	var far *xmlTime
	for i := range cands {
		c := &cands[i]
		if !a.trk.hasOff && c.hasOff {
			sess.OffsetS, sess.OffsetOrigin = c.offS, model.OffsetDevice
		}
		switch gap := first.Sub(c.t); {
		case gap <= 0:
		case gap > tcxMaxIDGap:
			far = c
		case best == nil || c.t.Before(best.t):
			best = c
		}
	}
	if best == nil {
		if far != nil {
			d.res.Warnings = append(d.res.Warnings, fmt.Sprintf("%s: its Id or lap start (%s) lies %s before the first trackpoint: start taken from the trackpoints",
				what, far.t.Format(time.RFC3339), first.Sub(far.t).Round(time.Second)))
		}
		return
	}
	sh := first.Sub(best.t).Seconds()
	sess.Start = best.t
	sess.ElapsedS += sh
	for i := range sess.Samples.T {
		sess.Samples.T[i] += sh
	}
}

// applyLaps fills the session's laps and its lap-based totals.
func (d *tcxDecoder) applyLaps(sess *model.Session, a *tcxActivity) {
	if len(a.laps) == 0 {
		return
	}
	factor := a.trk.cadFactor
	if factor == 0 {
		factor = 1
	}
	laps := make([]model.Lap, len(a.laps))
	timer, dist := 0.0, 0.0
	timerKnown, allDist := false, true
	hrSum, hrW, cadSum, cadW := 0.0, 0.0, 0.0, 0.0
	for i, l := range a.laps {
		start := sess.Start
		switch {
		case l.startOK:
			start = l.start.t
		case i > 0:
			start = laps[i-1].Start
		}
		lap := model.NewLap(start)
		lap.TimerS, lap.DistanceM, lap.AvgHR = l.timerS, l.distM, l.avgHR
		if c := tcxLapCadence(l); model.Known(c) {
			lap.AvgCadenceSPM = c * factor
		}
		laps[i] = lap
		if model.Known(l.timerS) {
			timer += l.timerS
			timerKnown = true
		}
		if model.Known(l.distM) {
			dist += l.distM
		} else {
			allDist = false
		}
		if w := l.timerS; model.Known(w) && w > 0 {
			if model.Known(lap.AvgHR) {
				hrSum, hrW = hrSum+lap.AvgHR*w, hrW+w
			}
			if model.Known(lap.AvgCadenceSPM) && lap.AvgCadenceSPM > 0 {
				cadSum, cadW = cadSum+lap.AvgCadenceSPM*w, cadW+w
			}
		}
	}
	// Session span: to the later of the last trackpoint and the last lap's end.
	last := laps[len(laps)-1]
	if model.Known(last.TimerS) {
		if end := last.Start.Sub(sess.Start).Seconds() + last.TimerS; end > sess.ElapsedS || !model.Known(sess.ElapsedS) {
			sess.ElapsedS = end
		}
	}
	for i := range laps {
		var next time.Time
		switch {
		case i+1 < len(laps):
			next = laps[i+1].Start
		case model.Known(sess.ElapsedS):
			next = sess.Start.Add(time.Duration(sess.ElapsedS * float64(time.Second)))
		default:
			continue
		}
		if e := next.Sub(laps[i].Start).Seconds(); e >= 0 {
			laps[i].ElapsedS = e
		}
	}
	sess.Laps = laps
	if timerKnown {
		sess.TimerS = timer
	}
	if allDist {
		sess.DistanceM = dist
	}
	if !model.Known(sess.AvgHR) && hrW > 0 {
		sess.AvgHR = hrSum / hrW
	}
	if !model.Known(sess.AvgCadenceSPM) && cadW > 0 {
		sess.AvgCadenceSPM = cadSum / cadW
	}
}

// tcxLapCadence returns the lap's cadence as written: LX AvgRunCadence, else
// Cadence, else Missing.
func tcxLapCadence(l tcxLap) float64 {
	if model.Known(l.runCad) {
		return l.runCad
	}
	return l.cad
}

// end finishes the file after the root closed (err nil) or the stream
// stopped early.
func (d *tcxDecoder) end(err error) (*Result, error) {
	if err != nil && d.act != nil {
		d.act.ptDepth = 0 // a trackpoint cut in the middle is not kept
		d.endActivity()
	}
	for _, i := range d.devDefault {
		d.res.Sessions[i].Device = d.author
	}
	d.res.Warnings = append(d.s.notes(), d.res.Warnings...)
	if err != nil || d.s.in.capped {
		if len(d.res.Sessions) == 0 {
			return nil, fmt.Errorf("read tcx: %s", d.s.stopReason(err, "no activity before it"))
		}
		d.res.Status = model.StatusPartial
		kept := "kept " + xmlPlural(d.kept, "trackpoint")
		if d.lapsOnly > 0 {
			kept += fmt.Sprintf(" (%d of the activities from laps alone)", d.lapsOnly)
		}
		d.res.Damage = d.s.stopReason(err, kept)
		return &d.res, nil
	}
	if len(d.res.Sessions) > 0 {
		return &d.res, nil
	}
	switch {
	case d.emptyActs > 0:
		return nil, Skip("an activity without trackpoints or laps, nothing to import")
	case d.courses:
		return nil, Skip("a course, not an activity")
	case d.workouts:
		return nil, Skip("a planned workout, not an activity")
	}
	return nil, Skip("no activities in the file")
}
