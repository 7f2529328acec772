package painlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/backtrack/backtrack/internal/csvrows"
	"github.com/backtrack/backtrack/model"
)

// maxBadLines is how many bad lines a BadLinesError lists one by one; the
// rest are counted in a final line, so that feeding a large file that is not
// a pain log cannot fill memory with messages.
const maxBadLines = 1000

// maxRows is the most rows a pain file may hold. A log of ten events a
// day for a lifetime has under a million; the cap keeps a mistaken import of
// a huge file from holding it all in memory.
const maxRows = 1_000_000

// ErrNotPainLog is wrapped by the error of ReadCSV and ReadRows when the
// input is too big to be a pain log: more than a million rows or events, a
// CSV line over 1 MiB, or JSON over 256 MiB. Nothing is returned with it; a
// caller tells it apart from a [*BadLinesError] (a pain log with mistakes)
// with errors.Is.
var ErrNotPainLog = errors.New("not a pain log")

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
// ReadRows refused, each as "line N: why" (the CSV header is line 1). The
// readers return it as a *BadLinesError, to be found with errors.As.
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

// ImportLimits returns a warning for each way an export of events (format
// "csv" or "json", size bytes) breaks a limit of the readers, so that it
// would not import back: more events than a pain file may hold, a JSON
// file over its size cap, or an event whose location or note is longer than
// MaxTextBytes (logged by a backtrack from before that limit). None for a
// log that ReadRows reads back.
func ImportLimits(events []model.PainEvent, format string, size int64) []string {
	var out []string
	if len(events) > maxRows {
		out = append(out, fmt.Sprintf("the log has %d events; pain import reads at most %d from one file", len(events), maxRows))
	}
	if format == "json" && size > maxJSONBytes {
		out = append(out, fmt.Sprintf("this JSON is %d MiB; pain import reads at most %d MiB of JSON: export as CSV instead", size>>20, maxJSONBytes>>20))
	}
	for _, e := range events {
		if len(e.Note) > MaxTextBytes || len(e.Location) > MaxTextBytes {
			out = append(out, fmt.Sprintf("pain event %d's location or note is longer than %d KiB: pain import refuses it (shorten it with 'backtrack pain edit %d')",
				e.ID, MaxTextBytes>>10, e.ID))
		}
	}
	return out
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
	lim := &csvrows.LineLimit{R: r, Max: maxLineBytes, Err: errLineTooLong}
	br := bufio.NewReaderSize(lim, 64<<10)
	if isJSON, err := sniffJSON(br); err != nil {
		return nil, fmt.Errorf("read pain file: %w", err)
	} else if isJSON {
		lim.Off = true // JSON may be minified onto one line; its size is capped instead
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
