package painlog

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/backtrack/backtrack/model"
)

// DefaultPainLocation is where a pain event hurt when the user does not
// say.
const DefaultPainLocation = "lower back"

// PainCSVHeader is the header row WritePainCSV writes. ReadPainCSV needs the
// first five columns, in any order and any case; tz is optional.
var PainCSVHeader = []string{"date", "time", "severity", "location", "note", "tz"}

// painRequired are the columns a pain CSV must have; painColumns adds the
// optional ones.
var (
	painRequired = PainCSVHeader[:5]
	painColumns  = PainCSVHeader
)

// painMaxBadLines is how many bad lines a PainCSVError lists one by one; the
// rest are counted in a final line, so that feeding a large file that is not
// a pain log cannot fill memory with messages.
const painMaxBadLines = 1000

// painMaxRows is the most rows a pain file may hold. A log of ten events a
// day for a lifetime has under a million; the cap keeps a mistaken import of
// a huge file from holding it all in memory.
const painMaxRows = 1_000_000

// painMaxJSON is the largest pain JSON file read, in bytes (JSON is read
// whole to report line numbers).
const painMaxJSON = 256 << 20

// PainRow is one parsed row of a pain CSV (or one element of a pain JSON
// array).
type PainRow struct {
	// Line is where the row starts in the file, from 1 (the CSV header is
	// line 1).
	Line int
	// Event is the row's event, validated; its ID is 0.
	Event model.PainEvent
}

// PainCSVError lists every bad line of a pain file that ReadPainCSV or
// ReadPainRows refused, each as "line N: why" (the CSV header is line 1).
type PainCSVError struct {
	// Lines are the problems in file order, "line N: why". When there are
	// more than a thousand bad lines, the last element counts the rest.
	Lines []string
}

// Error joins the lines with newlines.
func (e *PainCSVError) Error() string { return strings.Join(e.Lines, "\n") }

// painErrors collects bad lines up to painMaxBadLines.
type painErrors struct {
	lines []string
	more  int
}

func (p *painErrors) add(line int, why ...string) {
	if len(p.lines) >= painMaxBadLines {
		p.more++
		return
	}
	p.lines = append(p.lines, fmt.Sprintf("line %d: %s", line, strings.Join(why, "; ")))
}

// err returns the *PainCSVError, or nil when no line was bad.
func (p *painErrors) err() error {
	if len(p.lines) == 0 {
		return nil
	}
	lines := p.lines
	if p.more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more bad lines", p.more))
	}
	return &PainCSVError{Lines: lines}
}

// ReadPainCSV parses a whole pain CSV: a header naming the columns date,
// time, severity, location and note, plus tz if wanted, in any order and any
// case, then one event per row. A UTF-8 byte-order mark is skipped; quoted
// fields may hold commas, quotes and line breaks.
//
// Empty time means a date-only event, empty location means
// [DefaultPainLocation], empty (or absent) tz means defaultTZ. Dates may
// also be "today" or "yesterday" in the row's zone. Each event must pass
// [ValidatePainEvent] against now.
//
// It is all or nothing: when any line is bad ReadPainCSV returns no events
// and a *PainCSVError listing every bad line; an I/O error, or a line over
// 1 MiB, is returned as is. The events keep the file's order.
func ReadPainCSV(r io.Reader, defaultTZ string, now time.Time) ([]model.PainEvent, error) {
	rows, err := readPainCSV(bufio.NewReaderSize(&painLineLimit{r: r}, 64<<10), defaultTZ, now)
	if err != nil {
		return nil, err
	}
	return painEvents(rows), nil
}

// ReadPainRows reads a pain file written by WritePainCSV or WritePainJSON
// (or by hand in either format), telling them apart by content: a file
// whose first character after any byte-order mark and white space is '[' is
// JSON. It returns each event with the line it starts on. For CSV it is
// ReadPainCSV; for JSON it reads an array of objects with the fields of
// [PainJSON] (id and utc are ignored; time, tz, location and note may be
// null or absent and default as in a CSV) and reports bad elements by the
// line they start on, all or nothing as well.
func ReadPainRows(r io.Reader, defaultTZ string, now time.Time) ([]PainRow, error) {
	lim := &painLineLimit{r: r}
	br := bufio.NewReaderSize(lim, 64<<10)
	if isJSON, err := painSniffJSON(br); err != nil {
		return nil, fmt.Errorf("read pain file: %w", err)
	} else if isJSON {
		lim.off = true // JSON may be minified onto one line; its size is capped instead
		return readPainJSON(br, defaultTZ, now)
	}
	return readPainCSV(br, defaultTZ, now)
}

