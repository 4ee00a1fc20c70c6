package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"github.com/klauspost/compress/zstd"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden files")
	assert.Equal(t, string(want), got, "output differs from %s (go test -update rewrites it)", path)
}

func TestSeedsGolden(t *testing.T) {
	code, out, errs := runCLI(t, "-progress=never", "../../testdata/seeds")
	assert.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	golden(t, "seeds.txt", out)

	code, out, errs = runCLI(t, "-progress=never", "-format=json", "../../testdata/seeds")
	assert.Equal(t, 0, code, errs)
	golden(t, "seeds.jsonl", out)
	var types []string
	for line := range strings.Lines(out) {
		var v map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &v), line)
		types = append(types, v["type"].(string))
	}
	assert.Equal(t, []string{"pair", "cluster", "summary"}, types)
}

func TestSeedsLaterEventOnly(t *testing.T) {
	code, out, _ := runCLI(t, "-progress=never", "../../testdata/seeds/003_4382767e79e8a0e7.txt", "../../testdata/seeds/004_8ec599d80ac4eb66.txt")
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "0 clusters and 0 pairs among 2 documents")
}

// TestBadFiles: each bad file gets a warning naming it, the run goes on,
// and the good files are still compared.
func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	write := func(name string, b []byte) { require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644)) }
	write("a.txt", seed)
	write("binary.txt", []byte("PK\x03\x04\x00\x00binary"))
	write("latin1.txt", []byte("caf\xe9 au lait"))
	write("broken.txt.gz", []byte("\x1f\x8b\x08\x00garbage"))
	lines := `{"id":"j1","text":"` + strings.ReplaceAll(string(seed), "\n", `\n`) + `"}` + "\n{not json\n" + `{"text":"no id"}` + "\n"
	lines = strings.ReplaceAll(lines, `“`, `\"`)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err = zw.Write([]byte(lines))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	write("feed.jsonl.gz", gz.Bytes())
	write("broken.txt.zst", []byte("\x28\xb5\x2f\xfdgarbage"))
	enc, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	write("feed.jsonl.zst", enc.EncodeAll([]byte(strings.ReplaceAll(lines, `"j1"`, `"j2"`)), nil))
	require.NoError(t, enc.Close())

	code, out, errs := runCLI(t, "-progress=never", "-format=json", dir)
	assert.Equal(t, 0, code, errs)
	for _, name := range []string{"binary.txt", "latin1.txt", "broken.txt.gz", "broken.txt.zst", "feed.jsonl.gz:2", "feed.jsonl.gz:3", "feed.jsonl.zst:2"} {
		assert.Contains(t, errs, name, "a warning must name %s", name)
	}
	assert.Contains(t, out, `"a":"a.txt","b":"j1"`, "the good documents are still compared")
	assert.Contains(t, out, `"a":"a.txt","b":"j2"`, "and those of a zstd file")
}

func TestUsageErrors(t *testing.T) {
	code, _, errs := runCLI(t)
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "usage: dedupe")
	code, _, errs = runCLI(t, "-format=xml", ".")
	assert.Equal(t, 2, code)
	assert.Contains(t, errs, "xml")
	code, _, _ = runCLI(t, "-h")
	assert.Equal(t, 0, code)
}

func TestMissingPath(t *testing.T) {
	code, _, errs := runCLI(t, "-progress=never", "does-not-exist")
	assert.Contains(t, errs, "does-not-exist")
	assert.NotEqual(t, 0, code)
}
