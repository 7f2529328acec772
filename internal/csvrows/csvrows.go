package csvrows

import (
	"encoding/csv"
	"errors"
	"io"
)

// Each reads the records of cr to the end of its input and calls row with
// each and the line it starts on (rec may be reused by cr: row copies what
// it keeps). A record that is not valid CSV (a *csv.ParseError) goes to
// bad, with the line it starts on, and the reading goes on. Each returns
// the first other error, unwrapped: one of reading, or one that row
// returned, which ends the reading.
func Each(cr *csv.Reader, row func(line int, rec []string) error, bad func(line int, pe *csv.ParseError)) error {
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			bad(pe.StartLine, pe)
			continue
		}
		line, _ := cr.FieldPos(0)
		if err := row(line, rec); err != nil {
			return err
		}
	}
}
