package painlog

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// NamedLocation returns the user's zone loc under its IANA name, the name
// stored with each pain event (see [ZoneName] for how the name is found and
// what getenv and readlink are). It returns loc itself when loc already has
// that name. warning is "" or a sentence for the user (the zone fell back to
// UTC); it may come with an error too. The error is for a name that
// ZoneName found but that does not load.
func NamedLocation(loc *time.Location, getenv func(string) string, readlink func(string) (string, error)) (named *time.Location, warning string, err error) {
	name, warning := ZoneName(loc, getenv, readlink)
	if name == loc.String() {
		return loc, warning, nil
	}
	named, err = time.LoadLocation(name)
	if err != nil {
		return nil, warning, fmt.Errorf("time zone %s: %w", name, err)
	}
	return named, warning, nil
}

// ZoneName returns an IANA name for loc, which may be the system zone:
// time.Local, named "Local" when it came from /etc/localtime, or named after
// the file TZ points to. For those it tries TZ as a path into a zoneinfo
// folder, then the target of the symlink TZ (or, without TZ,
// /etc/localtime) points to. When none names a zone, or TZ holds a name
// that is no zone (so the system zone fell back to UTC), it returns "UTC"
// with a warning for the user.
//
// getenv reads the environment (os.Getenv, or a map in tests); readlink
// reads a symbolic link, and nil means os.Readlink.
func ZoneName(loc *time.Location, getenv func(string) string, readlink func(string) (string, error)) (name, warning string) {
	if readlink == nil {
		readlink = os.Readlink
	}
	const advice = "give your zone with --tz NAME or TZ=NAME, e.g. Europe/London"
	tz := strings.TrimPrefix(getenv("TZ"), ":")
	if loc == time.Local && tz != "" && !strings.HasPrefix(tz, "/") && !loadableZone(tz) {
		return "UTC", fmt.Sprintf("TZ=%q is not a time zone name; using UTC: %s", tz, advice)
	}
	if n := loc.String(); loadableZone(n) {
		return n, ""
	}
	link := "/etc/localtime"
	if strings.HasPrefix(tz, "/") {
		if n := zoneFromPath(tz); loadableZone(n) {
			return n, ""
		}
		link = tz
	}
	target, err := readlink(link)
	if err == nil {
		if n := zoneFromPath(target); loadableZone(n) {
			return n, ""
		}
	}
	return "UTC", fmt.Sprintf("cannot tell the name of your time zone (%s is not a link into a zoneinfo folder); using UTC: %s", link, advice)
}

// loadableZone reports whether name is an IANA zone name that loads.
func loadableZone(name string) bool {
	if name == "" || name == "Local" || strings.HasPrefix(name, "/") || strings.HasPrefix(name, ".") {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// zoneFromPath turns a path into a zoneinfo folder
// (/usr/share/zoneinfo/Europe/London, ../usr/share/zoneinfo/Europe/London,
// /var/db/timezone/zoneinfo/posix/Europe/London) into the zone name; other
// strings are returned as they are.
func zoneFromPath(p string) string {
	const dir = "zoneinfo/"
	if i := strings.LastIndex(p, dir); i >= 0 {
		p = p[i+len(dir):]
		for _, sub := range []string{"posix/", "right/"} {
			p = strings.TrimPrefix(p, sub)
		}
	}
	return p
}