// painEvents returns the events of rows.
func painEvents(rows []PainRow) []model.PainEvent {
	out := make([]model.PainEvent, len(rows))
	for i, r := range rows {
		out[i] = r.Event
	}
	return out
}

// painSkipBOM drops a UTF-8 byte-order mark at the start of br.
func painSkipBOM(br *bufio.Reader) {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
}

// painSniffJSON reports whether the first character after a byte-order
// mark and white space is '['. It consumes only the mark.
func painSniffJSON(br *bufio.Reader) (bool, error) {
	painSkipBOM(br)
	for n := 1; ; n++ {
		b, err := br.Peek(n)
		if len(b) < n {
			if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
				return false, nil
			}
			return false, err
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '[':
			return true, nil
		}
		return false, nil
	}
}

// painCols holds the column index of each field (-1 when absent).
type painCols struct{ date, time, severity, location, note, tz int }

// painHeader maps a CSV header to columns, or returns why it is unusable.
func painHeader(header []string) (painCols, []string) {
	c := painCols{-1, -1, -1, -1, -1, -1}
	idx := map[string]*int{"date": &c.date, "time": &c.time, "severity": &c.severity,
		"location": &c.location, "note": &c.note, "tz": &c.tz}
	var bad []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		p, ok := idx[name]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("unknown column %q (want %s, and optionally tz)",
				painShort(h, 40), strings.Join(painRequired, ", ")))
		case *p >= 0:
			bad = append(bad, fmt.Sprintf("column %q appears twice", name))
		default:
			*p = i
		}
	}
	for _, name := range painRequired {
		if *idx[name] < 0 {
			bad = append(bad, fmt.Sprintf("missing column %q (want %s, and optionally tz)", name, strings.Join(painRequired, ", ")))
		}
	}
	return c, bad
}

// readPainCSV is ReadPainCSV on a buffered reader.
func readPainCSV(br *bufio.Reader, defaultTZ string, now time.Time) ([]PainRow, error) {
	painSkipBOM(br)
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var bad painErrors
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		bad.add(1, "the file is empty: want a header "+strings.Join(painRequired, ",")+" (and optionally tz)")
		return nil, bad.err()
	}
	if err != nil {
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, fmt.Errorf("read pain csv: %w", err)
		}
		bad.add(1, "unreadable header: "+pe.Err.Error())
		return nil, bad.err()
	}
	cols, why := painHeader(header)
	if len(why) > 0 {
		bad.add(1, why...)
		return nil, bad.err()
	}
	var rows []PainRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read pain csv: %w", err)
			}
			bad.add(pe.StartLine, "unreadable CSV: "+pe.Err.Error())
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rows)+len(bad.lines)+bad.more >= painMaxRows {
			return nil, fmt.Errorf("read pain csv: line %d: more than %d rows: not a pain log", line, painMaxRows)
		}
		if len(rec) != len(header) {
			bad.add(line, fmt.Sprintf("%d fields, want %d (one per header column)", len(rec), len(header)))
			continue
		}
		f := painFields{date: rec[cols.date], time: rec[cols.time], severity: rec[cols.severity],
			location: rec[cols.location], note: rec[cols.note]}
		if cols.tz >= 0 {
			f.tz = rec[cols.tz]
		}
		ev, why := f.event(defaultTZ, now)
		if len(why) > 0 {
			bad.add(line, why...)
			continue
		}
		rows = append(rows, PainRow{Line: line, Event: ev})
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// painFields are one row's fields as written in the file.
type painFields struct {
	date, time, severity, location, note, tz string
}

// event parses and validates f into an event, or returns every problem.
func (f painFields) event(defaultTZ string, now time.Time) (model.PainEvent, []string) {
	var why []string
	ev := model.PainEvent{TZ: strings.TrimSpace(f.tz), Location: f.location, Note: f.note}
	if ev.TZ == "" {
		ev.TZ = defaultTZ
	}
	if ev.Location == "" {
		ev.Location = DefaultPainLocation
	}
	loc, err := painZone(ev.TZ)
	if err != nil {
		why = append(why, err.Error())
		loc = time.UTC // still check the other fields
	}
	if ev.LocalDate, err = ParsePainDate(f.date, now, loc); err != nil {
		why = append(why, err.Error())
	}
	if ev.LocalTime, err = ParsePainTime(f.time); err != nil {
		why = append(why, err.Error())
	}
	if ev.Severity, err = ParsePainSeverity(f.severity); err != nil {
		why = append(why, err.Error())
	}
	for _, t := range []struct{ name, s string }{{"location", ev.Location}, {"note", ev.Note}} {
		if err := checkPainText(t.name, t.s); err != nil {
			why = append(why, err.Error())
		}
	}
	if len(why) == 0 {
		if _, _, err := ValidatePainEvent(ev, now); err != nil {
			why = append(why, err.Error())
		}
	}
	return ev, why
}

