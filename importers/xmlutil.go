package importers

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tkrajina/gpxgo/gpx"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"

	"github.com/backtrack/backtrack/model"
)

// xmlMaxBytes caps how much of one GPX or TCX file a decoder reads (128
// MiB). The decoders stream, so the cap bounds the samples kept rather than
// the document: a 111 MB GPX of 500,000 points decoded with a peak heap of
// 73 MB. 128 MiB is about 570,000 GPX points or 320,000 TCX trackpoints
// (six days, or 89 hours, at one point per second), far beyond real
// activities. Bytes beyond the cap are not read and the file is reported
// partial.
const xmlMaxBytes = 128 << 20

// xmlMinYear and xmlMaxYear bound the plausible years of a point's time. GPS
// receivers without a fix write dates such as 1901-12-13 (gpxgo's
// Mojstrovka.gpx): such times are not times.
const (
	xmlMinYear = 1990
	xmlMaxYear = 2100
)

// xmlMaxRun bounds any run of bytes without '<' or '>' (a text node, or a
// tag's name and attributes) that reaches encoding/xml, which buffers a
// whole token: one 100 MB text node cost 324 MB of heap. Bytes beyond it
// are dropped (GPX and TCX values are short), which at worst breaks the
// markup at that point.
const xmlMaxRun = 1 << 20

// xmlMaxDepth bounds element nesting (GPX and TCX need about 10 levels),
// so that hostile input cannot grow the path of open elements without end.
const xmlMaxDepth = 256

// errXMLTooDeep: the document nests elements deeper than xmlMaxDepth.
var errXMLTooDeep = fmt.Errorf("elements nested deeper than %d levels", xmlMaxDepth)

// xmlInput counts the bytes a decoder reads from the file and stops at
// xmlMaxBytes, remembering whether the file went on, and drops the bytes of
// runs longer than xmlMaxRun.
type xmlInput struct {
	r       io.Reader
	n       int64 // bytes read from r
	max     int64
	capped  bool  // the file is longer than max
	run     int   // length of the current run without '<' or '>'
	dropped int64 // bytes dropped from overlong runs
}

// Read implements io.Reader.
func (in *xmlInput) Read(p []byte) (int, error) {
	for {
		if in.n >= in.max {
			var b [1]byte
			if k, _ := io.ReadFull(in.r, b[:]); k > 0 {
				in.capped = true
			}
			return 0, io.EOF
		}
		q := p
		if rest := in.max - in.n; int64(len(q)) > rest {
			q = q[:rest]
		}
		k, err := in.r.Read(q)
		in.n += int64(k)
		k = in.filter(q[:k])
		if k > 0 || err != nil || len(q) == 0 {
			return k, err
		}
	}
}

// filter drops, in place, the bytes of b that make a run without '<' or
// '>' longer than xmlMaxRun, and returns how many bytes are kept.
func (in *xmlInput) filter(b []byte) int {
	if in.run+len(b) <= xmlMaxRun { // fast path: no run can overflow here
		if i := bytes.LastIndexAny(b, "<>"); i >= 0 {
			in.run = len(b) - 1 - i
		} else {
			in.run += len(b)
		}
		return len(b)
	}
	w := 0
	for _, c := range b {
		if c == '<' || c == '>' {
			in.run = 0
		} else if in.run++; in.run > xmlMaxRun {
			in.dropped++
			continue
		}
		b[w] = c
		w++
	}
	return w
}

// xmlStream is an encoding/xml decoder over one file, with the bookkeeping
// both GPX and TCX decoders need: the path of open elements (local names,
// namespace prefixes dropped), the text of the current element and where
// and why the stream stopped.
type xmlStream struct {
	in       *xmlInput
	dec      *xml.Decoder
	path     []string          // local names of the open elements, root first
	text     []byte            // character data since the last start tag
	rootDone bool              // the root element was closed
	pending  bool              // the last event was an end tag still on path
	lowers   map[string]string // lower-case spellings of element names seen
	warnings []string          // notes about the encoding
}

// newXMLStream prepares r for streaming: it strips a UTF-8 byte-order mark,
// transcodes UTF-16 to UTF-8, and decodes the legacy encodings an XML
// declaration may name (ISO-8859-1, windows-1252, …). The decoder is
// lenient (HTML entities, stray ampersands) since hand-edited GPX files
// often carry them.
func newXMLStream(r io.Reader) *xmlStream { return newXMLStreamLimit(r, xmlMaxBytes) }

