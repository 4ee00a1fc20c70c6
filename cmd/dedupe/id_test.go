package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTextID(t *testing.T) {
	for _, tt := range []struct{ id, want string }{
		{"world/a.txt", "world/a.txt"},
		{"café \"quoted\".txt", "café \"quoted\".txt"},
		{"two\nlines.txt", `"two\nlines.txt"`},
		{"caf\xe9.txt", `"caf\xe9.txt"`},
		{"esc\x1b[31m.txt", `"esc\x1b[31m.txt"`},
	} {
		got := textID(tt.id)
		assert.Equal(t, tt.want, got)
		if got != tt.id {
			back, err := strconv.Unquote(got)
			require.NoError(t, err)
			assert.Equal(t, tt.id, back, "the quoted ID round-trips")
		}
	}
}

// TestOddFileNames: file names with a newline or bytes that are not UTF-8
// keep the text report's lines whole and round-trip through JSON lines.
func TestOddFileNames(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	dir := t.TempDir()
	names := []string{"a\nb.txt", "caf\xe9.txt"}
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), seed, 0o644); err != nil {
			t.Skip("file system refuses the name:", err)
		}
	}
	code, out, errs := runCLI(t, "-progress=never", dir)
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, "\n  \"a\\nb.txt\"  (source)\n  \"caf\\xe9.txt\"\n")
	assert.Contains(t, out, "  \"caf\\xe9.txt\" near-duplicate of \"a\\nb.txt\" (Jaccard 1.00)\n")

	code, out, errs = runCLI(t, "-progress=never", "-format=json", dir)
	assert.Equal(t, 0, code, errs)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	var raw map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &raw))
	assert.NotContains(t, raw, "a_bytes", "a valid ID has no a_bytes")
	var pair struct {
		A      string `json:"a"`
		ABytes []byte `json:"a_bytes"`
		B      string `json:"b"`
		BBytes []byte `json:"b_bytes"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &pair))
	assert.Equal(t, names[0], pair.A, "a newline is a JSON escape")
	assert.Equal(t, "caf\uFFFD.txt", pair.B)
	assert.Equal(t, names[1], string(pair.BBytes), "b_bytes recovers the file name")
	_, err = os.Stat(filepath.Join(dir, string(pair.BBytes)))
	assert.NoError(t, err)

	var cluster struct {
		Members      []string
		MembersBytes [][]byte `json:"members_bytes"`
		Source       string
		SourceBytes  []byte `json:"source_bytes"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &cluster))
	require.Len(t, cluster.MembersBytes, 2)
	for i, m := range cluster.MembersBytes {
		assert.Equal(t, names[i], string(m))
	}
	assert.Equal(t, names[0], cluster.Source)
	assert.Nil(t, cluster.SourceBytes, "the source is valid UTF-8")
}
