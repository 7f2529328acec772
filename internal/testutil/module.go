package testutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// moduleDirs caches ModuleDir's answers (a moduleDir) by module for the
// life of the test binary: each costs a run of the go command.
var moduleDirs sync.Map

type moduleDir struct {
	dir string
	err error
}

// ModuleDir returns the folder of a module in the module cache, such as
// "github.com/muktihari/fit" (a requirement of backtrack's go.mod, found
// with go list -m) or "github.com/tormoder/fit@v0.15.0" (any module at a
// given version, found with go mod download -json outside backtrack's
// module, so that go.mod stays untouched, with GOPROXY=off: never the
// network). It fails when the go command cannot be run or the module is
// not in the cache.
func ModuleDir(module string) (string, error) {
	if v, ok := moduleDirs.Load(module); ok {
		m := v.(moduleDir)
		return m.dir, m.err
	}
	dir, err := findModuleDir(module)
	moduleDirs.Store(module, moduleDir{dir, err})
	return dir, err
}

func findModuleDir(module string) (string, error) {
	var cmd *exec.Cmd
	if strings.Contains(module, "@") {
		tmp, err := os.MkdirTemp("", "testutil-module-")
		if err != nil {
			return "", err
		}
		defer os.RemoveAll(tmp)
		cmd = exec.Command("go", "mod", "download", "-json", module)
		cmd.Dir = tmp
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=")
	} else {
		cmd = exec.Command("go", "list", "-m", "-json", module)
	}
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go %s: %w", strings.Join(cmd.Args[1:], " "), err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil {
		return "", fmt.Errorf("go %s: %w", strings.Join(cmd.Args[1:], " "), err)
	}
	if m.Dir == "" {
		return "", errors.New("module directory unknown (not in the module cache)")
	}
	return m.Dir, nil
}

// ModuleFiles returns the folder sub (slash-separated, "" for the module's
// root) of a module in the module cache (see ModuleDir), or skips tb with
// a message saying why: tests that read other projects' real files skip
// when those cannot be had.
func ModuleFiles(tb testing.TB, module, sub string) string {
	tb.Helper()
	dir, err := ModuleDir(module)
	if err != nil {
		tb.Skipf("%s not in the module cache (%v): real-file tests skipped", module, err)
	}
	dir = filepath.Join(dir, filepath.FromSlash(sub))
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("%s files not available: %v", module, err)
	}
	return dir
}
