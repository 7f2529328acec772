package importers

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/muktihari/fit/decoder"
	"github.com/muktihari/fit/profile/basetype"
	"github.com/muktihari/fit/profile/typedef"

	"github.com/backtrack/backtrack/model"
)

// Limits that bound the work and memory spent on one FIT file, whatever its
// content. Real activities stay far below them (a week at one record per
// second is 604,800 records).
const (
	fitMaxRecords    = 1_000_000 // records kept per file; later ones are dropped with a warning
	fitMaxSessions   = 1_000     // session messages kept per file
	fitMaxLaps       = 100_000   // lap messages kept per file
	fitMaxSets       = 20_000    // set messages kept per file
	fitMaxFieldDescs = 512       // developer field descriptions before decoding stops (muktihari looks them up linearly)
)

// fitEpoch is the Unix time of the FIT epoch, 1989-12-31 00:00:00 UTC.
const fitEpoch = 631065600

// fitMinAbsTime is the smallest FIT timestamp that is a date: smaller values
// count seconds since the device powered on.
const fitMinAbsTime = 0x10000000

// semicircleDeg converts semicircles to degrees.
const semicircleDeg = 180.0 / (1 << 31)

// errTooComplex stops decoding of hostile input that would cost too much.
var errTooComplex = errors.New("too many developer field descriptions")

// FITDecoder decodes FIT files; reuse one per goroutine (not safe for concurrent use).
//
// It keeps only what the session model needs (records, sessions, laps, strength
// sets, file_id, activity, device_info and sport messages), verifies each FIT
// file's CRC-16 itself, reads chained FIT files whole and salvages the good
// records of truncated or damaged files.
type FITDecoder struct {
	opts       Options
	dec        *decoder.Decoder
	decOpts    []decoder.Option
	frame      fitFramer
	lis        fitListener
	head       *bufio.Reader // peeks at the header of each file
	unfinished bool          // the file's header said 0 data bytes
}

// NewFITDecoder returns a FIT decoder configured by opts.
func NewFITDecoder(opts ...Option) *FITDecoder {
	d := &FITDecoder{opts: NewOptions(opts...)}
	d.decOpts = []decoder.Option{
		decoder.WithFactory(fitFactory()),
		decoder.WithMesgListener(&d.lis),
		decoder.WithBroadcastOnly(),
		decoder.WithIgnoreChecksum(), // verified by fitFramer, which accepts every valid layout
		decoder.WithNoComponentExpansion(),
		decoder.WithReadBufferSize(16 << 10),
	}
	d.lis.frame = &d.frame
	d.dec = decoder.New(nil, d.decOpts...)
	return d
}

// DecodeFIT decodes one FIT file (or chain of FIT files) from r with a
// one-off decoder. Use a [FITDecoder] to decode many files.
func DecodeFIT(r io.Reader, opts ...Option) (*Result, error) {
	return NewFITDecoder(opts...).Decode(r)
}

// Decode reads a FIT file from r and returns its activity sessions.
//
// A file that is not an activity (settings, workout, monitoring, …) or whose
// times are only seconds since power-on returns a *SkipError. A damaged file
// returns the sessions built from every good message before the damage with
// Status model.StatusPartial and Damage saying where it starts; one with no
// good session to keep is an error wrapping [ErrDamaged]. Input that is not
// FIT at all is an error wrapping [ErrNotFIT] (and [ErrUnknownFormat]).
func (d *FITDecoder) Decode(r io.Reader) (*Result, error) {
	r = d.salvageUnfinished(r)
	d.frame.reset(r)
	d.lis.reset()
	d.dec.Reset(&d.frame, d.decOpts...)

	var decErr error
	seg := 0
	for d.dec.Next() {
		d.lis.beginSegment(seg)
		fid, err := d.dec.PeekFileId()
		if err != nil && !errors.Is(err, decoder.ErrPeekNoFileId) {
			decErr = err
			break
		}
		if fid != nil {
			d.lis.segs[seg].fileType = fid.Type
			if fid.Type != typedef.FileActivity && fid.Type != typedef.FileInvalid {
				if err := d.dec.Discard(); err != nil {
					decErr = err
					break
				}
				seg++
				continue
			}
		}
		if _, err := d.dec.Decode(); err != nil {
			decErr = err
			break
		}
		seg++
	}
	if d.frame.junkAt >= 0 {
		d.frame.drain()
	}
	res, err := d.build(decErr)
	// Let go of the caller's reader (and its buffer) until the next file.
	d.frame.r = nil
	d.head.Reset(nil)
	d.dec.Reset(nil, d.decOpts...)
	return res, err
}