// painZone loads an IANA zone name for a pain event.
func painZone(name string) (*time.Location, error) {
	switch name {
	case "":
		return nil, errors.New("no time zone: add a tz column or give your zone (--tz)")
	case "Local":
		return nil, errors.New(`time zone "Local" is not a zone name: use a name like Europe/London`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is unknown: use a name like Europe/London", painShort(name, 60))
	}
	return loc, nil
}

// ParsePainDate reads a pain event's date as the user wrote it: YYYY-MM-DD,
// or "today" or "yesterday" (any case) meaning the local date of now in loc
// (nil means UTC) or the day before. It returns the date as YYYY-MM-DD, or
// an error for another word ("tomorrow"), a date that does not exist
// (2026-02-30), one before 1970, or one after today in loc.
func ParsePainDate(s string, now time.Time, loc *time.Location) (string, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := now.In(loc)
	y, m, d := today.Date()
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "today":
		return today.Format(time.DateOnly), nil
	case "yesterday":
		return time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC).Format(time.DateOnly), nil
	case "":
		return "", errors.New("date is empty: use YYYY-MM-DD, today or yesterday")
	}
	date := strings.TrimSpace(s)
	if err := checkPainDate(date); err != nil {
		return "", err
	}
	if t := today.Format(time.DateOnly); date > t {
		return "", fmt.Errorf("date %s is in the future (today is %s in %s)", date, t, loc)
	}
	return date, nil
}

