package main

import (
	"flag"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and testscript expectations")

func TestParseBytes(t *testing.T) {
	for in, want := range map[string]int64{"512MiB": 512 << 20, "512MB": 512e6, "2GB": 2e9, "300M": 300e6, "1gib": 1 << 30,
		"1048576": 1 << 20, " 1.5 GB ": 1.5e9, "64kb": 64e3} {
		if got, err := parseBytes(in); err != nil || got != want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "lots", "12XB", "-5MB", "MB"} {
		if got, err := parseBytes(in); err == nil {
			t.Errorf("parseBytes(%q) = %d, want an error", in, got)
		}
	}
}
