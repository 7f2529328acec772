package analysis

import (
	"sort"
	"time"

	"github.com/backtrack/backtrack/model"
)

// The diary period and pain episodes (docs/definitions.md, "The pain diary
// and pain episodes"). Days are the athlete's local dates, numbered; instants
// are UTC.

// Diary rules: how the diary period was found.
const (
	// DiaryDeclared: from the diary_start setting to the report's end.
	DiaryDeclared = "declared"
	// DiaryFirstToLast: from the first to the last diary entry of any
	// severity (pain-free check-ins of severity 0 included).
	DiaryFirstToLast = "first_to_last_entry"
)

// dayNumber returns the days from 1970-01-01 to the date YYYY-MM-DD.
func dayNumber(date string) (int, bool) {
	if len(date) != 10 || date[4] != '-' || date[7] != '-' {
		return 0, false
	}
	num := func(s string) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = 10*n + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(date[:4])
	m, ok2 := num(date[5:7])
	d, ok3 := num(date[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400), true
}

// dayDate returns the date YYYY-MM-DD of a day number.
func dayDate(day int) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format(time.DateOnly)
}

// diaryPeriod is the span of days the pain diary covers.
type diaryPeriod struct {
	// from and to are its first and last days, inclusive; ok is false
	// when there is no period (no entry and no declared start).
	from, to int
	ok       bool
	// rule is DiaryDeclared or DiaryFirstToLast.
	rule string
}

// weeks returns the period's length in weeks.
func (p diaryPeriod) weeks() float64 {
	if !p.ok {
		return 0
	}
	return float64(p.to-p.from+1) / 7
}

// findDiaryPeriod finds the diary period: from diary_start (if set) to the report's
// end, or from the first to the last entry of any severity; --since and
// --until narrow it.
func (b *builder) findDiaryPeriod() diaryPeriod {
	var p diaryPeriod
	first, last, any := 0, 0, false
	for _, e := range b.in.Pain {
		d, ok := dayNumber(e.LocalDate)
		if !ok {
			continue
		}
		if !any || d < first {
			first = d
		}
		if !any || d > last {
			last = d
		}
		any = true
	}
	if start, ok := dayNumber(b.set.DiaryStart); ok {
		// To the report's end; empty when the diary starts after the data.
		p.rule, p.from, p.ok = DiaryDeclared, start, true
		p.to = p.from - 1
		if d, ok := dayNumber(b.in.LastDate); ok {
			p.to = max(p.to, d)
		}
		if any {
			p.to = max(p.to, last)
		}
	} else if any {
		p.rule, p.from, p.to, p.ok = DiaryFirstToLast, first, last, true
	}
	if d, ok := dayNumber(b.in.Since); ok && d > p.from {
		p.from = d
	}
	if d, ok := dayNumber(b.in.Until); ok && p.rule == DiaryDeclared {
		p.to = d
	} else if ok && d < p.to {
		p.to = d
	}
	if p.to < p.from {
		p.ok = false
	}
	return p
}

// episode is one pain episode.
type episode struct {
	// firstDay and lastDay are its first and last pain days.
	firstDay, lastDay int
	// onset is the onset instant of its first entry (the earliest on its
	// first day); ref that entry's reference instant (the end of a
	// case-crossover hazard window); entry its index into the entries.
	onset, ref time.Time
	entry      int
	// run is the at-risk run its onset belongs to, −1 for none.
	run int
	// censored: it began within G days of the diary's start, so it may
	// have begun before the diary; its onset is not counted.
	censored bool
	// horizon is the last day on which it is under way (lastDay + G + 1):
	// pain up to then would join it.
	horizon int
}

// episodeSet is the episode analysis of one report.
type episodeSet struct {
	period diaryPeriod
	// episodes in time order.
	episodes []episode
	// Per run: its local day, in the diary, at risk (no episode under way
	// at its start), the run a counted onset belongs to, and a counted
	// entry belongs to it.
	runDay                          []int
	inDiary, atRisk, onset, painRun []bool
	// onsets counts the uncensored episodes, runOnsets those whose onset
	// belongs to an at-risk run; apart lists the others (by index).
	onsets, runOnsets int
	apart             []int
	// painAt holds the counted entries' onset instants, sorted.
	painAt []time.Time
}

// entry is a diary entry as the episodes need it.
type entry struct {
	day  int
	sev  int
	link PainLink
	zone *time.Location
}

