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

// DefaultLocation is where a pain event hurt when the user does not
// say.
const DefaultLocation = "lower back"

// CSVHeader is the header row WriteCSV writes. ReadCSV needs the
// first five columns, in any order and any case; tz is optional.
var CSVHeader = []string{"date", "time", "severity", "location", "note", "tz"}

// requiredColumns are the columns a pain CSV must have.
var requiredColumns = CSVHeader[:5]

// maxBadLines is how many bad lines a BadLinesError lists one by one; the
// rest are counted in a final line, so that feeding a large file that is not
// a pain log cannot fill memory with messages.
const maxBadLines = 1000

// maxRows is the most rows a pain file may hold. A log of ten events a
// day for a lifetime has under a million; the cap keeps a mistaken import of
// a huge file from holding it all in memory.
const maxRows = 1_000_000

// maxJSONBytes is the largest pain JSON file read, in bytes (JSON is read
// whole to report line numbers).
const maxJSONBytes = 256 << 20

// Row is one parsed row of a pain CSV (or one element of a pain JSON
// array).
type Row struct {
	// Line is where the row starts in the file, from 1 (the CSV header is
	// line 1).
	Line int
	// Event is the row's event, validated; its ID is 0.
	Event model.PainEvent
}

// BadLinesError lists every bad line of a pain file that ReadCSV or
// ReadRows refused, each as "line N: why" (the CSV header is line 1).
type BadLinesError struct {
	// Lines are the problems in file order, "line N: why". When there are
	// more than a thousand bad lines, the last element counts the rest.
	Lines []string
}

// Error joins the lines with newlines.
func (e *BadLinesError) Error() string { return strings.Join(e.Lines, "\n") }

// badLines collects bad lines up to maxBadLines.
type badLines struct {
	lines []string
	more  int
}

func (p *badLines) add(line int, why ...string) {
	if len(p.lines) >= maxBadLines {
		p.more++
		return
	}
	p.lines = append(p.lines, fmt.Sprintf("line %d: %s", line, strings.Join(why, "; ")))
}

// err returns the *BadLinesError, or nil when no line was bad.
func (p *badLines) err() error {
	if len(p.lines) == 0 {
		return nil
	}
	lines := p.lines
	if p.more > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more bad lines", p.more))
	}
	return &BadLinesError{Lines: lines}
}

// ReadCSV parses a whole pain CSV: a header naming the columns date,
// time, severity, location and note, plus tz if wanted, in any order and any
// case, then one event per row. A UTF-8 byte-order mark is skipped; quoted
// fields may hold commas, quotes and line breaks.
//
// Empty time means a date-only event, empty location means
// [DefaultLocation], empty (or absent) tz means defaultTZ. Dates may
// also be "today" or "yesterday" in the row's zone. Each event must pass
// [Validate] against now.
//
// It is all or nothing: when any line is bad ReadCSV returns no events
// and a *BadLinesError listing every bad line; an I/O error, or a line over
// 1 MiB, is returned as is. The events keep the file's order.
func ReadCSV(r io.Reader, defaultTZ string, now time.Time) ([]model.PainEvent, error) {
	rows, err := readCSV(bufio.NewReaderSize(&lineLimit{r: r}, 64<<10), defaultTZ, now)
	if err != nil {
		return nil, err
	}
	return eventsOf(rows), nil
}

// ReadRows reads a pain file written by WriteCSV or WriteJSON
// (or by hand in either format), telling them apart by content: a file
// whose first character after any byte-order mark and white space is '[' is
// JSON. It returns each event with the line it starts on. For CSV it is
// ReadCSV; for JSON it reads an array of objects with the fields of
// [JSONEvent] (id and utc are ignored; time, tz, location and note may be
// null or absent and default as in a CSV) and reports bad elements by the
// line they start on, all or nothing as well.
func ReadRows(r io.Reader, defaultTZ string, now time.Time) ([]Row, error) {
	lim := &lineLimit{r: r}
	br := bufio.NewReaderSize(lim, 64<<10)
	if isJSON, err := sniffJSON(br); err != nil {
		return nil, fmt.Errorf("read pain file: %w", err)
	} else if isJSON {
		lim.off = true // JSON may be minified onto one line; its size is capped instead
		return readJSON(br, defaultTZ, now)
	}
	return readCSV(br, defaultTZ, now)
}

