package app_test

import (
	"os"
	"testing"
)

// tempDirs are the folders the tests' shared fixtures made, removed after
// the tests.
var tempDirs []string

func osMkdirTemp() (string, error) {
	d, err := os.MkdirTemp("", "backtrack-app-test-")
	if err == nil {
		tempDirs = append(tempDirs, d)
	}
	return d, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
