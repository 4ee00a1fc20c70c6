package main

import (
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestVersion: dedupe -version and dedupe version print one line naming
// the version ((devel) in a test binary) and the Go version.
func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"-version"}, {"version"}, {"-version", "ignored-path"}} {
		code, out, errs := runCLI(t, args...)
		assert.Equal(t, 0, code, args)
		assert.Empty(t, errs, args)
		assert.Regexp(t, regexp.MustCompile(`^dedupe (\(devel\)|v\S+)(, revision [0-9a-f]+( \(modified\))?)?(, committed \S+)?, go\S*\n$`), out, args)
		assert.True(t, strings.HasSuffix(out, ", "+runtime.Version()+"\n"), out)
	}
}