// eventsOf returns the events of rows.
func eventsOf(rows []Row) []model.PainEvent {
	out := make([]model.PainEvent, len(rows))
	for i, r := range rows {
		out[i] = r.Event
	}
	return out
}

// skipBOM drops a UTF-8 byte-order mark at the start of br.
func skipBOM(br *bufio.Reader) {
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
}

// sniffJSON reports whether the first character after a byte-order
// mark and white space is '['. It consumes only the mark.
func sniffJSON(br *bufio.Reader) (bool, error) {
	skipBOM(br)
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

// columns holds the column index of each field (-1 when absent).
type columns struct{ date, time, severity, location, note, tz int }

// parseHeader maps a CSV header to columns, or returns why it is unusable.
func parseHeader(header []string) (columns, []string) {
	c := columns{-1, -1, -1, -1, -1, -1}
	idx := map[string]*int{"date": &c.date, "time": &c.time, "severity": &c.severity,
		"location": &c.location, "note": &c.note, "tz": &c.tz}
	var bad []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		p, ok := idx[name]
		switch {
		case !ok:
			bad = append(bad, fmt.Sprintf("unknown column %q (want %s, and optionally tz)",
				shorten(h, 40), strings.Join(requiredColumns, ", ")))
		case *p >= 0:
			bad = append(bad, fmt.Sprintf("column %q appears twice", name))
		default:
			*p = i
		}
	}
	for _, name := range requiredColumns {
		if *idx[name] < 0 {
			bad = append(bad, fmt.Sprintf("missing column %q (want %s, and optionally tz)", name, strings.Join(requiredColumns, ", ")))
		}
	}
	return c, bad
}

