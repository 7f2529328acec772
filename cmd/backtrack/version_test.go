package main

import (
	"runtime/debug"
	"testing"
)

func TestFormatVersion(t *testing.T) {
	vcs := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev},
			{Key: "vcs.time", Value: "2026-12-06T15:49:29Z"}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "134c0e259ab2cc0849a1c106300c26b89ca698f0"
	tests := []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "backtrack (unknown version)"},
		{"devel without vcs", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"backtrack (devel) go1.26.8"},
		{"empty version", &debug.BuildInfo{GoVersion: "go1.26.8"}, "backtrack (devel) go1.26.8"},
		{"devel with a clean checkout", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: vcs(rev, "false")}, "backtrack (devel) go1.26.8 commit 134c0e259ab2"},
		{"devel with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: vcs(rev, "true")}, "backtrack (devel) go1.26.8 commit 134c0e259ab2 (modified)"},
		{"pseudo-version names the commit", &debug.BuildInfo{GoVersion: "go1.26.8",
			Main:     debug.Module{Version: "v0.0.0-20261206154929-134c0e259ab2+dirty"},
			Settings: vcs(rev, "true")}, "backtrack v0.0.0-20261206154929-134c0e259ab2+dirty go1.26.8"},
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.0"}},
			"backtrack v1.2.0 go1.26.8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatVersion(tt.info); got != tt.want {
				t.Errorf("formatVersion = %q, want %q", got, tt.want)
			}
		})
	}
}
