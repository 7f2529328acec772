package model

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// Recording is one file's recording of an activity, as the merge sees it
// (docs/storage.md, "Duplicates and merges").
type Recording struct {
	// Key identifies the recording whatever order files arrive in: its
	// source's SHA-256 and its index in that file ("…/0").
	Key string
	// Source identifies its file (the SHA-256): two recordings of one file
	// are never one activity.
	Source string
	// Format is the file's format.
	Format Format
	// Session is the recording as decoded (with the user's corrections).
	Session *Session
}

// sampleColumnsPresent counts the sample columns (besides time) in which
// the recording has at least one value.
func sampleColumnsPresent(s *Samples) int {
	n := 0
	for c := ColT + 1; c < NumSampleColumns; c++ {
		if s.Has(c) {
			n++
		}
	}
	return n
}

// Better reports whether a is a better primary than b, by the merge's rule:
// a recording with samples over one without; a measured time of day over an
// assumed one; FIT over TCX over GPX over a lifting app's CSV
// ([FormatRank]); a local offset the device (or its export's index)
// recorded over one taken from a zone; more kinds of sample (heart rate,
// cadence, power, …); more samples; then the smaller key (the source's
// SHA-256), so that the choice never depends on the order files arrive in.
func Better(a, b Recording) bool {
	sa, sb := a.Session, b.Session
	if x, y := sa.Samples.Len() > 0, sb.Samples.Len() > 0; x != y {
		return x
	}
	if sa.TimeAssumed != sb.TimeAssumed {
		return !sa.TimeAssumed
	}
	if x, y := FormatRank(a.Format), FormatRank(b.Format); x != y {
		return x > y
	}
	if x, y := sa.OffsetOrigin.Recorded(), sb.OffsetOrigin.Recorded(); x != y {
		return x
	}
	if x, y := sampleColumnsPresent(&sa.Samples), sampleColumnsPresent(&sb.Samples); x != y {
		return x > y
	}
	if x, y := sa.Samples.Len(), sb.Samples.Len(); x != y {
		return x > y
	}
	return a.Key < b.Key
}

// GroupRecordings partitions recordings into activities and returns each
// activity's recordings as indexes into recs, best first ([Better]); the
// groups are ordered by their first recording's key. The partition depends
// only on the set of recordings, never on their order:
//
//  1. recordings with a measured time of day that are [SameActivity] (and
//     come from different files) are one activity, transitively;
//  2. each recording whose time of day was assumed (a date-only log) joins
//     the activity of step 1 it matches whose earliest start is nearest its
//     assumed time (the smaller key on a tie), if it matches any and that
//     activity holds nothing else from its file, so that a date-only log
//     never joins two separate workouts of its day into one;
//  3. the remaining assumed recordings that match are one activity.
func GroupRecordings(recs []Recording) [][]int {
	n := len(recs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		if recs[ra].Key > recs[rb].Key {
			ra, rb = rb, ra
		}
		parent[rb] = ra
	}
	match := func(i, j int) bool {
		return recs[i].Source != recs[j].Source && SameActivity(recs[i].Session, recs[j].Session)
	}
	var measured, assumed []int
	for i := range recs {
		if recs[i].Session.TimeAssumed {
			assumed = append(assumed, i)
		} else {
			measured = append(measured, i)
		}
	}
	for a := 0; a < len(measured); a++ {
		for b := a + 1; b < len(measured); b++ {
			if match(measured[a], measured[b]) {
				union(measured[a], measured[b])
			}
		}
	}
	// The groups of step 1, frozen before the assumed recordings join.
	members := map[int][]int{}
	for _, i := range measured {
		r := find(i)
		members[r] = append(members[r], i)
	}
	sort.Slice(assumed, func(a, b int) bool { return recs[assumed[a]].Key < recs[assumed[b]].Key })
	var rest []int
	for _, i := range assumed {
		best, bestD, bestKey := -1, time.Duration(math.MaxInt64), ""
		for root, ms := range members {
			ok, earliest := false, recs[ms[0]].Session.Start
			for _, j := range ms {
				if recs[j].Source == recs[i].Source {
					ok = false
					break
				}
				if match(i, j) {
					ok = true
				}
				if recs[j].Session.Start.Before(earliest) {
					earliest = recs[j].Session.Start
				}
			}
			if !ok {
				continue
			}
			d := absDuration(earliest.Sub(recs[i].Session.Start))
			if key := recs[root].Key; d < bestD || d == bestD && key < bestKey {
				best, bestD, bestKey = root, d, key
			}
		}
		if best < 0 {
			rest = append(rest, i)
			continue
		}
		parent[i] = best
	}
	for a := 0; a < len(rest); a++ {
		for b := a + 1; b < len(rest); b++ {
			if match(rest[a], rest[b]) {
				union(rest[a], rest[b])
			}
		}
	}
	byRoot := map[int][]int{}
	for i := range recs {
		r := find(i)
		byRoot[r] = append(byRoot[r], i)
	}
	groups := make([][]int, 0, len(byRoot))
	for _, g := range byRoot {
		sort.Slice(g, func(a, b int) bool { return Better(recs[g[a]], recs[g[b]]) })
		groups = append(groups, g)
	}
	sort.Slice(groups, func(a, b int) bool { return recs[groups[a][0]].Key < recs[groups[b][0]].Key })
	return groups
}