// episodes groups the counted entries (severity ≥ minSev inside the
// period) into episodes and marks each run (runs sorted by start).
func episodes(runs []ReportRun, entries []entry, period diaryPeriod, gap, minSev int) *episodeSet {
	es := &episodeSet{period: period}
	n := len(runs)
	es.runDay = make([]int, n)
	es.inDiary, es.atRisk, es.onset, es.painRun = make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
	for i, r := range runs {
		d, ok := dayNumber(r.LocalDate)
		if !ok {
			d = int(r.Start.Unix() / 86400)
		}
		es.runDay[i] = d
		es.inDiary[i] = period.ok && d >= period.from && d <= period.to
	}
	if !period.ok {
		return es
	}
	byDay := map[int][]int{}
	var days []int
	for i, e := range entries {
		if e.sev < max(1, minSev) || e.day < period.from || e.day > period.to {
			continue
		}
		if _, ok := byDay[e.day]; !ok {
			days = append(days, e.day)
		}
		byDay[e.day] = append(byDay[e.day], i)
		es.painAt = append(es.painAt, e.link.Onset)
		if k := e.link.Run; k >= 0 {
			es.painRun[k] = true
		}
	}
	sort.Slice(es.painAt, func(i, j int) bool { return es.painAt[i].Before(es.painAt[j]) })
	sort.Ints(days)
	for j := 0; j < len(days); {
		k := j
		for k+1 < len(days) && days[k+1]-days[k]-1 <= gap {
			k++
		}
		ep := episode{firstDay: days[j], lastDay: days[k], run: -1, entry: -1}
		for _, i := range byDay[days[j]] {
			if o := entries[i].link.Onset; ep.entry < 0 || o.Before(ep.onset) {
				ep.onset, ep.ref, ep.entry = o, entries[i].link.Ref, i
			}
		}
		ep.horizon = ep.lastDay + gap + 1
		ep.censored = ep.firstDay-period.from <= gap
		es.episodes = append(es.episodes, ep)
		j = k + 1
	}
	e := 0
	for i, r := range runs {
		if !es.inDiary[i] {
			continue
		}
		for e < len(es.episodes) && es.episodes[e].horizon < es.runDay[i] {
			e++
		}
		risk := true
		if e < len(es.episodes) {
			ep := es.episodes[e]
			if ep.censored || r.Start.After(ep.onset) {
				risk = false
			}
		}
		es.atRisk[i] = risk
	}
	for j := range es.episodes {
		ep := &es.episodes[j]
		if ep.censored {
			continue
		}
		es.onsets++
		if k := entries[ep.entry].link.Run; k >= 0 && es.atRisk[k] {
			ep.run = k
			es.onset[k] = true
			es.runOnsets++
		} else {
			es.apart = append(es.apart, j)
		}
	}
	return es
}

// after returns the index of the first episode still under way or to
// come on day: the first whose horizon is day or later.
func (es *episodeSet) after(day int) int {
	return sort.Search(len(es.episodes), func(i int) bool { return es.episodes[i].horizon >= day })
}

// inEpisode reports whether instant t, on local day day, lies where an
// episode is under way (after its onset, up to its horizon): not at-risk
// time.
func (es *episodeSet) inEpisode(t time.Time, day int) bool {
	i := es.after(day)
	if i == len(es.episodes) {
		return false
	}
	ep := es.episodes[i]
	return ep.censored || t.After(ep.onset)
}

// lastPainDayBefore returns the last pain day of the latest episode that
// was over before day (its horizon passed), or false when there is none.
func (es *episodeSet) lastPainDayBefore(day int) (int, bool) {
	i := es.after(day)
	if i == 0 {
		return 0, false
	}
	return es.episodes[i-1].lastDay, true
}

// episodeAt returns the episode under way on day (for a run inside one).
func (es *episodeSet) episodeAt(day int) episode {
	i := es.after(day)
	if i == len(es.episodes) {
		i--
	}
	return es.episodes[max(i, 0)]
}

// diaryEntries turns the pain events into entries: their days, severities
// and links (links[i] for events[i], as LinkPain returns them).
func diaryEntries(events []model.PainEvent, links []PainLink, zone func(string) *time.Location) []entry {
	out := make([]entry, len(events))
	for i, e := range events {
		d, ok := dayNumber(e.LocalDate)
		if !ok {
			d = -1 << 30
		}
		out[i] = entry{day: d, sev: e.Severity, link: links[i], zone: zone(e.TZ)}
	}
	return out
}
