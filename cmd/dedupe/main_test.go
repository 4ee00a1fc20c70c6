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

// TestOptionsOutOfRange: a flag out of its range is refused with its
// range on one line, exit status 2, and no panic.
func TestOptionsOutOfRange(t *testing.T) {
	for _, tc := range []struct{ flag, want string }{
		{"-threshold=2", "dedupe: -threshold 2 out of range (0, 1]\n"},
		{"-threshold=-0.5", "dedupe: -threshold -0.5 out of range (0, 1]\n"},
		{"-min-density=5", "dedupe: -min-density 5 out of range (0, 1]\n"},
		{"-shingle=1000", "dedupe: -shingle 1000 out of range [1, 32]\n"},
		{"-shingle=-1", "dedupe: -shingle -1 out of range [1, 32]\n"},
		{"-permutations=100000", "dedupe: -permutations 100000 out of range [1, 1024]\n"},
		{"-max-gap=1000", "dedupe: -max-gap 1000 out of range [1, 256]\n"},
		{"-max-df=-1", "dedupe: -max-df -1 out of range [1, 65536]\n"},
		{"-min-words=-1", "dedupe: -min-words -1 out of range [1, 2147483647]\n"},
		{"-min-run=-1", "dedupe: -min-run -1 out of range [1, 2147483647]\n"},
		{"-max-doc-size=3GiB", "dedupe: -max-doc-size 3221225472 out of range [1, 2147483647]\n"},
	} {
		code, out, errs := runCLI(t, "-progress=never", tc.flag, "testdata/seeds")
		assert.Equal(t, 2, code, tc.flag)
		assert.Empty(t, out, tc.flag)
		assert.Equal(t, tc.want, errs, tc.flag)
	}
	for _, flag := range []string{"-threshold=0", "-threshold=1", "-shingle=32", "-permutations=1024", "-max-doc-size=2047MiB"} {
		code, _, errs := runCLI(t, "-progress=never", flag, "../../testdata/seeds")
		assert.NotEqual(t, 2, code, "%s: %s", flag, errs)
	}
}

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"0", 0}, {"1048576", 1 << 20}, {"64MiB", 64 << 20}, {"64mib", 64 << 20}, {"64M", 64 << 20},
		{"1.5GiB", 3 << 29}, {"2KB", 2000}, {"3 MB", 3e6}, {"1GB", 1e9}, {"10B", 10}, {"-1", -1},
	} {
		var b byteSize
		if assert.NoError(t, b.Set(tc.in), tc.in) {
			assert.Equal(t, tc.want, int(b), tc.in)
		}
	}
	for _, in := range []string{"", "MiB", "abc", "1.5", "0.5KB1", "1e400", "NaN", "9e30GiB"} {
		var b byteSize
		assert.Error(t, b.Set(in), in)
	}
	for _, tc := range []struct {
		b    byteSize
		want string
	}{{64 << 20, "64MiB"}, {2 << 30, "2GiB"}, {1536, "1536"}, {1000, "1000"}, {0, "0"}} {
		assert.Equal(t, tc.want, tc.b.String())
	}
}

// TestMaxDocSize: a document over -max-doc-size gets a warning naming it
// and the flag; the others are still compared.
func TestMaxDocSize(t *testing.T) {
	code, out, errs := runCLI(t, "-progress=never", "-format=json", "-max-doc-size=3KiB", "../../testdata/seeds")
	for _, name := range []string{"002_9b9c189b77a28c48.txt", "003_4382767e79e8a0e7.txt", "004_8ec599d80ac4eb66.txt"} {
		assert.Contains(t, errs, name)
	}
	assert.Contains(t, errs, "-max-doc-size")
	assert.Equal(t, 3, strings.Count(errs, "\n"), errs)
	assert.Contains(t, out, `"documents":2`)
	assert.Contains(t, out, `"warnings":3`)
	assert.Equal(t, 1, code, "the two documents left share nothing")
}