// salvageUnfinished returns r, or, for a file whose header says it holds 0
// data bytes (a recording cut off before the file was closed: Zwift leaves
// such files when it crashes, a Garmin Edge when its battery dies), the
// whole file with its header's data size set to what follows the header
// (less a trailing CRC, when the last two bytes are one), as Garmin's SDK
// reads it with SKIP_HEADER: the records are then decoded up to the first
// damage, and the file is partial.
func (d *FITDecoder) salvageUnfinished(r io.Reader) io.Reader {
	d.unfinished = false
	if d.head == nil {
		d.head = bufio.NewReaderSize(r, 512)
	} else {
		d.head.Reset(r)
	}
	h, _ := d.head.Peek(14)
	if len(h) < 12 || (h[0] != 12 && h[0] != 14) || len(h) < int(h[0]) || string(h[8:12]) != ".FIT" ||
		binary.LittleEndian.Uint32(h[4:8]) != 0 {
		return d.head
	}
	data, err := io.ReadAll(io.LimitReader(d.head, MaxFileBytes))
	if err != nil || len(data) <= int(h[0]) {
		return bytes.NewReader(data)
	}
	size := len(data) - int(data[0])
	if size >= 2 && fitCRC(0, data[:len(data)-2]) == binary.LittleEndian.Uint16(data[len(data)-2:]) {
		size -= 2
	}
	binary.LittleEndian.PutUint32(data[4:8], uint32(size))
	d.unfinished = true
	return bytes.NewReader(data)
}

// build turns what the listener kept into a Result.
func (d *FITDecoder) build(decErr error) (*Result, error) {
	l := &d.lis
	f := &d.frame
	res := &Result{Format: model.FormatFIT, Status: model.StatusOK}

	if len(f.segs) == 0 || (len(f.segs) == 1 && !f.segs[0].headerOK) {
		return nil, unknownFormatf("%w: %s", ErrNotFIT, f.notFITReason())
	}

	// Which segments hold activity data?
	var nonActivity []string
	activitySegs := 0
	for i := range l.segs {
		s := &l.segs[i]
		if s.fileType == typedef.FileActivity || s.fileType == typedef.FileInvalid {
			activitySegs++
		} else {
			nonActivity = append(nonActivity, s.fileType.String())
		}
	}

	damage := d.damage(decErr)
	if activitySegs == 0 {
		if len(nonActivity) > 0 {
			return nil, Skip("not an activity (" + fileTypeWords(nonActivity[0]) + " file)")
		}
		if damage != "" {
			return nil, damagedf("damaged FIT file with nothing to keep: %s", damage)
		}
		return nil, Skip("not an activity (no file_id message)")
	}

	sessions, err := d.sessions(res)
	if err != nil {
		if damage != "" && !errors.Is(err, ErrNoAbsoluteTime) {
			return nil, damagedf("damaged FIT file with nothing to keep: %s", damage)
		}
		return nil, err
	}
	res.Sessions = sessions

	if l.recDropped > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("kept the first %s records; %s more were dropped",
			commas(fitMaxRecords), commas(int64(l.recDropped))))
	}
	if l.recRelative > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("dropped %s records timed only in seconds since power-on",
			commas(int64(l.recRelative))))
	}
	if l.recNoTime > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("dropped %s records without a timestamp", commas(int64(l.recNoTime))))
	}
	if l.capped != "" {
		res.Warnings = append(res.Warnings, l.capped)
	}
	for i := range f.segs {
		if s := &f.segs[i]; s.hdrCRCBad {
			res.Warnings = append(res.Warnings, fmt.Sprintf("FIT header checksum mismatch at byte %s (the data checksum decides)", commas(s.start)))
		}
	}
	if f.scan.patched > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s without the endian bit its multi-byte base type needs (a writer's slip): read as Garmin's FIT SDK reads them",
			plural(int64(f.scan.patched), "field definition")))
	}
	if d.unfinished {
		if damage == "" {
			damage = "unfinished file (its header says 0 data bytes, as a recording cut off before it was closed leaves it)"
		} else {
			damage = "unfinished file (its header says 0 data bytes): " + damage
		}
	}
	if f.trailingZeros > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("ignored %s zero bytes after the FIT data", commas(f.trailingZeros)))
	}

	if damage != "" {
		res.Status = model.StatusPartial
		res.Damage = damage + ": kept " + plural(int64(l.keptRecords), "record") + " in " + plural(int64(len(sessions)), "session")
	} else if f.unverified() {
		res.Status = model.StatusCRCUnverified
		res.Warnings = append(res.Warnings, "the file carries no checksum (CRC 0), so its data could not be verified")
	}
	return res, nil
}