// checkPainDate checks that s is a YYYY-MM-DD date that exists, from 1970.
func checkPainDate(s string) error {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !painDigits(s[:4]) || !painDigits(s[5:7]) || !painDigits(s[8:]) {
		return fmt.Errorf("date %q not understood: use YYYY-MM-DD, today or yesterday", painShort(s, 40))
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	if m < 1 || m > 12 {
		return fmt.Errorf("date %s does not exist: there is no month %d", s, m)
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return fmt.Errorf("date %s does not exist: %s %d has %d days", s, time.Month(m), y, days)
	}
	if y < 1970 {
		return fmt.Errorf("date %s is before 1970", s)
	}
	return nil
}

// painDigits reports whether s is a non-empty run of ASCII digits.
func painDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParsePainTime reads a time of day as the user wrote it, H:MM or HH:MM on
// a 24-hour clock, and returns it as HH:MM; an empty (or blank) s is no time
// and returns "". Anything else ("7:5", "25:10", "7:30 pm", "07:30:00") is
// an error.
func ParsePainTime(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	hs, ms, ok := strings.Cut(s, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !painDigits(hs) || !painDigits(ms) {
		return "", fmt.Errorf("time %q not understood: use HH:MM on a 24-hour clock, e.g. 07:30", painShort(s, 40))
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	if h > 23 {
		return "", fmt.Errorf("time %s does not exist: hours run from 00 to 23", s)
	}
	if m > 59 {
		return "", fmt.Errorf("time %s does not exist: minutes run from 00 to 59", s)
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
}

// ParsePainSeverity reads a severity as the user wrote it: a whole number
// from 0 (none) to 10 (worst).
func ParsePainSeverity(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("severity is empty: use a whole number from 0 (none) to 10 (worst)")
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("severity %s is out of range: use 0 (none) to 10 (worst)", painShort(s, 40))
	}
	if err != nil {
		return 0, fmt.Errorf("severity %q is not a whole number: use 0 (none) to 10 (worst)", painShort(s, 40))
	}
	if err := checkPainSeverity(n); err != nil {
		return 0, err
	}
	return n, nil
}

// checkPainSeverity checks the range 0–10.
func checkPainSeverity(n int) error {
	if n < 0 || n > 10 {
		return fmt.Errorf("severity %d is out of range: use 0 (none) to 10 (worst)", n)
	}
	return nil
}

// checkPainText checks that a location or note is UTF-8 text whose only
// control characters are tabs and line feeds: a carriage return would not
// survive a CSV round trip, and other controls are not text.
func checkPainText(name, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not UTF-8 text (save the file as UTF-8)", name)
	}
	for _, r := range s {
		if r != '\t' && r != '\n' && unicode.IsControl(r) {
			return fmt.Errorf("%s holds the control character %U: only tabs and line breaks are kept", name, r)
		}
	}
	return nil
}

// ValidatePainEvent checks one event as it would be stored: a date
// YYYY-MM-DD that exists and is not before 1970; a time "" or HH:MM; a
// severity 0–10; a zone that is an IANA name that loads; a location that is
// not empty and, like the note, is UTF-8 text without control characters
// other than tabs and line breaks; a time that exists in the zone (not in a
// daylight-saving gap); and nothing after now (a date-only event may be
// today in its zone, a timed one no later than now). It returns the event's
// UTC instant (the first one when the local time happens twice, in a
// daylight-saving overlap) and whether it has one.
func ValidatePainEvent(e model.PainEvent, now time.Time) (utc time.Time, hasTime bool, err error) {
	loc, err := painZone(e.TZ)
	if err != nil {
		return time.Time{}, false, err
	}
	if err := checkPainDate(e.LocalDate); err != nil {
		return time.Time{}, false, err
	}
	if e.LocalTime != "" {
		if t, err := ParsePainTime(e.LocalTime); err != nil {
			return time.Time{}, false, err
		} else if t != e.LocalTime {
			return time.Time{}, false, fmt.Errorf("time %q not understood: use HH:MM", e.LocalTime)
		}
	}
	if err := checkPainSeverity(e.Severity); err != nil {
		return time.Time{}, false, err
	}
	if e.Location == "" {
		return time.Time{}, false, errors.New("location is empty")
	}
	for _, t := range []struct{ name, s string }{{"location", e.Location}, {"note", e.Note}} {
		if err := checkPainText(t.name, t.s); err != nil {
			return time.Time{}, false, err
		}
	}
	local := now.In(loc)
	if today := local.Format(time.DateOnly); e.LocalDate > today {
		return time.Time{}, false, fmt.Errorf("date %s is in the future (today is %s in %s)", e.LocalDate, today, e.TZ)
	}
	if e.LocalTime == "" {
		return time.Time{}, false, nil
	}
	inst := e.Instants()
	if len(inst) == 0 {
		return time.Time{}, false, fmt.Errorf("%s %s does not exist in %s: the clocks skipped it (daylight saving time)", e.LocalDate, e.LocalTime, e.TZ)
	}
	if inst[0].After(now) {
		return time.Time{}, false, fmt.Errorf("%s %s is in the future (it is now %s in %s)", e.LocalDate, e.LocalTime, local.Format("2006-01-02 15:04"), e.TZ)
	}
	return inst[0].UTC(), true, nil
}

// WritePainCSV writes events as a pain CSV that ReadPainCSV reads back
// exactly: the [PainCSVHeader] row, then one row per event (date, time or
// empty, severity, location, note, tz), quoting fields as needed.
func WritePainCSV(w io.Writer, events []model.PainEvent) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(PainCSVHeader); err != nil {
		return fmt.Errorf("write pain csv: %w", err)
	}
	for _, e := range events {
		if err := cw.Write([]string{e.LocalDate, e.LocalTime, strconv.Itoa(e.Severity), e.Location, e.Note, e.TZ}); err != nil {
			return fmt.Errorf("write pain csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write pain csv: %w", err)
	}
	return nil
}

// PainJSON is one pain event in the JSON that `backtrack pain list --json`
// and `pain export --format json` write and ReadPainRows reads. The names
// are stable: users' scripts read them.
type PainJSON struct {
	// ID is the event's ID in the database.
	ID int64 `json:"id"`
	// Date is the local date, YYYY-MM-DD.
	Date string `json:"date"`
	// Time is the local time HH:MM, or null for a date-only event.
	Time *string `json:"time"`
	// TZ is the IANA zone of Date and Time.
	TZ string `json:"tz"`
	// UTC is the instant as RFC 3339 in UTC, or null without a time.
	UTC *string `json:"utc"`
	// Severity is 0 (none) to 10 (worst).
	Severity int `json:"severity"`
	// Location is where it hurt.
	Location string `json:"location"`
	// Note is the user's note, exactly as typed.
	Note string `json:"note"`
}

// NewPainJSON returns e's JSON form. UTC is the first instant of e's local
// time (null when it has none, or when the time does not exist in its
// zone).
func NewPainJSON(e model.PainEvent) PainJSON {
	j := PainJSON{ID: e.ID, Date: e.LocalDate, TZ: e.TZ, Severity: e.Severity, Location: e.Location, Note: e.Note}
	if e.LocalTime != "" {
		t := e.LocalTime
		j.Time = &t
		if inst := e.Instants(); len(inst) > 0 {
			u := inst[0].UTC().Format(time.RFC3339)
			j.UTC = &u
		}
	}
	return j
}

// WritePainJSON writes events as an indented JSON array of [PainJSON]
// objects ([] when there are none) followed by a newline. Text is written
// as is: no HTML escaping of <, > and &.
func WritePainJSON(w io.Writer, events []model.PainEvent) error {
	out := make([]PainJSON, len(events))
	for i, e := range events {
		out[i] = NewPainJSON(e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write pain json: %w", err)
	}
	return nil
}

// readPainJSON reads a JSON array of pain events from br (its byte-order
// mark already skipped).
func readPainJSON(br *bufio.Reader, defaultTZ string, now time.Time) ([]PainRow, error) {
	data, err := io.ReadAll(io.LimitReader(br, painMaxJSON+1))
	if err != nil {
		return nil, fmt.Errorf("read pain json: %w", err)
	}
	if len(data) > painMaxJSON {
		return nil, fmt.Errorf("read pain json: larger than %d MiB: not a pain log", painMaxJSON>>20)
	}
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:min(off, int64(len(data)))], []byte("\n")) }
	var bad painErrors
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		bad.add(1, "not a JSON array of pain events")
		return nil, bad.err()
	}
	var rows []PainRow
	for dec.More() {
		// The element starts after white space and the comma.
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
			start++
		}
		line := lineAt(start)
		if len(rows)+len(bad.lines)+bad.more >= painMaxRows {
			return nil, fmt.Errorf("read pain json: line %d: more than %d events: not a pain log", line, painMaxRows)
		}
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				bad.add(lineAt(se.Offset), "unreadable JSON: "+se.Error())
				return nil, bad.err()
			}
			if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
				bad.add(lineAt(int64(len(data))), "unreadable JSON: the array does not end")
				return nil, bad.err()
			}
			bad.add(line, "not a JSON object")
			continue
		}
		f, why := painJSONFields(obj)
		if len(why) == 0 {
			var ev model.PainEvent
			if ev, why = f.event(defaultTZ, now); len(why) == 0 {
				rows = append(rows, PainRow{Line: line, Event: ev})
				continue
			}
		}
		bad.add(line, why...)
	}
	if _, err := dec.Token(); err != nil {
		bad.add(lineAt(dec.InputOffset()), "unreadable JSON: the array does not end")
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// painJSONFields turns one JSON object into the fields of a row.
func painJSONFields(obj map[string]json.RawMessage) (painFields, []string) {
	var f painFields
	var why []string
	str := func(key string, dst *string, required bool) {
		raw, ok := obj[key]
		if !ok || string(raw) == "null" {
			if required {
				why = append(why, key+" is missing")
			}
			return
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			why = append(why, key+" must be a string")
		}
	}
	keys := make([]string, 0, len(obj))
	for key := range obj {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	for _, key := range keys {
		switch key {
		case "id", "utc", "date", "time", "tz", "severity", "location", "note":
		default:
			why = append(why, fmt.Sprintf("unknown field %q (want %s, and optionally tz, id, utc)", painShort(key, 40), strings.Join(painRequired, ", ")))
		}
	}
	str("date", &f.date, true)
	str("time", &f.time, false)
	str("tz", &f.tz, false)
	str("location", &f.location, false)
	str("note", &f.note, false)
	if raw, ok := obj["severity"]; !ok || string(raw) == "null" {
		why = append(why, "severity is missing")
	} else {
		var n json.Number
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&n); err != nil {
			why = append(why, "severity must be a number from 0 to 10")
		} else {
			f.severity = n.String()
		}
	}
	return f, why
}

// painShort truncates s for an error message to at most n bytes on a rune
// boundary, adding "…", and makes it valid UTF-8.
func painShort(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// painMaxLine is the longest physical line a pain CSV may have, in bytes.
const painMaxLine = 1 << 20

// errPainLineTooLong says a pain CSV line exceeded painMaxLine.
var errPainLineTooLong = errors.New("a line longer than 1 MiB: not a pain log")

// painLineLimit passes reads through and, unless off, fails once a line
// grows past painMaxLine, so that a file that is not a pain log cannot make
// the CSV reader hold a giant line.
type painLineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
	off bool
}

func (l *painLineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.off {
		return n, err
	}
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - i - 1
	} else {
		l.run += n
	}
	if l.run > painMaxLine {
		return n, errPainLineTooLong
	}
	return n, err
}
