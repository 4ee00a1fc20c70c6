package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIndexRuns: a researcher's daily batches into one -index. The
// second day's story is found to share the AP passage with the first
// day's; a document the index holds is skipped and counted; the index
// alone reports everything; -format html is refused with -index.
func TestIndexRuns(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	line := func(id, path string) string {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		j, err := json.Marshal(map[string]string{"id": id, "text": string(b)})
		require.NoError(t, err)
		return string(j) + "\n"
	}
	ap := line("ap", "../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	iran := line("iran", "../../testdata/seeds/002_9b9c189b77a28c48.txt")
	day1, day2 := filepath.Join(dir, "day1.jsonl"), filepath.Join(dir, "day2.jsonl")
	require.NoError(t, os.WriteFile(day1, []byte(ap), 0o644))
	require.NoError(t, os.WriteFile(day2, []byte(iran+ap), 0o644))

	code, out, errs := runCLI(t, "-progress=never", "-index", idx, day1)
	assert.Equal(t, 1, code, errs)
	assert.Contains(t, out, "0 pairs among 1 document")

	code, out, errs = runCLI(t, "-progress=never", "-format=json", "-index", idx, day2)
	assert.Equal(t, 0, code, errs)
	assert.Contains(t, out, `"a":"ap","b":"iran"`)
	assert.Contains(t, out, `"documents":1,`)
	assert.Contains(t, out, `"skipped":1`)

	code, out, errs = runCLI(t, "-progress=never", "-index", idx, day2)
	assert.Equal(t, 1, code, "nothing new: %s", errs)
	assert.Contains(t, out, "2 documents already in the index, skipped")

	code, out, errs = runCLI(t, "-progress=never", "-format=json", "-index", idx)
	assert.Equal(t, 0, code, errs)
	assert.Equal(t, 1, strings.Count(out, `"type":"pair"`))
	assert.Contains(t, out, `"members":["ap","iran"]`)
	assert.Contains(t, out, `"documents":2,`)

	code, _, errs = runCLI(t, "-progress=never", "-format=html", "-index", idx)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "-format html")

	code, _, errs = runCLI(t, "-progress=never", "-shingle=7", "-index", idx)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "Options.Shingle 5, not 7")
}

// TestIndexWindow: an index made with -window forgets a story older than
// the window before the next day's copy arrives, and keeps its window
// when reopened without the flag.
func TestIndexWindow(t *testing.T) {
	dir := t.TempDir()
	idx := filepath.Join(dir, "index")
	line := func(id, path, time string) string {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		j, err := json.Marshal(map[string]string{"id": id, "text": string(b), "time": time})
		require.NoError(t, err)
		return string(j) + "\n"
	}
	ap := "../../testdata/seeds/000_0f95fddf84ee6d2d.txt"
	iran := "../../testdata/seeds/002_9b9c189b77a28c48.txt"
	day1, day5 := filepath.Join(dir, "day1.jsonl"), filepath.Join(dir, "day5.jsonl")
	require.NoError(t, os.WriteFile(day1, []byte(line("ap", ap, "2024-01-01T10:00:00Z")), 0o644))
	require.NoError(t, os.WriteFile(day5, []byte(line("iran", iran, "2024-01-05T10:00:00Z")+line("ap-again", ap, "2024-01-05T11:00:00Z")), 0o644))

	code, _, errs := runCLI(t, "-progress=never", "-window=48h", "-index", idx, day1)
	require.Equal(t, 1, code, errs)
	code, out, errs := runCLI(t, "-progress=never", "-format=json", "-index", idx, day5)
	require.Equal(t, 0, code, errs)
	assert.NotContains(t, out, `"a":"ap",`, "ap was forgotten before day 5's stories came")
	assert.Contains(t, out, `"a":"iran","b":"ap-again"`)

	code, _, errs = runCLI(t, "-progress=never", "-window=24h", "-index", idx)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "Options.Retention")
	code, _, errs = runCLI(t, "-progress=never", "-window=24h", day1)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "-window needs -index")
}