// damage describes, in plain words, the first problem found: a decode error,
// a truncated file, trailing garbage or a checksum mismatch. It returns "" for
// an intact file.
func (d *FITDecoder) damage(decErr error) string {
	f := &d.frame
	var parts []string
	if decErr != nil {
		switch {
		case errors.Is(decErr, io.EOF) || errors.Is(decErr, io.ErrUnexpectedEOF):
			switch seg := f.last(); {
			case seg != nil && seg.headerOK && f.n >= seg.end():
				// Every byte the header promised is there: a message
				// runs past the end of the data.
				parts = append(parts, fmt.Sprintf("a message runs past the end of the data (byte %s, after the %s the header promised)",
					commas(seg.end()-2), plural(int64(seg.dataSize), "data byte")))
			case seg != nil && seg.headerOK:
				parts = append(parts, fmt.Sprintf("file ends early at byte %s of an expected %s",
					commas(f.n), commas(seg.end())))
			default:
				parts = append(parts, fmt.Sprintf("file ends early at byte %s inside a FIT header", commas(f.n)))
			}
		case errors.Is(decErr, errTooComplex):
			parts = append(parts, fmt.Sprintf("decoding stopped at byte %s: %s (more than %d)",
				commas(bytePos(decErr, f.n)), errTooComplex, fitMaxFieldDescs))
		case errors.Is(decErr, decoder.ErrNotFITFile):
			if f.junkAt >= 0 && !f.junkAllZero {
				parts = append(parts, fmt.Sprintf("unreadable data from byte %s (not a FIT header)", commas(f.junkAt)))
			}
		default:
			parts = append(parts, fmt.Sprintf("unreadable data at byte %s (%s)", commas(bytePos(decErr, f.n)), rootCause(decErr)))
		}
	}
	for i := range f.segs {
		s := &f.segs[i]
		if !s.done || s.crcOK() || s.stored == 0 {
			continue
		}
		where := fmt.Sprintf("bytes %s–%s", commas(s.start), commas(s.end()-1))
		if len(f.segs) > 1 {
			where = fmt.Sprintf("FIT file %d of %d (%s)", i+1, len(f.segs), where)
		}
		parts = append(parts, fmt.Sprintf("checksum mismatch for %s: stored %#04x, computed %#04x, so the data from byte %s on may be damaged",
			where, s.stored, s.crcAll, commas(s.start)))
	}
	return strings.Join(parts, "; ")
}

// fitBuilt is a session under construction.
type fitBuilt struct {
	s          model.Session
	seg        int
	start, end float64 // FIT seconds: the range whose records, laps and sets it takes
	n          int     // records assigned
}

