package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTwoFolders: a story.txt in each of two folders is two documents,
// named by their folders, and the syndicated pair is found.
func TestTwoFolders(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	dir := t.TempDir()
	for _, outlet := range []string{"outletA", "outletB"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, outlet), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, outlet, "story.txt"), seed, 0o644))
	}
	t.Chdir(dir)
	code, out, errs := runCLI(t, "-progress=never", "-format=json", "outletA", "outletB")
	assert.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	assert.Contains(t, out, `"a":"outletA/story.txt","b":"outletB/story.txt","jaccard":1,"near_duplicate":true`)
}

// TestStdin: "-" reads standard input, as one text document or as JSON
// lines.
func TestStdin(t *testing.T) {
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	a := "../../testdata/seeds/000_0f95fddf84ee6d2d.txt"

	code, out, errs := runCLIInput(t, string(seed), "-progress=never", "-format=json", a, "-")
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, `"a":"`+a+`","b":"-","jaccard":1`)

	line, err := json.Marshal(map[string]string{"id": "wire-1", "text": string(seed)})
	require.NoError(t, err)
	code, out, errs = runCLIInput(t, "\n  "+string(line)+"\n", "-progress=never", "-format=json", a, "-")
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, `"a":"`+a+`","b":"wire-1","jaccard":1`)

	code, _, errs = runCLIInput(t, "", "-progress=never", "-")
	assert.Equal(t, 1, code, errs)
	assert.Empty(t, errs, "empty input is an empty document, as an empty file is")
}
