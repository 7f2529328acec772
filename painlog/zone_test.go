package painlog_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/backtrack/backtrack/internal/testutil"
	"github.com/backtrack/backtrack/painlog"
)

func TestZoneName(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	local := time.FixedZone("Local", 3600) // stands for a system zone named "Local"
	link := func(target string) func(string) (string, error) {
		return func(p string) (string, error) {
			if target == "" {
				return "", &os.PathError{Op: "readlink", Path: p, Err: errors.New("invalid argument")}
			}
			return target, nil
		}
	}
	tests := []struct {
		name        string
		loc         *time.Location
		tz          string
		link        func(string) (string, error)
		want        string
		wantWarning string // a substring; "" means no warning
	}{
		{"a named zone", london, "", link(""), "Europe/London", ""},
		{"UTC", time.UTC, "", link(""), "UTC", ""},
		{"Local from the /etc/localtime symlink", local, "", link("/usr/share/zoneinfo/America/Chicago"), "America/Chicago", ""},
		{"relative symlink", local, "", link("../usr/share/zoneinfo/Asia/Tokyo"), "Asia/Tokyo", ""},
		{"macOS symlink", local, "", link("/var/db/timezone/zoneinfo/Europe/Berlin"), "Europe/Berlin", ""},
		{"posix subfolder", local, "", link("/usr/share/zoneinfo/posix/Europe/Paris"), "Europe/Paris", ""},
		{"TZ is a zoneinfo path", time.FixedZone("/usr/share/zoneinfo/Australia/Sydney", 0), "/usr/share/zoneinfo/Australia/Sydney", link(""),
			"Australia/Sydney", ""},
		{"TZ is /etc/localtime", local, "/etc/localtime", link("/usr/share/zoneinfo/Europe/Madrid"), "Europe/Madrid", ""},
		{"copied file, not a symlink", local, "", link(""), "UTC", "cannot tell the name of your time zone (/etc/localtime is not a link into a zoneinfo folder); using UTC"},
		{"symlink to no zone", local, "", link("/opt/zones/mine"), "UTC", "cannot tell the name of your time zone"},
		{"TZ names no zone", time.Local, "Bogus/Zone", link("/usr/share/zoneinfo/Europe/London"), "UTC", `TZ="Bogus/Zone" is not a time zone name; using UTC`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warning := painlog.ZoneName(tt.loc, func(k string) string {
				if k == "TZ" {
					return tt.tz
				}
				return ""
			}, tt.link)
			if got != tt.want {
				t.Errorf("name %q, want %q", got, tt.want)
			}
			if (tt.wantWarning == "") != (warning == "") || !strings.Contains(warning, tt.wantWarning) {
				t.Errorf("warning %q, want one with %q", warning, tt.wantWarning)
			}
		})
	}
}

func TestNamedLocation(t *testing.T) {
	london := testutil.Zone(t, "Europe/London")
	noEnv := func(string) string { return "" }
	noLink := func(p string) (string, error) {
		return "", &os.PathError{Op: "readlink", Path: p, Err: errors.New("invalid argument")}
	}
	tests := []struct {
		name        string
		loc         *time.Location
		readlink    func(string) (string, error)
		want        string
		wantSame    bool   // the very loc passed in
		wantWarning string // a substring; "" means no warning
	}{
		{name: "a named zone is returned as is", loc: london, readlink: noLink, want: "Europe/London", wantSame: true},
		{name: "the system zone gets its link's name", loc: time.FixedZone("Local", 3600),
			readlink: func(string) (string, error) { return "/usr/share/zoneinfo/Europe/Madrid", nil }, want: "Europe/Madrid"},
		{name: "no name falls back to UTC with a warning", loc: time.FixedZone("Local", 3600), readlink: noLink,
			want: "UTC", wantWarning: "cannot tell the name of your time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, warning, err := painlog.NamedLocation(tt.loc, noEnv, tt.readlink)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want || (got == tt.loc) != tt.wantSame {
				t.Errorf("location %q (same as given: %v), want %q (%v)", got, got == tt.loc, tt.want, tt.wantSame)
			}
			if (tt.wantWarning == "") != (warning == "") || !strings.Contains(warning, tt.wantWarning) {
				t.Errorf("warning %q, want one with %q", warning, tt.wantWarning)
			}
		})
	}
}
