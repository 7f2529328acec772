package painlog

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/backtrack/backtrack/internal/csvrows"
	"github.com/backtrack/backtrack/model"
)

// CSVHeader is the header row WriteCSV writes. ReadCSV needs the
// first five columns, in any order and any case; tz is optional.
var CSVHeader = []string{"date", "time", "severity", "location", "note", "tz"}

// requiredColumns are the columns a pain CSV must have.
var requiredColumns = CSVHeader[:5]

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
// and a [*BadLinesError] listing every bad line; a line over 1 MiB or more
// than a million rows gives an error wrapping [ErrNotPainLog], and an I/O
// error is returned wrapped. The events keep the file's order.
func ReadCSV(r io.Reader, defaultTZ string, now time.Time) ([]model.PainEvent, error) {
	rows, err := readCSV(bufio.NewReaderSize(&csvrows.LineLimit{R: r, Max: maxLineBytes, Err: errLineTooLong}, 64<<10), defaultTZ, now)
	if err != nil {
		return nil, err
	}
	return eventsOf(rows), nil
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
	err = csvrows.Each(cr, func(line int, rec []string) error {
		if len(rows)+len(bad.lines)+bad.more >= maxRows {
			return fmt.Errorf("line %d: more than %d rows: %w", line, maxRows, ErrNotPainLog)
		}
		if len(rec) != len(header) {
			bad.add(line, fmt.Sprintf("%d fields, want %d (one per header column)", len(rec), len(header)))
			return nil
		}
		f := fields{date: rec[cols.date], time: rec[cols.time], severity: rec[cols.severity],
			location: unneutralise(rec[cols.location]), note: unneutralise(rec[cols.note])}
		if cols.tz >= 0 {
			f.tz = rec[cols.tz]
		}
		ev, why := f.event(defaultTZ, now)
		if len(why) > 0 {
			bad.add(line, why...)
			return nil
		}
		rows = append(rows, Row{Line: line, Event: ev})
		return nil
	}, func(line int, pe *csv.ParseError) { bad.add(line, "unreadable CSV: "+pe.Err.Error()) })
	if err != nil {
		return nil, fmt.Errorf("read pain csv: %w", err)
	}
	if err := bad.err(); err != nil {
		return nil, err
	}
	return rows, nil
}

// CSVOption changes how WriteCSV writes.
type CSVOption func(*csvOptions)

type csvOptions struct {
	plain bool // do not neutralise formula cells
}

// SpreadsheetSafe says whether WriteCSV neutralises text cells that a
// spreadsheet would run as a formula (on by default): a location or note
// that starts with =, +, -, @ or a tab is written with a ' in front (as
// one that already starts with ' and then one of those), which
// spreadsheets show as text, and which ReadCSV removes again, so that the
// export still reads back byte for byte. Off, cells are written as they
// are; a location or note that starts with ' and one of those characters
// then loses its ' on import.
func SpreadsheetSafe(on bool) CSVOption {
	return func(o *csvOptions) { o.plain = !on }
}

// WriteCSV writes events as a pain CSV that ReadCSV reads back
// exactly: the [CSVHeader] row, then one row per event (date, time or
// empty, severity, location, note, tz), quoting fields as needed, with
// formula cells neutralised (see [SpreadsheetSafe]).
func WriteCSV(w io.Writer, events []model.PainEvent, opts ...CSVOption) error {
	var o csvOptions
	for _, opt := range opts {
		opt(&o)
	}
	text := neutralise
	if o.plain {
		text = func(s string) string { return s }
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("write pain csv: %w", err)
	}
	for _, e := range events {
		if err := cw.Write([]string{e.LocalDate, e.LocalTime, strconv.Itoa(e.Severity), text(e.Location), text(e.Note), e.TZ}); err != nil {
			return fmt.Errorf("write pain csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write pain csv: %w", err)
	}
	return nil
}

// formulaStart reports whether a spreadsheet would take a cell starting
// with c for a formula (OWASP's list: =, +, -, @, tab and carriage
// return).
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// neutralised reports whether s is ' characters (at least quotes of them)
// followed by a formula character: the cells neutralise marks and
// unneutralise reads back.
func neutralised(s string, quotes int) bool {
	i := 0
	for i < len(s) && s[i] == '\'' {
		i++
	}
	return i >= quotes && i < len(s) && formulaStart(s[i])
}

// neutralise puts a ' in front of a cell a spreadsheet would run as a
// formula, and in front of one that already looks neutralised, so that
// unneutralise gives back every cell exactly.
func neutralise(s string) string {
	if neutralised(s, 0) {
		return "'" + s
	}
	return s
}

// unneutralise removes the ' that neutralise put in front of a cell.
func unneutralise(s string) string {
	if neutralised(s, 1) {
		return s[1:]
	}
	return s
}

// maxLineBytes is the longest physical line a pain CSV may have, in bytes:
// enough for the longest line WriteCSV writes, an event whose location and
// note are MaxTextBytes of quotes each (CSV doubles them), neutralised, with
// its date, time, severity and zone.
const maxLineBytes = 4*(MaxTextBytes+1) + 1024

// errLineTooLong says a pain CSV line exceeded maxLineBytes.
var errLineTooLong = fmt.Errorf("a line longer than %d KiB: %w", maxLineBytes>>10, ErrNotPainLog)
