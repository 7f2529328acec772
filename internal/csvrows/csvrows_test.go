package csvrows_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/backtrack/backtrack/internal/csvrows"
)

var errStop = errors.New("stop")

func TestEach(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      io.Reader
		stopAt  int // row returns errStop at this line (0: never)
		want    []string
		wantErr error
	}{
		{name: "rows", in: strings.NewReader("a,b\n1,2\n\n3,\"4\n5\"\n6,7\n"),
			want: []string{"row 2: 1|2", "row 4: 3|4\n5", "row 6: 6|7"}},
		{name: "a bad record goes on", in: strings.NewReader("a,b\n1,2\n3,\"x\"y\n4,5\n"),
			want: []string{"row 2: 1|2", "bad 3", "row 4: 4|5"}},
		{name: "row stops it", in: strings.NewReader("a,b\n1,2\n3,4\n5,6\n"), stopAt: 3,
			want: []string{"row 2: 1|2", "row 3: 3|4"}, wantErr: errStop},
		{name: "a read error stops it", in: io.MultiReader(strings.NewReader("a,b\n1,2\n"), iotest.ErrReader(errStop)),
			want: []string{"row 2: 1|2"}, wantErr: errStop},
		{name: "header only", in: strings.NewReader("a,b\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := csv.NewReader(tc.in)
			cr.FieldsPerRecord = -1
			cr.ReuseRecord = true
			if _, err := cr.Read(); err != nil {
				t.Fatal(err)
			}
			var got []string
			err := csvrows.Each(cr, func(line int, rec []string) error {
				got = append(got, fmt.Sprintf("row %d: %s", line, strings.Join(rec, "|")))
				if line == tc.stopAt {
					return errStop
				}
				return nil
			}, func(line int, _ *csv.ParseError) {
				got = append(got, fmt.Sprintf("bad %d", line))
			})
			if !errors.Is(err, tc.wantErr) || (err == nil) != (tc.wantErr == nil) {
				t.Errorf("error %v, want %v", err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
		})
	}
}
