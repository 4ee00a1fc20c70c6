package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	seedAP    = "../../testdata/seeds/000_0f95fddf84ee6d2d.txt"
	seedIran  = "../../testdata/seeds/002_9b9c189b77a28c48.txt"
	seedLater = "../../testdata/seeds/003_4382767e79e8a0e7.txt"
	seedTRT   = "../../testdata/seeds/004_8ec599d80ac4eb66.txt"
)

// TestDiffGolden: the AP passage is shown on both sides (exit 0); two
// seeds sharing nothing give the figures only (exit 1).
func TestDiffGolden(t *testing.T) {
	for _, tt := range []struct {
		golden string
		a, b   string
		code   int
	}{
		{"diff-shared.txt", seedAP, seedIran, 0},
		{"diff-none.txt", seedLater, seedTRT, 1},
	} {
		code, out, errs := runCLI(t, "diff", tt.a, tt.b)
		assert.Equal(t, tt.code, code, errs)
		assert.Empty(t, errs)
		assert.NotContains(t, out, "\x1b[", "no colour when stdout is not a terminal")
		golden(t, tt.golden, out)
	}
}

// TestDiffColor: -color=always colours; auto colours a terminal unless
// NO_COLOR is set; never and a pipe do not.
func TestDiffColor(t *testing.T) {
	terminal := false
	saved := isTerminal
	isTerminal = func(io.Writer) bool { return terminal }
	t.Cleanup(func() { isTerminal = saved })
	for _, tt := range []struct {
		flag     string
		terminal bool
		noColor  string
		want     bool
	}{
		{"-color=always", false, "", true},
		{"-color=always", false, "1", true},
		{"-color=auto", false, "", false},
		{"-color=auto", true, "", true},
		{"-color=auto", true, "1", false},
		{"-color=never", true, "", false},
	} {
		t.Setenv("NO_COLOR", tt.noColor)
		terminal = tt.terminal
		code, out, errs := runCLI(t, "diff", tt.flag, seedAP, seedIran)
		assert.Equal(t, 0, code, errs)
		assert.Equal(t, tt.want, strings.Contains(out, ansiMatch), "%s, terminal %v, NO_COLOR=%q", tt.flag, tt.terminal, tt.noColor)
	}
	code, _, errs := runCLI(t, "diff", "-color=sometimes", seedAP, seedIran)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "-color")
}

// TestDiffInputs: detection flags apply, HTML markup is left out of the
// text shown with offsets into the file, compressed files and standard
// input are read, and JSON lines, missing files and a wrong number of
// arguments are errors.
func TestDiffInputs(t *testing.T) {
	code, out, _ := runCLI(t, "diff", "-threshold=0.1", seedAP, seedIran)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "Jaccard 0.1223, containment of B in A 0.1791, similarity 0.1795: near-duplicates,")

	seed, err := os.ReadFile(seedAP)
	require.NoError(t, err)
	dir := t.TempDir()
	page := "<html><body><p>" + strings.ReplaceAll(string(seed), "\n\n", "</p>\n<p><!-- ad --><b>Ad</b></p><p>") + "</p></body></html>"
	require.NoError(t, os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "feed.jsonl"), []byte(`{"id":"1","text":"one"}`+"\n"), 0o644))
	var errs string

	code, out, errs = runCLIInput(t, string(seed), "diff", filepath.Join(dir, "page.html"), "-")
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, "B -\n")
	assert.NotContains(t, out, "<p>")
	assert.NotContains(t, out, "<!--")

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"diff", seedAP}, "usage: dedupe diff"},
		{[]string{"diff", seedAP, seedIran, seedTRT}, "usage: dedupe diff"},
		{[]string{"diff", seedAP, filepath.Join(dir, "missing.txt")}, "dedupe diff: corpus: " + filepath.Join(dir, "missing.txt") + ": stat: no such file or directory\n"},
		{[]string{"diff", filepath.Join(dir, "feed.jsonl"), seedAP}, "dedupe diff: " + filepath.Join(dir, "feed.jsonl") + ": JSON lines hold many documents, not one: run dedupe on them\n"},
	} {
		code, _, errs := runCLI(t, tt.args...)
		assert.Equal(t, 2, code, tt.args)
		assert.Contains(t, errs, tt.want, tt.args)
	}
	code, _, _ = runCLI(t, "diff", "-h")
	assert.Equal(t, 0, code)
}