// sessions builds the model sessions from the kept messages.
func (d *FITDecoder) sessions(res *Result) ([]model.Session, error) {
	l := &d.lis
	opts := &d.opts
	var out []fitBuilt
	droppedRelative := 0
	for i := range l.sessions {
		fs := &l.sessions[i]
		if !l.segs[fs.seg].isActivity() {
			continue
		}
		elapsed := scaled32(fs.elapsed, 1000)
		start := float64(fs.start)
		if !absTime(fs.start) {
			start = math.NaN()
			if absTime(fs.ts) && model.Known(elapsed) {
				start = float64(fs.ts) - elapsed
			} else if first, _, ok := l.recordSpan(fs.seg); ok {
				start = first
			}
		}
		if !(start >= fitMinAbsTime) {
			droppedRelative++
			continue
		}
		start = math.Floor(start)
		sport, sub := normSport(fs.sport, fs.subSport)
		s := model.NewSession(sport, fitTime(uint32(start)))
		s.SubSport = sub
		s.ElapsedS = elapsed
		s.TimerS = scaled32(fs.timer, 1000)
		s.DistanceM = scaled32(fs.dist, 100)
		s.AscentM = u16(fs.ascent)
		s.DescentM = u16(fs.descent)
		s.AvgHR = hrValue(fs.hr)
		s.AvgCadenceSPM = cadence(fs.cad, fs.fracCad, sport)
		// The watch's "how did it feel" and perceived effort (session
		// fields 192 and 193; the RPE is written × 10).
		if fs.feel <= 100 {
			s.Feel = float64(fs.feel)
		}
		if fs.rpe <= 100 {
			s.RPE = float64(fs.rpe) / 10
		}
		span := elapsed
		if !model.Known(span) {
			span = s.TimerS
		}
		if !model.Known(span) && absTime(fs.ts) && float64(fs.ts) >= start {
			span = float64(fs.ts) - start
		}
		if !model.Known(span) {
			span = 0
		}
		out = append(out, fitBuilt{s: s, seg: fs.seg, start: start, end: start + span})
	}

	derived := false
	// A FIT file of a chain that lost its session message (the chain was
	// cut in that file) gets a session derived from its own records, unless
	// they lie within a session of another file of the chain: its records
	// would otherwise join the nearest session, however far away.
	var derivedFrom int
	if len(out) > 0 {
		derivedFrom = len(out)
		has := map[int]bool{}
		for _, b := range out {
			has[b.seg] = true
		}
		for seg := range l.segs {
			if has[seg] || !l.segs[seg].isActivity() {
				continue
			}
			first, last, ok := l.recordSpan(seg)
			if !ok || overlapsBuilt(out[:derivedFrom], first, last) {
				continue
			}
			out = append(out, l.derivedSession(seg, first, last))
			res.Warnings = append(res.Warnings, fmt.Sprintf("FIT file %d of %d has no session message: its session was derived from its records", seg+1, len(l.segs)))
		}
	}
	if len(out) == 0 {
		// No usable session message: one session per segment with records.
		for seg := range l.segs {
			if !l.segs[seg].isActivity() {
				continue
			}
			first, last, ok := l.recordSpan(seg)
			if !ok {
				continue
			}
			out = append(out, l.derivedSession(seg, first, last))
		}
		derived = true
		if len(out) > 0 {
			res.Warnings = append(res.Warnings, "the file has no session message: the session was derived from its records")
		}
	}
	if len(out) == 0 {
		if droppedRelative > 0 || l.hasRelativeRecords() {
			return nil, &skipNoAbsTime{}
		}
		if l.recNoTime > 0 {
			return nil, Skip(fmt.Sprintf("not an activity (no sessions, and its %s have no timestamps)",
				plural(int64(l.recNoTime), "record")))
		}
		return nil, Skip("not an activity (no sessions or records)")
	}
	if droppedRelative > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("dropped %d sessions without an absolute start time", droppedRelative))
	}

	loc := newFITLocator(out, l.segs)
	d.assignRecords(out, loc)
	if derived {
		for i := range out {
			deriveSummary(&out[i].s)
		}
	} else {
		for i := derivedFrom; i < len(out); i++ {
			deriveSummary(&out[i].s)
		}
	}

	// Laps and sets belong to the session whose time range holds their start.
	for i := range l.laps {
		fl := &l.laps[i]
		el := scaled32(fl.elapsed, 1000)
		start := float64(fl.start)
		if !absTime(fl.start) {
			start = math.NaN()
			if absTime(fl.ts) && model.Known(el) && float64(fl.ts) >= el {
				start = math.Floor(float64(fl.ts) - el)
			}
		}
		if !(start >= fitMinAbsTime) {
			continue
		}
		s := &out[loc.find(fl.seg, start)].s
		lap := model.NewLap(fitTime(uint32(start)))
		lap.ElapsedS = el
		lap.TimerS = scaled32(fl.timer, 1000)
		lap.DistanceM = scaled32(fl.dist, 100)
		lap.AscentM = u16(fl.ascent)
		lap.DescentM = u16(fl.descent)
		lap.AvgHR = hrValue(fl.hr)
		lap.AvgCadenceSPM = cadence(fl.cad, fl.fracCad, s.Sport)
		s.Laps = append(s.Laps, lap)
	}
	for i := range l.sets {
		fs := &l.sets[i]
		if fs.setType != uint8(typedef.SetTypeActive) {
			continue // rest sets (0) and sets of unknown type are not lifts
		}
		dur := scaled32(fs.duration, 1000)
		start := float64(fs.start)
		if !absTime(fs.start) {
			start = math.NaN()
			if absTime(fs.ts) {
				start = float64(fs.ts)
				if model.Known(dur) {
					start = math.Floor(start - dur)
				}
			}
		}
		if !(start >= fitMinAbsTime) {
			continue
		}
		cat, ex := exerciseWords(fs.category, fs.subtype)
		set := model.StrengthSet{
			Start:     fitTime(uint32(start)),
			DurationS: dur,
			Category:  cat,
			Exercise:  ex,
			Reps:      model.NoReps,
			WeightKg:  model.Missing,
		}
		if fs.reps != basetype.Uint16Invalid {
			set.Reps = int(fs.reps)
		}
		if fs.weight != basetype.Uint16Invalid {
			set.WeightKg = float64(fs.weight) / 16
		}
		o := loc.find(fs.seg, start)
		out[o].s.Sets = append(out[o].s.Sets, set)
	}

	sessions := make([]model.Session, len(out))
	for i := range out {
		s := &out[i].s
		sort.SliceStable(s.Laps, func(a, b int) bool { return s.Laps[a].Start.Before(s.Laps[b].Start) })
		sort.SliceStable(s.Sets, func(a, b int) bool { return s.Sets[a].Start.Before(s.Sets[b].Start) })
		if off, ok := l.offset(out[i].seg); ok {
			s.OffsetS, s.OffsetOrigin = off, model.OffsetDevice
		} else {
			s.OffsetS, s.OffsetOrigin = LocalOffset(opts.Location, s.Start), opts.zoneOrigin()
		}
		s.Device = l.device(out[i].seg)
		if opts.SkipSamples {
			s.Samples = model.Samples{}
		}
		sessions[i] = *s
	}
	return sessions, nil
}

