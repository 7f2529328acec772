package main

import (
	"os"
	"path/filepath"
	"strings"
)

// invocation returns how the user ran this program, for the commands it
// suggests: "go run ./cmd/backtrack" when the executable is one that go run
// built, the name as typed when it has a folder in it (./bt,
// /usr/local/bin/backtrack), else "backtrack".
func invocation(arg0 string) string {
	if exe, err := os.Executable(); err == nil && builtByGoRun(exe, os.Getenv) {
		return "go run ./cmd/backtrack"
	}
	if strings.ContainsRune(arg0, filepath.Separator) {
		return arg0
	}
	return "backtrack"
}

// builtByGoRun reports whether exe is an executable go run built: in Go's
// build cache ($GOCACHE, by default the user's cache folder's go-build),
// where Go 1.24 and later keep them, or in an exe folder of a go-build
// work folder, where earlier versions did (a test binary is in neither).
func builtByGoRun(exe string, getenv func(string) string) bool {
	exe = filepath.Clean(exe)
	cache := getenv("GOCACHE")
	if cache == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(dir, "go-build")
		}
	}
	if cache != "" && cache != "off" && strings.HasPrefix(exe, filepath.Clean(cache)+string(filepath.Separator)) {
		return true
	}
	return strings.Contains(filepath.ToSlash(exe), "/go-build") && filepath.Base(filepath.Dir(exe)) == "exe"
}

// stdoutIsTerminal reports whether Out is a terminal.
func (o *globalOptions) stdoutIsTerminal() bool {
	return o.StdoutIsTerminal != nil && o.StdoutIsTerminal()
}

// command returns a command line the user can paste to run backtrack with
// args, in the form they ran it (see Invocation); arguments that the shell
// would split or expand are quoted.
func (o *globalOptions) command(args ...string) string {
	inv := o.Invocation
	if inv == "" {
		inv = "backtrack"
	}
	parts := []string{inv}
	for _, a := range args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// shellQuote returns s as one shell word: as it is when it holds only
// characters no shell treats specially, else in single quotes.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./+:,@%=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
