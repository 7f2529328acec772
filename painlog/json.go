package painlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/backtrack/backtrack/model"
)

// maxJSONBytes is the largest pain JSON file read, in bytes (JSON is read
// whole to report line numbers).
const maxJSONBytes = 256 << 20

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
		return nil, fmt.Errorf("read pain json: larger than %d MiB: %w", maxJSONBytes>>20, ErrNotPainLog)
	}
	// lineAt returns the line of byte offset off. Offsets mostly grow, so
	// it counts on from the last one asked for rather than from the start
	// (which made a file of a million tiny elements take half a minute).
	var lastOff int64
	lastLine := 1
	lineAt := func(off int64) int {
		off = min(off, int64(len(data)))
		if off < lastOff {
			lastOff, lastLine = 0, 1
		}
		lastLine += bytes.Count(data[lastOff:off], []byte("\n"))
		lastOff = off
		return lastLine
	}
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
			return nil, fmt.Errorf("read pain json: line %d: more than %d events: %w", line, maxRows, ErrNotPainLog)
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