// assignRecords gives every record with an absolute time to a session (the
// one of its own FIT file whose range holds it, else the nearest) and copies
// the records once into each session's exact-size columns, with T in seconds
// since the session start and cadence in steps/min for foot sports.
func (d *FITDecoder) assignRecords(out []fitBuilt, loc *fitLocator) {
	l := &d.lis
	n := l.recs.n
	if cap(l.owner) < n {
		l.owner = make([]int32, n)
	}
	owner := l.owner[:n]
	seg := 0
	for i := 0; i < n; i++ {
		for seg+1 < len(l.segs) && i >= l.segs[seg+1].recStart {
			seg++
		}
		t := l.recs.at(i).T
		if t < fitMinAbsTime || !l.segs[seg].isActivity() {
			owner[i] = -1
			if t < fitMinAbsTime {
				l.recRelative++
			}
			continue
		}
		o := loc.find(seg, t)
		owner[i] = int32(o)
		out[o].n++
	}
	l.keptRecords = 0
	for o := range out {
		b := &out[o]
		if b.n == 0 {
			continue
		}
		l.keptRecords += b.n
		sm := &b.s.Samples
		for _, col := range sm.Columns() {
			*col = make([]float64, b.n)
		}
		start := b.start
		k := 0
		sorted := true
		for i := 0; i < n && k < b.n; i++ {
			if int(owner[i]) != o {
				continue
			}
			r := l.recs.at(i)
			t := r.T - start
			sm.T[k] = t
			if k > 0 && t < sm.T[k-1] {
				sorted = false
			}
			sm.Lat[k], sm.Lon[k], sm.AltM[k] = r.Lat, r.Lon, r.AltM
			sm.DistM[k], sm.SpeedMPS[k], sm.HR[k] = r.DistM, r.SpeedMPS, r.HR
			sm.CadenceSPM[k], sm.PowerW[k] = r.CadenceSPM, r.PowerW
			k++
		}
		if b.s.Sport.UsesStepCadence() {
			for i, c := range sm.CadenceSPM {
				sm.CadenceSPM[i] = 2 * c
			}
		}
		if !sorted {
			sortSamples(sm)
		}
	}
}