// newXMLStreamLimit is newXMLStream reading at most max bytes of r.
func newXMLStreamLimit(r io.Reader, max int64) *xmlStream {
	s := &xmlStream{in: &xmlInput{r: r, max: max}}
	br := bufio.NewReaderSize(s.in, 64<<10)
	var src io.Reader = br
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		src = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Reader(br)
	case bytes.HasPrefix(head, []byte{0, '<', 0, '?'}):
		src = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder().Reader(br)
	case bytes.HasPrefix(head, []byte{'<', 0, '?', 0}):
		src = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder().Reader(br)
	}
	d := xml.NewDecoder(src)
	d.Strict = false
	d.Entity = xml.HTMLEntity
	d.CharsetReader = s.charsetReader
	s.dec = d
	return s
}

// charsetReader decodes the encoding an XML declaration names. UTF-16 was
// already transcoded from the byte-order mark (and a UTF-16 label on UTF-8
// bytes is a writer's mistake), so UTF-16 labels pass through; an unknown
// label is read as UTF-8 with a warning rather than failing the file.
func (s *xmlStream) charsetReader(label string, in io.Reader) (io.Reader, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	if strings.HasPrefix(l, "utf-16") || strings.HasPrefix(l, "utf16") || l == "utf-8" || l == "utf8" {
		return in, nil
	}
	r, err := charset.NewReaderLabel(label, in)
	if err != nil {
		s.warnings = append(s.warnings, fmt.Sprintf("unknown text encoding %q: read as UTF-8", label))
		return in, nil
	}
	return r, nil
}

// notes returns the stream's warnings: encoding problems and bytes dropped
// from overlong runs.
func (s *xmlStream) notes() []string {
	w := s.warnings
	if s.in.dropped > 0 {
		w = append(w, fmt.Sprintf("%s bytes dropped from text or tags longer than %d MiB (byte positions after them count kept bytes only)",
			xmlCommas(s.in.dropped), xmlMaxRun>>20))
	}
	return w
}

// xmlEvent is what next returns.
type xmlEvent int

const (
	xmlStart xmlEvent = iota + 1 // a start tag; its attributes are in the returned element
	xmlEnd                       // an end tag; the element's local name is still on the path and its text in s.text
	xmlDone                      // the root element closed or the input ended
)

// next returns the next start or end tag. For xmlEnd, s.path still holds the
// closing element (it is popped on the following call) and s.textString()
// its text. At xmlDone, err says why the stream stopped early: nil when the
// root element closed normally.
func (s *xmlStream) next() (xmlEvent, xml.StartElement, error) {
	if s.popPending() {
		s.path = s.path[:len(s.path)-1]
		if len(s.path) == 0 {
			s.rootDone = true
			return xmlDone, xml.StartElement{}, nil
		}
	}
	for {
		tok, err := s.dec.RawToken()
		if err != nil {
			if err == io.EOF && len(s.path) == 0 && !s.rootDone {
				return xmlDone, xml.StartElement{}, errXMLNoRoot
			}
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return xmlDone, xml.StartElement{}, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(s.path) >= xmlMaxDepth {
				return xmlDone, xml.StartElement{}, errXMLTooDeep
			}
			s.path = append(s.path, t.Name.Local)
			s.text = s.text[:0]
			return xmlStart, t, nil
		case xml.EndElement:
			if len(s.path) == 0 {
				continue // a stray end tag before the root: lenient
			}
			s.pending = true
			return xmlEnd, xml.StartElement{}, nil
		case xml.CharData:
			if len(s.path) > 0 && len(s.text) < 4096 {
				s.text = append(s.text, t...)
			}
		}
	}
}

// popPending reports whether an end tag returned by the previous call still
// has to be popped from the path, and clears the flag.
func (s *xmlStream) popPending() bool {
	p := s.pending
	s.pending = false
	return p
}

// errXMLNoRoot: the input held no element at all.
var errXMLNoRoot = errors.New("no XML element found")

// depth returns the number of open elements.
func (s *xmlStream) depth() int { return len(s.path) }

// at reports whether the innermost open elements are names, innermost last
// ("trkpt", "ele" matches …/trkpt/ele).
func (s *xmlStream) at(names ...string) bool {
	if len(names) > len(s.path) {
		return false
	}
	tail := s.path[len(s.path)-len(names):]
	for i, n := range names {
		if !strings.EqualFold(tail[i], n) {
			return false
		}
	}
	return true
}

