package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// TestModuleFiles finds a requirement of go.mod and a module at a version in
// the module cache, or skips when the cache does not have them.
func TestModuleFiles(t *testing.T) {
	for _, tt := range []struct{ module, sub, file string }{
		{"github.com/muktihari/fit", "testdata", "big_activity.fit"},
		{"github.com/tormoder/fit@v0.15.0", "testdata", "me/activity-small-fenix2-run.fit"},
	} {
		t.Run(tt.module, func(t *testing.T) {
			dir := ModuleFiles(t, tt.module, tt.sub)
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(tt.file))); err != nil {
				t.Error(err)
			}
			again, err := ModuleDir(tt.module)
			if err != nil || filepath.Join(again, tt.sub) != dir {
				t.Errorf("ModuleDir again = %q, %v; want the cached %q", again, err, filepath.Dir(dir))
			}
		})
	}
}

func TestModuleDirMissing(t *testing.T) {
	if _, err := ModuleDir("example.com/no/such/module@v0.0.1"); err == nil {
		t.Error("ModuleDir of a module that is not in the cache: no error")
	}
}