// sortSamples puts samples in time order (stable).
func sortSamples(sm *model.Samples) {
	idx := make([]int, sm.Len())
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return sm.T[idx[a]] < sm.T[idx[b]] })
	for _, col := range sm.Columns() {
		c := make([]float64, len(idx))
		for i, j := range idx {
			c[i] = (*col)[j]
		}
		*col = c
	}
}

// fitLocator finds the session a time belongs to.
type fitLocator struct {
	all   fitSpans
	bySeg map[int]*fitSpans
}

// fitSpans are session ranges sorted by start.
type fitSpans struct {
	starts, ends []float64
	idx          []int
	last         int // the previous answer, tried first
}

func newFITLocator(out []fitBuilt, segs []fitSegInfo) *fitLocator {
	loc := &fitLocator{bySeg: map[int]*fitSpans{}}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return out[order[a]].start < out[order[b]].start })
	for _, i := range order {
		loc.all.add(out[i].start, out[i].end, i)
		sp := loc.bySeg[out[i].seg]
		if sp == nil {
			sp = &fitSpans{}
			loc.bySeg[out[i].seg] = sp
		}
		sp.add(out[i].start, out[i].end, i)
	}
	return loc
}

func (sp *fitSpans) add(start, end float64, i int) {
	sp.starts = append(sp.starts, start)
	sp.ends = append(sp.ends, end)
	sp.idx = append(sp.idx, i)
}

// find returns the index of the session for time t (FIT seconds) of a
// message in segment seg: among the sessions of that FIT file if it has any.
func (loc *fitLocator) find(seg int, t float64) int {
	sp := loc.bySeg[seg]
	if sp == nil {
		sp = &loc.all
	}
	return sp.find(t)
}

func (sp *fitSpans) find(t float64) int {
	n := len(sp.starts)
	if n == 1 {
		return sp.idx[0]
	}
	if j := sp.last; j < n && sp.starts[j] <= t && t <= sp.ends[j] {
		return sp.idx[j]
	}
	k := sort.SearchFloat64s(sp.starts, math.Nextafter(t, math.Inf(1))) // sessions [0,k) start at or before t
	best, bestD := 0, math.Inf(1)
	for j := k - 1; j >= 0 && j >= k-8; j-- {
		dist := math.Max(0, t-sp.ends[j])
		if dist < bestD {
			best, bestD = j, dist
		}
		if dist == 0 {
			break
		}
	}
	if k < n && sp.starts[k]-t < bestD {
		best = k
	}
	sp.last = best
	return sp.idx[best]
}

// overlapsBuilt reports whether the time range [first, last] (FIT
// seconds) meets the range of any of the sessions.
func overlapsBuilt(out []fitBuilt, first, last float64) bool {
	for _, b := range out {
		if first <= b.end && last >= b.start {
			return true
		}
	}
	return false
}

// deriveSummary fills a session built from records alone.
func deriveSummary(s *model.Session) {
	sm := &s.Samples
	if sm.Len() == 0 {
		return
	}
	for i := sm.Len() - 1; i >= 0; i-- {
		if model.Known(sm.DistM[i]) {
			s.DistanceM = sm.DistM[i]
			break
		}
	}
	s.AvgHR = mean(sm.HR, false)
	s.AvgCadenceSPM = mean(sm.CadenceSPM, true)
}