// within reports whether an element named name is open (at any depth).
func (s *xmlStream) within(name string) bool {
	for _, p := range s.path {
		if strings.EqualFold(p, name) {
			return true
		}
	}
	return false
}

// lowerName returns the lower-case spelling of the current element's local
// name, cached (a file repeats a few dozen names), so that matching is
// case-insensitive without an allocation per element.
func (s *xmlStream) lowerName() string {
	name := s.path[len(s.path)-1]
	if l, ok := s.lowers[name]; ok {
		return l
	}
	l := strings.ToLower(name)
	if s.lowers == nil {
		s.lowers = make(map[string]string)
	}
	if len(s.lowers) < 1024 { // hostile input with endless names: stop caching
		s.lowers[name] = l
	}
	return l
}

// textString returns the current element's text without surrounding space.
func (s *xmlStream) textString() string { return string(bytes.TrimSpace(s.text)) }

// stopReason describes in plain words why a stream stopped before its root
// element closed: "XML ends early at byte 4,096" or "XML broken at byte 812
// (…)"; kept completes the sentence ("kept 212 points").
func (s *xmlStream) stopReason(err error, kept string) string {
	if s.in.capped {
		size := xmlCommas(s.in.max) + " bytes"
		if s.in.max >= 1<<20 {
			size = xmlCommas(s.in.max>>20) + " MiB"
		}
		return fmt.Sprintf("file is larger than %s: read the first %s only, %s", size, size, kept)
	}
	var se *xml.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &se) && strings.Contains(se.Msg, "unexpected EOF")) {
		return fmt.Sprintf("XML ends early at byte %s: %s", xmlCommas(s.dec.InputOffset()), kept)
	}
	return fmt.Sprintf("XML broken at byte %s (%s): %s", xmlCommas(s.dec.InputOffset()), xmlErrText(err), kept)
}

// xmlErrText returns err's text, for a syntax error as "line N: message"
// (shorter than encoding/xml's own wording).
func xmlErrText(err error) string {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("line %d: %s", se.Line, se.Msg)
	}
	return err.Error()
}

// xmlAttr returns the value of the attribute with local name name, or "".
func xmlAttr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if strings.EqualFold(a.Name.Local, name) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// xmlFloat parses a decimal number, or returns Missing. Infinities and
// NaN spellings are Missing too.
func xmlFloat(s string) float64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return model.Missing
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Some writers use a decimal comma.
		v, err = strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if err != nil {
			return model.Missing
		}
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return model.Missing
	}
	return v
}

// xmlValidPosition reports whether lat and lon are a position: in range and
// not exactly 0,0 (what some receivers write before a fix).
func xmlValidPosition(lat, lon float64) bool {
	if !model.Known(lat) || !model.Known(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return false
	}
	return lat != 0 || lon != 0
}

// xmlPositive returns v when it is a known value above zero, else Missing
// (a heart rate of 0 is "no reading").
func xmlPositive(v float64) float64 {
	if !model.Known(v) || v <= 0 {
		return model.Missing
	}
	return v
}

// xmlTimeLayouts are the xsd:dateTime spellings seen in GPX and TCX files
// besides RFC 3339: without a zone (read as UTC, as the GPX schema says),
// with a space instead of the T, with a colon-less offset.
var xmlTimeLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
}

// xmlTime is a parsed point time.
type xmlTime struct {
	t      time.Time // the instant, in UTC
	offS   int       // the written UTC offset in seconds east (0 for "Z" or none)
	hasOff bool      // the time carried an explicit non-zero offset
}

// xmlParseTime parses an xsd:dateTime. ok is false for text that is no time;
// plausible is false for a time outside [xmlMinYear, xmlMaxYear].
func xmlParseTime(s string) (xt xmlTime, ok, plausible bool) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		if n := len(s); n > 0 && s[n-1] == 'z' {
			t, err = time.Parse(time.RFC3339Nano, s[:n-1]+"Z")
		}
	}
	if err != nil {
		for _, l := range xmlTimeLayouts {
			if t, err = time.Parse(l, s); err == nil {
				break
			}
		}
	}
	if err != nil {
		return xmlTime{}, false, false
	}
	_, off := t.Zone()
	xt = xmlTime{t: t.UTC(), offS: off, hasOff: off != 0}
	y := xt.t.Year()
	return xt, true, y >= xmlMinYear && y <= xmlMaxYear
}

