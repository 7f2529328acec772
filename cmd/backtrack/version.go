package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// addVersion gives root a --version flag and a version command, both
// printing versionLine().
func addVersion(root *cobra.Command, g *globalOptions) {
	root.Version = versionLine()
	root.SetVersionTemplate("{{.Version}}\n")
	root.AddCommand(&cobra.Command{
		Use:   "version",
		Short: "Print backtrack's version, the Go that built it and its source commit",
		Long: `version prints one line: backtrack's module version ("(devel)" for a build from
a checkout), the Go version that built it and, when it was built from a git
checkout, the commit, marked "(modified)" when the checkout had uncommitted
changes. backtrack --version prints the same line.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(g.Out, versionLine())
			return err
		},
	})
}

// versionLine describes this binary from its build information, as
// "backtrack v0.0.0-20261206154929-134c0e259ab2+dirty go1.26.8" (a build
// from a git checkout) or "backtrack (devel) go1.26.8 commit 134c0e259ab2
// (modified)" (a version stamp without the commit in it).
func versionLine() string {
	info, _ := debug.ReadBuildInfo()
	return formatVersion(info)
}

// formatVersion is versionLine for the given build information (nil when
// the binary carries none).
func formatVersion(info *debug.BuildInfo) string {
	if info == nil {
		return "backtrack (unknown version)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	parts := []string{"backtrack", v, info.GoVersion}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	// Go 1.24 and later stamp a build from a git checkout with a
	// pseudo-version that already names the commit (and "+dirty").
	if rev := rev[:min(len(rev), 12)]; rev != "" && !strings.Contains(v, rev) {
		parts = append(parts, "commit", rev)
		if modified == "true" {
			parts = append(parts, "(modified)")
		}
	}
	return strings.Join(parts, " ")
}