// mergeSampleTolerance is how far apart in time two recordings' samples may
// be for one to lend the other a value.
const mergeSampleTolerance = 3 * time.Second

// Compose returns the session an activity's recordings make, recs best
// first (as GroupRecordings orders them), and for each recording the plain
// words of what it gave ("heart rate, cadence"; the primary's is "the
// session"). The primary recording is the session; a field it lacks comes
// from the first other recording that has it: name, notes (the others' notes
// are added when they differ), perceived effort, feel, device, the summary
// values (duration, distance, climb, heart rate, cadence of the same sport),
// laps, and whole sample columns it lacks (heart rate, cadence, power, …),
// each sample taking the other recording's value nearest in time within 3 s.
// A sport the primary's file did not say, or only inferred, yields to a
// sport another file named; a sport or zone the user set wins over all. A
// recorded offset (the device's, or its export's index's) replaces one taken
// from a zone unless the primary's times are wall-clock times. Sets: a lifting app's log (CSV) wins (the user's own
// exercise names and loads), else the first recording with sets. A guessed
// time of day never replaces a measured one: the primary has the measured
// one whenever any recording does.
func Compose(recs []Recording) (Session, []string) {
	out := *recs[0].Session
	gave := make([]string, len(recs))
	gave[0] = "the session"
	words := make([][]string, len(recs))
	add := func(k int, w string) {
		if !slices.Contains(words[k], w) {
			words[k] = append(words[k], w)
		}
	}
	fill := func(k int, dst *float64, v float64, word string) {
		if !Known(*dst) && Known(v) {
			*dst = v
			add(k, word)
		}
	}
	for k := 1; k < len(recs); k++ {
		o := recs[k].Session
		if o.SportOrigin == SportUser && out.SportOrigin != SportUser ||
			out.SportOrigin != SportUser && o.Sport != Other && o.SportOrigin == SportFromSource &&
				(out.Sport == Other || out.SportOrigin == SportInferred) {
			out.Sport, out.SubSport, out.SportOrigin = o.Sport, o.SubSport, o.SportOrigin
			add(k, "sport")
		}
		if out.SubSport == "" && o.SubSport != "" && o.Sport == out.Sport {
			out.SubSport = o.SubSport
			add(k, "sport")
		}
		if o.OffsetOrigin == OffsetUser && out.OffsetOrigin != OffsetUser && !out.WallClock ||
			o.OffsetOrigin.Recorded() && !out.OffsetOrigin.Recorded() && out.OffsetOrigin != OffsetUser && !out.WallClock {
			out.OffsetS, out.OffsetOrigin = o.OffsetS, o.OffsetOrigin
			add(k, "time zone")
		}
		if out.Name == "" && o.Name != "" {
			out.Name = o.Name
			add(k, "name")
		}
		if o.Notes != "" && !strings.Contains(out.Notes, o.Notes) {
			if out.Notes == "" {
				out.Notes = o.Notes
			} else {
				out.Notes += "\n\n" + o.Notes
			}
			add(k, "notes")
		}
		fill(k, &out.RPE, o.RPE, "perceived effort")
		fill(k, &out.Feel, o.Feel, "feel")
		if out.Device == "" && o.Device != "" {
			out.Device = o.Device
			add(k, "device")
		}
		fill(k, &out.ElapsedS, o.ElapsedS, "duration")
		fill(k, &out.TimerS, o.TimerS, "duration")
		fill(k, &out.DistanceM, o.DistanceM, "distance")
		fill(k, &out.AscentM, o.AscentM, "climb")
		fill(k, &out.DescentM, o.DescentM, "climb")
		fill(k, &out.AvgHR, o.AvgHR, "heart rate")
		if sameCadenceUnit(out.Sport, o.Sport) {
			fill(k, &out.AvgCadenceSPM, o.AvgCadenceSPM, "cadence")
		}
		if len(out.Laps) == 0 && len(o.Laps) > 0 {
			out.Laps = o.Laps
			add(k, "laps")
		}
		fillSamples(&out, o, func(w string) { add(k, w) })
	}
	// Sets: the app's log, else the first recording with sets.
	setsFrom := -1
	for k, r := range recs {
		if r.Format == FormatCSV && len(r.Session.Sets) > 0 {
			setsFrom = k
			break
		}
	}
	if setsFrom < 0 {
		for k, r := range recs {
			if len(r.Session.Sets) > 0 {
				setsFrom = k
				break
			}
		}
	}
	if setsFrom > 0 {
		out.Sets = recs[setsFrom].Session.Sets
		add(setsFrom, "sets")
	}
	for k := 1; k < len(recs); k++ {
		gave[k] = strings.Join(words[k], ", ")
	}
	return out, gave
}

