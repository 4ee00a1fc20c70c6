package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestProfileUnwritable: a profile that cannot be written is an error
// (exit 2) naming the file, whether it is opened first or written last.
func TestProfileUnwritable(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "missing", "prof")
	for _, flag := range []string{"-cpuprofile", "-memprofile"} {
		code, _, errs := runCLI(t, "-progress=never", flag, bad, "../../testdata/seeds")
		assert.Equal(t, 2, code, flag)
		assert.Contains(t, errs, bad, flag)
	}
	good := filepath.Join(t.TempDir(), "prof")
	code, _, errs := runCLI(t, "-progress=never", "-memprofile", good, "../../testdata/seeds")
	assert.Equal(t, 0, code, errs)
}