// xmlPoint is one track point as read, before it joins a session.
type xmlPoint struct {
	tm      xmlTime
	timed   bool // tm holds a plausible time
	badTime string
	lat     float64
	lon     float64
	alt     float64
	dist    float64 // cumulative metres from the device (TCX), or Missing
	speed   float64
	hr      float64
	cad     float64 // as written (strides/min, steps/min or rpm)
	power   float64
}

// reset empties p for the next point.
func (p *xmlPoint) reset() {
	*p = xmlPoint{lat: model.Missing, lon: model.Missing, alt: model.Missing, dist: model.Missing,
		speed: model.Missing, hr: model.Missing, cad: model.Missing, power: model.Missing}
}

// setTime parses the point's time text.
func (p *xmlPoint) setTime(s string) {
	xt, ok, plausible := xmlParseTime(s)
	switch {
	case ok && plausible:
		p.tm, p.timed, p.badTime = xt, true, ""
	case ok:
		p.badTime = xt.t.Format(time.RFC3339)
	}
}

// xmlTrack collects one session's points while a decoder streams them and
// turns them into a model.Session. Points without a plausible time and
// points earlier than the point before are dropped and counted.
type xmlTrack struct {
	s           model.Samples // T in seconds since start
	start       time.Time
	offS        int
	hasOff      bool
	segStarts   []int // sample index where each segment (trkseg, Track) begins
	newSeg      bool
	devDist     bool // some point carried a device distance
	untimed     int  // points without a time
	implausible int  // points with an impossible date
	badTime     string
	maxT        float64 // the latest point time so far (seconds since start)
	jittered    int     // points up to xmlJitterS earlier than one before, kept
	backwards   int     // points more than xmlJitterS earlier than one before, dropped
	placeholder int     // leading 0 elevations before the first real one, ignored
	badPos      int     // points whose position was not a place on Earth (kept without it)
	cadFactor   float64 // the factor finish applied to cadence (1 or 2)
}

// newXMLTrack returns an empty track.
func newXMLTrack() *xmlTrack { return &xmlTrack{newSeg: true} }

// segment marks that the next point starts a new segment (no distance or
// speed is counted across the gap).
func (k *xmlTrack) segment() { k.newSeg = true }

// add appends p, or counts why it was dropped.
func (k *xmlTrack) add(p *xmlPoint) {
	if !p.timed {
		if p.badTime != "" {
			k.implausible++
			if k.badTime == "" {
				k.badTime = p.badTime
			}
		} else {
			k.untimed++
		}
		return
	}
	n := k.s.Len()
	var t float64
	if n == 0 {
		k.start, k.offS, k.hasOff = p.tm.t, p.tm.offS, p.tm.hasOff
	} else {
		// Nanoseconds ÷ 1e9 in one rounding (Duration.Seconds rounds twice),
		// so a time of whole milliseconds is an exact decimal the store
		// packs small.
		t = float64(p.tm.t.Sub(k.start)) / 1e9
		switch {
		case t >= k.maxT:
		case k.maxT-t <= xmlJitterS && !k.newSeg:
			// A clock that steps back a second or three (Sports Tracker,
			// Runkeeper): the point is kept and put back in time order
			// when the track ends.
			k.jittered++
		default:
			k.backwards++
			return
		}
	}
	k.maxT = max(k.maxT, t)
	if k.newSeg || n == 0 {
		k.segStarts = append(k.segStarts, n)
		k.newSeg = false
	}
	if model.Known(p.dist) {
		k.devDist = true
	}
	k.s.Append(model.Sample{T: t, Lat: p.lat, Lon: p.lon, AltM: p.alt, DistM: p.dist,
		SpeedMPS: p.speed, HR: p.hr, CadenceSPM: p.cad, PowerW: p.power})
}

// len returns the number of kept points.
func (k *xmlTrack) len() int { return k.s.Len() }

