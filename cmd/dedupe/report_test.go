package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe/report"
)

// TestBigClusterReport: a story copied 300 times, and quoted by one local
// story, is one entry of the text report: its size, source, how many
// members are near-duplicates and how many share passages, a few pairs
// (the quoting one first); the JSON lines keep every member and every
// verified pair, and the summary counts the pairs left unverified.
func TestBigClusterReport(t *testing.T) {
	dir := t.TempDir()
	ap, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	iran, err := os.ReadFile("../../testdata/seeds/002_9b9c189b77a28c48.txt")
	require.NoError(t, err)
	const copies = 300
	for i := range copies {
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("copy%03d.txt", i)), ap, 0o644))
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "zlocal.txt"), iran, 0o644))

	code, out, errs := runCLI(t, "-progress=never", dir)
	require.Equal(t, 0, code, errs)
	assert.Contains(t, out, "cluster c1: 301 documents, source copy000.txt\n")
	assert.Contains(t, out, "  300 near-duplicates of another member, 1 sharing passages only;")
	assert.Contains(t, out, "zlocal.txt shares passages with")
	assert.Contains(t, out, "more pairs (-format json lists every member and pair)")
	assert.Contains(t, out, "more pairs of copies left unverified")
	assert.Less(t, strings.Count(out, "\n"), 30, "a short report:\n%s", out)

	code, out, errs = runCLI(t, "-progress=never", "-format=json", dir)
	require.Equal(t, 0, code, errs)
	pairs := 0
	var summary report.Summary
	for line := range strings.Lines(out) {
		var v struct {
			Type    string   `json:"type"`
			Members []string `json:"members"`
		}
		require.NoError(t, json.Unmarshal([]byte(line), &v))
		switch v.Type {
		case "pair":
			pairs++
		case "cluster":
			assert.Len(t, v.Members, copies+1, "every member listed")
		case "summary":
			require.NoError(t, json.Unmarshal([]byte(line), &summary))
		}
	}
	assert.Equal(t, pairs, summary.Pairs)
	assert.Positive(t, summary.Unverified)
	// Each copy is a pair with every earlier copy: verified or counted.
	nearPairs := copies * (copies - 1) / 2
	assert.GreaterOrEqual(t, summary.Pairs+summary.Unverified, nearPairs)
}