// mean returns the mean of the known values of xs (skipping zeros when
// nonZero), or Missing.
func mean(xs []float64, nonZero bool) float64 {
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

// skipNoAbsTime is the SkipError for a file timed only since power-on; it
// also matches ErrNoAbsoluteTime with errors.Is.
type skipNoAbsTime struct{}

func (e *skipNoAbsTime) Error() string { return ErrNoAbsoluteTime.Error() }

func (e *skipNoAbsTime) Unwrap() []error {
	return []error{Skip(ErrNoAbsoluteTime.Error()), ErrNoAbsoluteTime}
}

// fitTime converts a FIT timestamp to UTC.
func fitTime(ts uint32) time.Time { return time.Unix(fitEpoch+int64(ts), 0).UTC() }

// absTime reports whether ts is a date (not invalid, not seconds since power-on).
func absTime(ts uint32) bool { return ts >= fitMinAbsTime && ts != basetype.Uint32Invalid }

// scaled32 returns v/scale, or Missing for the invalid value.
func scaled32(v uint32, scale float64) float64 {
	if v == basetype.Uint32Invalid {
		return model.Missing
	}
	return float64(v) / scale
}

// u16 returns v, or Missing for the invalid value.
func u16(v uint16) float64 {
	if v == basetype.Uint16Invalid {
		return model.Missing
	}
	return float64(v)
}

// hrValue returns a heart rate in bpm; 0 (no sensor) and invalid are Missing.
func hrValue(v uint8) float64 {
	if v == basetype.Uint8Invalid || v == 0 {
		return model.Missing
	}
	return float64(v)
}

// cadence returns an average cadence: strides (or rpm) plus the 1/128
// fraction, doubled to steps/min for foot sports.
func cadence(whole, frac uint8, sport model.Sport) float64 {
	if whole == basetype.Uint8Invalid {
		return model.Missing
	}
	c := float64(whole)
	if frac != basetype.Uint8Invalid {
		c += float64(frac) / 128
	}
	if sport.UsesStepCadence() {
		c *= 2
	}
	return c
}

// normSport maps FIT sport and sub_sport to the model's families.
func normSport(sport, sub uint8) (model.Sport, string) {
	var sp model.Sport
	switch typedef.Sport(sport) {
	case typedef.SportRunning:
		sp = model.Running
	case typedef.SportCycling:
		sp = model.Cycling
	case typedef.SportWalking:
		sp = model.Walking
	case typedef.SportHiking:
		sp = model.Hiking
	case typedef.SportSwimming:
		sp = model.Swimming
	case typedef.SportTraining:
		sp = model.Other
		if typedef.SubSport(sub) == typedef.SubSportStrengthTraining {
			sp = model.Strength
		}
	default:
		sp = model.Other
	}
	word := ""
	if ss := typedef.SubSport(sub); ss != typedef.SubSportGeneric && ss != typedef.SubSportInvalid {
		word = ss.String()
		if strings.Contains(word, "Invalid(") {
			word = "sub_sport_" + strconv.Itoa(int(sub))
		}
	}
	return sp, word
}

// fileTypeWords turns a FIT file type word into the words of a skip reason.
func fileTypeWords(w string) string {
	if strings.Contains(w, "Invalid(") {
		return "unknown type"
	}
	return w
}

// exerciseWords returns the FIT exercise_category word and the exercise name
// word of a set.
func exerciseWords(cat, sub uint16) (string, string) {
	c := typedef.ExerciseCategory(cat)
	if c == typedef.ExerciseCategoryUnknown || c == typedef.ExerciseCategoryInvalid {
		return model.CategoryUnknown, ""
	}
	word := c.String()
	if strings.Contains(word, "Invalid(") {
		return model.CategoryUnknown, ""
	}
	if sub == basetype.Uint16Invalid {
		return word, ""
	}
	if name, ok := exerciseNames()[c]; ok {
		if w := name(sub); !strings.Contains(w, "Invalid(") {
			return word, w
		}
	}
	return word, strconv.Itoa(int(sub))
}

// commas formats n with thousands separators ("4,096").
func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// plural returns "1 record" or "3 records".
func plural(n int64, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return commas(n) + " " + word + "s"
}

// bytePos reads the byte position muktihari puts in its error text
// ("[byte pos: 123]"), or returns def.
func bytePos(err error, def int64) int64 {
	s := err.Error()
	i := strings.Index(s, "byte pos: ")
	if i < 0 {
		return def
	}
	s = s[i+len("byte pos: "):]
	j := 0
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	n, perr := strconv.ParseInt(s[:j], 10, 64)
	if perr != nil {
		return def
	}
	return n
}

// rootCause returns the innermost error text of err.
func rootCause(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err.Error()
		}
		err = u
	}
}

// derivedSession builds the session of segment seg from its records alone
// (first and last are its record times), for a file without a usable
// session message.
func (l *fitListener) derivedSession(seg int, first, last float64) fitBuilt {
	sport, sub := normSport(l.segs[seg].sport, l.segs[seg].subSport)
	s := model.NewSession(sport, fitTime(uint32(first)))
	s.SubSport = sub
	s.ElapsedS = last - first
	return fitBuilt{s: s, seg: seg, start: first, end: last}
}