// readCSV is ReadCSV on a buffered reader.
func readCSV(br *bufio.Reader, defaultTZ string, now time.Time) ([]Row, error) {
	skipBOM(br)
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	var bad badLines
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		bad.add(1, "the file is empty: want a header "+strings.Join(requiredColumns, ",")+" (and optionally tz)")
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
	cols, why := parseHeader(header)
	if len(why) > 0 {
		bad.add(1, why...)
		return nil, bad.err()
	}
	var rows []Row
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
		if len(rows)+len(bad.lines)+bad.more >= maxRows {
			return nil, fmt.Errorf("read pain csv: line %d: more than %d rows: not a pain log", line, maxRows)
		}
		if len(rec) != len(header) {
			bad.add(line, fmt.Sprintf("%d fields, want %d (one per header column)", len(rec), len(header)))
			continue
		}
		f := fields{date: rec[cols.date], time: rec[cols.time], severity: rec[cols.severity],
			location: rec[cols.location], note: rec[cols.note]}
		if cols.tz >= 0 {
			f.tz = rec[cols.tz]
		}
		ev, why := f.event(defaultTZ, now)
		if len(why) > 0 {
			bad.add(line, why...)
			continue
		}
		rows = append(rows, Row{Line: line, Event: ev})
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// fields are one row's fields as written in the file.
type fields struct {
	date, time, severity, location, note, tz string
}

// event parses and validates f into an event, or returns every problem.
func (f fields) event(defaultTZ string, now time.Time) (model.PainEvent, []string) {
	var why []string
	ev := model.PainEvent{TZ: strings.TrimSpace(f.tz), Location: f.location, Note: f.note}
	if ev.TZ == "" {
		ev.TZ = defaultTZ
	}
	if ev.Location == "" {
		ev.Location = DefaultLocation
	}
	loc, err := loadZone(ev.TZ)
	if err != nil {
		why = append(why, err.Error())
		loc = time.UTC // still check the other fields
	}
	if ev.LocalDate, err = ParseDate(f.date, now, loc); err != nil {
		why = append(why, err.Error())
	}
	if ev.LocalTime, err = ParseTime(f.time); err != nil {
		why = append(why, err.Error())
	}
	if ev.Severity, err = ParseSeverity(f.severity); err != nil {
		why = append(why, err.Error())
	}
	for _, t := range []struct{ name, s string }{{"location", ev.Location}, {"note", ev.Note}} {
		if err := checkText(t.name, t.s); err != nil {
			why = append(why, err.Error())
		}
	}
	if len(why) == 0 {
		if _, _, err := Validate(ev, now); err != nil {
			why = append(why, err.Error())
		}
	}
	return ev, why
}

// loadZone loads an IANA zone name for a pain event.
func loadZone(name string) (*time.Location, error) {
	switch name {
	case "":
		return nil, errors.New("no time zone: add a tz column or give your zone (--tz)")
	case "Local":
		return nil, errors.New(`time zone "Local" is not a zone name: use a name like Europe/London`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is unknown: use a name like Europe/London", shorten(name, 60))
	}
	return loc, nil
}

// ParseDate reads a pain event's date as the user wrote it: YYYY-MM-DD,
// or "today" or "yesterday" (any case) meaning the local date of now in loc
// (nil means UTC) or the day before. It returns the date as YYYY-MM-DD, or
// an error for another word ("tomorrow"), a date that does not exist
// (2026-02-30), one before 1970, or one after today in loc.
func ParseDate(s string, now time.Time, loc *time.Location) (string, error) {
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
	if err := checkDate(date); err != nil {
		return "", err
	}
	if t := today.Format(time.DateOnly); date > t {
		return "", fmt.Errorf("date %s is in the future (today is %s in %s)", date, t, loc)
	}
	return date, nil
}

// checkDate checks that s is a YYYY-MM-DD date that exists, from 1970.
func checkDate(s string) error {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !isDigits(s[:4]) || !isDigits(s[5:7]) || !isDigits(s[8:]) {
		return fmt.Errorf("date %q not understood: use YYYY-MM-DD, today or yesterday", shorten(s, 40))
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

// isDigits reports whether s is a non-empty run of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParseTime reads a time of day as the user wrote it, H:MM or HH:MM on
// a 24-hour clock, and returns it as HH:MM; an empty (or blank) s is no time
// and returns "". Anything else ("7:5", "25:10", "7:30 pm", "07:30:00") is
// an error.
func ParseTime(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	hs, ms, ok := strings.Cut(s, ":")
	if !ok || len(hs) < 1 || len(hs) > 2 || len(ms) != 2 || !isDigits(hs) || !isDigits(ms) {
		return "", fmt.Errorf("time %q not understood: use HH:MM on a 24-hour clock, e.g. 07:30", shorten(s, 40))
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

// ParseSeverity reads a severity as the user wrote it: a whole number
// from 0 (none) to 10 (worst).
func ParseSeverity(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("severity is empty: use a whole number from 0 (none) to 10 (worst)")
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("severity %s is out of range: use 0 (none) to 10 (worst)", shorten(s, 40))
	}
	if err != nil {
		return 0, fmt.Errorf("severity %q is not a whole number: use 0 (none) to 10 (worst)", shorten(s, 40))
	}
	if err := checkSeverity(n); err != nil {
		return 0, err
	}
	return n, nil
}

// checkSeverity checks the range 0–10.
func checkSeverity(n int) error {
	if n < 0 || n > 10 {
		return fmt.Errorf("severity %d is out of range: use 0 (none) to 10 (worst)", n)
	}
	return nil
}

// checkText checks that a location or note is UTF-8 text whose only
// control characters are tabs and line feeds: a carriage return would not
// survive a CSV round trip, and other controls are not text.
func checkText(name, s string) error {
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

// Validate checks one event as it would be stored: a date
// YYYY-MM-DD that exists and is not before 1970; a time "" or HH:MM; a
// severity 0–10; a zone that is an IANA name that loads; a location that is
// not empty and, like the note, is UTF-8 text without control characters
// other than tabs and line breaks; a time that exists in the zone (not in a
// daylight-saving gap); and nothing after now (a date-only event may be
// today in its zone, a timed one no later than now). It returns the event's
// UTC instant (the first one when the local time happens twice, in a
// daylight-saving overlap) and whether it has one.
func Validate(e model.PainEvent, now time.Time) (utc time.Time, hasTime bool, err error) {
	loc, err := loadZone(e.TZ)
	if err != nil {
		return time.Time{}, false, err
	}
	if err := checkDate(e.LocalDate); err != nil {
		return time.Time{}, false, err
	}
	if e.LocalTime != "" {
		if t, err := ParseTime(e.LocalTime); err != nil {
			return time.Time{}, false, err
		} else if t != e.LocalTime {
			return time.Time{}, false, fmt.Errorf("time %q not understood: use HH:MM", e.LocalTime)
		}
	}
	if err := checkSeverity(e.Severity); err != nil {
		return time.Time{}, false, err
	}
	if e.Location == "" {
		return time.Time{}, false, errors.New("location is empty")
	}
	for _, t := range []struct{ name, s string }{{"location", e.Location}, {"note", e.Note}} {
		if err := checkText(t.name, t.s); err != nil {
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

// WriteCSV writes events as a pain CSV that ReadCSV reads back
// exactly: the [CSVHeader] row, then one row per event (date, time or
// empty, severity, location, note, tz), quoting fields as needed.
func WriteCSV(w io.Writer, events []model.PainEvent) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
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

// JSONEvent is one pain event in the JSON that `backtrack pain list --json`
// and `pain export --format json` write and ReadRows reads. The names
// are stable: users' scripts read them.
type JSONEvent struct {
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

// NewJSONEvent returns e's JSON form. UTC is the first instant of e's local
// time (null when it has none, or when the time does not exist in its
// zone).
func NewJSONEvent(e model.PainEvent) JSONEvent {
	j := JSONEvent{ID: e.ID, Date: e.LocalDate, TZ: e.TZ, Severity: e.Severity, Location: e.Location, Note: e.Note}
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

// WriteJSON writes events as an indented JSON array of [JSONEvent]
// objects ([] when there are none) followed by a newline. Text is written
// as is: no HTML escaping of <, > and &.
func WriteJSON(w io.Writer, events []model.PainEvent) error {
	out := make([]JSONEvent, len(events))
	for i, e := range events {
		out[i] = NewJSONEvent(e)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write pain json: %w", err)
	}
	return nil
}

// readJSON reads a JSON array of pain events from br (its byte-order
// mark already skipped).
func readJSON(br *bufio.Reader, defaultTZ string, now time.Time) ([]Row, error) {
	data, err := io.ReadAll(io.LimitReader(br, maxJSONBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read pain json: %w", err)
	}
	if len(data) > maxJSONBytes {
		return nil, fmt.Errorf("read pain json: larger than %d MiB: not a pain log", maxJSONBytes>>20)
	}
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:min(off, int64(len(data)))], []byte("\n")) }
	var bad badLines
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		bad.add(1, "not a JSON array of pain events")
		return nil, bad.err()
	}
	var rows []Row
	for dec.More() {
		// The element starts after white space and the comma.
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[start]) >= 0 {
			start++
		}
		line := lineAt(start)
		if len(rows)+len(bad.lines)+bad.more >= maxRows {
			return nil, fmt.Errorf("read pain json: line %d: more than %d events: not a pain log", line, maxRows)
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
		f, why := jsonFields(obj)
		if len(why) == 0 {
			var ev model.PainEvent
			if ev, why = f.event(defaultTZ, now); len(why) == 0 {
				rows = append(rows, Row{Line: line, Event: ev})
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

// jsonFields turns one JSON object into the fields of a row.
func jsonFields(obj map[string]json.RawMessage) (fields, []string) {
	var f fields
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
			why = append(why, fmt.Sprintf("unknown field %q (want %s, and optionally tz, id, utc)", shorten(key, 40), strings.Join(requiredColumns, ", ")))
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

// shorten truncates s for an error message to at most n bytes on a rune
// boundary, adding "…", and makes it valid UTF-8.
func shorten(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// maxLineBytes is the longest physical line a pain CSV may have, in bytes.
const maxLineBytes = 1 << 20

// errLineTooLong says a pain CSV line exceeded maxLineBytes.
var errLineTooLong = errors.New("a line longer than 1 MiB: not a pain log")

// lineLimit passes reads through and, unless off, fails once a line
// grows past maxLineBytes, so that a file that is not a pain log cannot make
// the CSV reader hold a giant line.
type lineLimit struct {
	r   io.Reader
	run int // bytes since the last newline
	off bool
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	if l.off {
		return n, err
	}
	if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
		l.run = n - i - 1
	} else {
		l.run += n
	}
	if l.run > maxLineBytes {
		return n, errLineTooLong
	}
	return n, err
}