// sameCadenceUnit reports whether cadence of sports a and b counts alike
// (the same sport, or both foot sports in steps per minute).
func sameCadenceUnit(a, b Sport) bool {
	return a == b || a.UsesStepCadence() && b.UsesStepCadence()
}

// sampleWords names the sample columns for the words of Compose.
var sampleWords = []string{"", "positions", "positions", "altitude", "distance", "speed", "heart rate", "cadence", "power",
	"ground contact time", "ground contact balance", "vertical oscillation", "vertical ratio", "step length",
	"Stryd power", "Stryd form power", "Stryd air power", "Stryd leg spring stiffness", "Stryd ground time",
	"Stryd vertical oscillation", "Stryd impact loading rate"}

// fillSamples gives out's samples the columns it lacks entirely from o,
// each sample taking o's value nearest in time (within
// mergeSampleTolerance). Cadence is lent only between sports that count it
// alike.
func fillSamples(out *Session, o *Session, note func(string)) {
	n, m := out.Samples.Len(), o.Samples.Len()
	if n == 0 || m == 0 {
		return
	}
	dst, src := out.Samples.Columns(), o.Samples.Columns()
	// offset converts out's sample times to o's.
	offset := out.Start.Sub(o.Start).Seconds()
	tol := mergeSampleTolerance.Seconds()
	var idx []int // for each of out's samples, o's nearest sample or -1
	for c := 1; c < len(dst); c++ {
		if out.Samples.Has(c) || !o.Samples.Has(c) {
			continue
		}
		if c == ColCadence && !sameCadenceUnit(out.Sport, o.Sport) {
			continue
		}
		if idx == nil {
			idx = nearestSamples(out.Samples.T, o.Samples.T, offset, tol)
		}
		col := make([]float64, n)
		lent := false
		for i, j := range idx {
			col[i] = Missing
			if j >= 0 {
				col[i] = (*src[c])[j]
				lent = lent || Known(col[i])
			}
		}
		if lent {
			*dst[c] = col
			note(sampleWords[c])
		}
	}
}

// nearestSamples returns, for each time in a (plus offset), the index of
// the nearest time in b within tol, or -1. Both are in time order.
func nearestSamples(a, b []float64, offset, tol float64) []int {
	out := make([]int, len(a))
	j := 0
	for i, t := range a {
		t += offset
		for j+1 < len(b) && b[j+1] <= t {
			j++
		}
		best := -1
		bestD := tol
		for _, k := range []int{j, j + 1} {
			if k < len(b) {
				if d := math.Abs(b[k] - t); d <= bestD {
					best, bestD = k, d
				}
			}
		}
		out[i] = best
	}
	return out
}