// dropNotes returns plain-word warnings about dropped points, each
// prefixed with what (`track 2 ("Morning Run")`).
func (k *xmlTrack) dropNotes(what string) []string {
	var w []string
	if k.untimed > 0 {
		w = append(w, fmt.Sprintf("%s: %s without a time left out", what, xmlPlural(k.untimed, "point")))
	}
	if k.implausible > 0 {
		w = append(w, fmt.Sprintf("%s: %s with an impossible date (such as %s) left out", what, xmlPlural(k.implausible, "point"), k.badTime))
	}
	if k.jittered > 0 {
		w = append(w, fmt.Sprintf("%s: %s up to %d s earlier than the point before (clock jitter) kept and put back in time order",
			what, xmlPlural(k.jittered, "point"), xmlJitterS))
	}
	if k.backwards > 0 {
		w = append(w, fmt.Sprintf("%s: %s more than %d s earlier than the point before left out", what, xmlPlural(k.backwards, "point"), xmlJitterS))
	}
	if k.badPos > 0 {
		w = append(w, fmt.Sprintf("%s: %s with an impossible position (not a number, or beyond ±90° latitude or ±180° longitude) kept without it", what, xmlPlural(k.badPos, "point")))
	}
	return w
}

// xmlJitterS is how far a point's time may step back from the latest
// before it and still be kept (and put back in order): clock jitter of 1–3
// s, as Sports Tracker and Runkeeper write; a larger step back is a
// different recording glued on, and is dropped.
const xmlJitterS = 3

// xmlPlaceholderGapM is how far the first real elevation must lie from 0 m
// for the zeros before it to be placeholders, not a track at sea level.
const xmlPlaceholderGapM = 5

// order puts jittered points back in time order within each segment (a
// stable sort, so equal times keep the file's order) and, when one came
// before the first point, moves the start to it.
func (k *xmlTrack) order() {
	if k.jittered == 0 {
		return
	}
	s := &k.s
	idx := make([]int, s.Len())
	for i := range idx {
		idx[i] = i
	}
	for j := range k.segStarts {
		seg := idx[k.segStarts[j]:k.segEnd(j)]
		sort.SliceStable(seg, func(a, b int) bool { return s.T[seg[a]] < s.T[seg[b]] })
	}
	*s = s.Permute(idx)
	if first := slices.Min(s.T); first < 0 {
		k.start = k.start.Add(time.Duration(first * float64(time.Second)))
		for i := range s.T {
			s.T[i] -= first
		}
	}
}

// dropPlaceholders ignores the 0 m elevations a writer puts before its
// first real one (a GPS without a fix yet): when the first non-zero
// elevation is more than xmlPlaceholderGapM from 0, the zeros before it are
// Missing.
func (k *xmlTrack) dropPlaceholders() {
	alt := k.s.AltM
	first := -1
	for i, a := range alt {
		if model.Known(a) && a != 0 {
			first = i
			break
		}
	}
	if first <= 0 || math.Abs(alt[first]) <= xmlPlaceholderGapM {
		return
	}
	for i := 0; i < first; i++ {
		if alt[i] == 0 {
			alt[i] = model.Missing
			k.placeholder++
		}
	}
}

// xmlCadUnit is the unit a writer records foot-sport cadence in.
type xmlCadUnit int

const (
	xmlCadUnknown xmlCadUnit = iota
	xmlCadSteps              // steps per minute (both feet)
	xmlCadStrides            // strides per minute (one foot), to be doubled
)

func (u xmlCadUnit) String() string {
	switch u {
	case xmlCadSteps:
		return "steps/min"
	case xmlCadStrides:
		return "strides/min"
	}
	return "unknown"
}

// Cadence magnitudes that tell strides from steps when the writer's unit is
// unknown or contradicted. A run's median cadence is 75–100 strides/min
// (150–200 steps/min): below 120 it is strides. A walk or hike is 45–65
// strides/min (90–130 steps/min): below 80 it is strides.
const (
	xmlRunStrideMax  = 120.0
	xmlWalkStrideMax = 80.0
)

// xmlCadenceFactor decides by what cadence values written by a writer with
// unit must be multiplied to be steps/min (foot sports) or rpm (cycling,
// other: never changed). For running the magnitude decides, since a median
// below 120 steps/min or above 240 steps/min is not a run; when it
// contradicts the writer's usual unit the returned note says so. For walking
// and hiking the writer's unit decides, or the magnitude when it is unknown.
func xmlCadenceFactor(sport model.Sport, unit xmlCadUnit, cad []float64) (factor float64, note string) {
	if !sport.UsesStepCadence() {
		return 1, ""
	}
	vals := make([]float64, 0, len(cad))
	for _, c := range cad {
		if model.Known(c) && c > 0 {
			vals = append(vals, c)
		}
	}
	if len(vals) == 0 {
		if unit == xmlCadStrides {
			return 2, ""
		}
		return 1, ""
	}
	slices.Sort(vals)
	m := vals[len(vals)/2]
	if len(vals)%2 == 0 {
		m = (vals[len(vals)/2-1] + vals[len(vals)/2]) / 2
	}
	limit := xmlWalkStrideMax
	if sport == model.Running {
		limit = xmlRunStrideMax
	}
	byMag := xmlCadSteps
	if m < limit {
		byMag = xmlCadStrides
	}
	got := unit
	switch {
	case unit == xmlCadUnknown:
		got = byMag
	case sport == model.Running && unit != byMag:
		got = byMag
		note = fmt.Sprintf("cadence median %s/min looks like %s, not the %s this writer usually records: read as %s",
			strconv.FormatFloat(m, 'f', -1, 64), byMag, unit, byMag)
	}
	if got == xmlCadStrides {
		return 2, note
	}
	return 1, note
}

// xmlSessionOpts says how finish builds a session.
type xmlSessionOpts struct {
	sport  model.Sport
	unit   xmlCadUnit // the writer's foot-sport cadence unit
	ascent bool       // fill AscentM/DescentM from elevations (gpxgo's method)
	// infer, for a track whose file named no sport (sport Other), infers
	// it from texts (title, description, file name), cadence and speed.
	infer bool
	texts []string
}

// finish builds the session from the kept points: start, local offset,
// elapsed span, cumulative distance (the device's, else haversine from
// positions, never across a segment gap), point-to-point speed where the
// file has none, cadence in steps/min, averages and, when asked, ascent and
// descent. It returns notes for the Result's warnings. The track must hold
// at least one point.
func (k *xmlTrack) finish(o *Options, so xmlSessionOpts) (model.Session, []string) {
	var notes []string
	k.dropPlaceholders() // in the file's order: they lead the file
	k.order()
	if k.placeholder > 0 {
		notes = append(notes, fmt.Sprintf("%s of 0 m before the first real elevation ignored (placeholders, not altitudes)", xmlPlural(k.placeholder, "elevation")))
	}
	sess := model.NewSession(so.sport, k.start)
	if k.hasOff {
		sess.OffsetS, sess.OffsetOrigin = k.offS, model.OffsetDevice
	} else {
		sess.OffsetS, sess.OffsetOrigin = LocalOffset(o.Location, k.start), o.zoneOrigin()
	}
	s := &k.s
	n := s.Len()
	sess.ElapsedS = s.T[n-1]
	if !k.devDist {
		k.haversine()
	}
	k.speeds()
	for i := n - 1; i >= 0; i-- {
		if model.Known(s.DistM[i]) {
			sess.DistanceM = s.DistM[i]
			break
		}
	}
	if so.infer && so.sport == model.Other {
		climb := model.Missing
		if up, _ := k.uphillDownhill(); model.Known(up) && sess.DistanceM > 0 {
			climb = up / (sess.DistanceM / 1000)
		}
		if sp, why, ok := inferSport(s, climb, so.texts...); ok {
			so.sport, sess.Sport, sess.SportOrigin = sp, sp, model.SportInferred
			if !strings.HasPrefix(why, "the word") { // a title that says it needs no remark
				notes = append(notes, fmt.Sprintf("the file names no sport: %s inferred from its %s (correct it with 'backtrack sessions edit ID --sport SPORT')", sp, why))
			}
		}
	}
	factor, note := xmlCadenceFactor(so.sport, so.unit, s.CadenceSPM)
	k.cadFactor = factor
	if note != "" {
		notes = append(notes, note)
	}
	if factor != 1 {
		for i, c := range s.CadenceSPM {
			s.CadenceSPM[i] = c * factor
		}
	}
	sess.AvgHR = xmlMean(s.HR, false)
	sess.AvgCadenceSPM = xmlMean(s.CadenceSPM, true)
	if so.ascent {
		sess.AscentM, sess.DescentM = k.uphillDownhill()
	}
	if !o.SkipSamples {
		sess.Samples = k.s
	}
	return sess, notes
}

// segEnd returns the end (exclusive) of segment j.
func (k *xmlTrack) segEnd(j int) int {
	if j+1 < len(k.segStarts) {
		return k.segStarts[j+1]
	}
	return k.s.Len()
}

// haversine fills DistM with the cumulative great-circle distance between
// consecutive positioned points of each segment (gpxgo's HaversineDistance).
// Points without a position have no distance (Missing).
func (k *xmlTrack) haversine() {
	s := &k.s
	cum := 0.0
	for j := range k.segStarts {
		prev := -1
		for i := k.segStarts[j]; i < k.segEnd(j); i++ {
			if !model.Known(s.Lat[i]) || !model.Known(s.Lon[i]) {
				continue
			}
			if prev >= 0 {
				cum += gpx.HaversineDistance(s.Lat[prev], s.Lon[prev], s.Lat[i], s.Lon[i])
			}
			prev = i
			s.DistM[i] = cum
		}
	}
}

// speeds fills missing SpeedMPS from the distance and time since the
// segment's previous point with a distance; a segment's first point has
// none.
func (k *xmlTrack) speeds() {
	s := &k.s
	for j := range k.segStarts {
		prev := -1
		for i := k.segStarts[j]; i < k.segEnd(j); i++ {
			if !model.Known(s.DistM[i]) {
				continue
			}
			if prev >= 0 && !model.Known(s.SpeedMPS[i]) {
				dt, dd := s.T[i]-s.T[prev], s.DistM[i]-s.DistM[prev]
				if dt > 0 && dd >= 0 {
					s.SpeedMPS[i] = dd / dt
				}
			}
			prev = i
		}
	}
}

// uphillDownhill returns climb and descent in metres as gpxgo reports them
// (its 0.3/0.4/0.3 smoothing, summed per segment), or Missing when no point
// has an elevation.
func (k *xmlTrack) uphillDownhill() (up, down float64) {
	s := &k.s
	if !slices.ContainsFunc(s.AltM, model.Known) {
		return model.Missing, model.Missing
	}
	buf := make([]gpx.NullableFloat64, 0, s.Len())
	for j := range k.segStarts {
		buf = buf[:0]
		for i := k.segStarts[j]; i < k.segEnd(j); i++ {
			var v gpx.NullableFloat64
			if model.Known(s.AltM[i]) {
				v.SetValue(s.AltM[i])
			}
			buf = append(buf, v)
		}
		u, d := gpx.CalcUphillDownhill(buf)
		up += u
		down += d
	}
	return up, down
}

// xmlMean returns the mean of the known values of xs (skipping zeros when
// nonZero), or Missing.
func xmlMean(xs []float64, nonZero bool) float64 {
	sum, n := 0.0, 0
	for _, x := range xs {
		if !model.Known(x) || (nonZero && x == 0) {
			continue
		}
		sum += x
		n++
	}
	if n == 0 {
		return model.Missing
	}
	return sum / float64(n)
}

// xmlSportWord maps a sport word written in a file (a GPX <type>, a TCX
// Sport attribute) to a sport family; ok is false for an empty word. Words
// are matched by their stem ("trail_running", "Run", "road_biking",
// "VirtualRide"), so a word names one family or falls to Other. strava
// enables the numeric codes Strava writes in GPX exports (1 ride, 4 hike,
// 9 run, 10 walk, 16 swim, 17 virtual ride); other writers' numbers mean
// other things (Runtastic's 1 is running), so they stay Other.
func xmlSportWord(word string, strava bool) (sp model.Sport, ok bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	if w == "" {
		return "", false
	}
	if strava {
		switch w {
		case "1", "17":
			return model.Cycling, true
		case "4":
			return model.Hiking, true
		case "9":
			return model.Running, true
		case "10":
			return model.Walking, true
		case "16":
			return model.Swimming, true
		}
	}
	switch {
	case strings.Contains(w, "run"), strings.Contains(w, "jog"):
		return model.Running, true
	case strings.Contains(w, "cycl"), strings.Contains(w, "bik"), strings.Contains(w, "ride"):
		return model.Cycling, true
	case strings.Contains(w, "walk"):
		return model.Walking, true
	case strings.Contains(w, "hik"), strings.Contains(w, "trek"):
		return model.Hiking, true
	case strings.Contains(w, "swim"):
		return model.Swimming, true
	case strings.Contains(w, "strength"), strings.Contains(w, "weight"):
		return model.Strength, true
	}
	return model.Other, true
}

// xmlCommas formats n with thousands separators ("4,096").
func xmlCommas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// xmlPlural returns "1 point" or "1,024 points".
func xmlPlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return xmlCommas(int64(n)) + " " + word + "s"
}
