package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/klauspost/compress/zstd"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe/internal/optflag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runCLIInput(t, "", args...)
}

// runCLIInput runs the command with stdin as its standard input.
func runCLIInput(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errb)
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

// TestHeavyInput: a JSON lines file of 100,000 bad lines after a good one
// gives 10 warnings and a count, one of garbage is given up, and both are
// read with and without decoders alike.
func TestHeavyInput(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	var bad, garbage strings.Builder
	bad.WriteString(`{"id":"good","text":"a line"}` + "\n")
	for i := range 100000 {
		fmt.Fprintf(&bad, "{bad %d\n", i)
		fmt.Fprintf(&garbage, "garbage %d\n", i)
	}
	enc, err := zstd.NewWriter(nil)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.jsonl.zst"), enc.EncodeAll([]byte(bad.String()), nil), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "garbage.jsonl.zst"), enc.EncodeAll([]byte(garbage.String()), nil), 0o644))
	require.NoError(t, enc.Close())
	require.NoError(t, os.WriteFile(filepath.Join(dir, "seed.txt"), seed, 0o644))
	var first string
	for _, j := range []string{"-j=1", "-j=2"} {
		code, _, errs := runCLI(t, "-progress=never", j, dir)
		assert.Equal(t, 1, code, errs)
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		assert.Len(t, lines, 10+1+10+1+1, errs)
		assert.Contains(t, errs, "dedupe: warning: corpus: "+filepath.Join(dir, "bad.jsonl.zst")+": 99990 more problems not shown\n")
		assert.Contains(t, errs, "dedupe: warning: corpus: "+filepath.Join(dir, "garbage.jsonl.zst")+": file given up at line 100: no document in the first 100 non-blank lines\n")
		assert.Contains(t, errs, "dedupe: warning: corpus: "+filepath.Join(dir, "garbage.jsonl.zst")+": 90 more problems not shown\n")
		if first == "" {
			first = errs
		}
		assert.Equal(t, first, errs, "the warnings do not depend on -j")
	}
}

// TestLimitFlags: -max-file-size and -max-line-size set the limits, the
// warnings name the flags, and a bad size is a usage error naming its flag.
func TestLimitFlags(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.txt"), seed, 0o644))
	line, err := json.Marshal(map[string]string{"id": "j", "text": string(seed)})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.jsonl"), append(line, '\n'), 0o644))

	code, _, errs := runCLI(t, "-progress=never", dir)
	assert.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	code, _, errs = runCLI(t, "-progress=never", "-max-file-size=1KiB", "-max-line-size", "1kB", dir)
	assert.Equal(t, 2, code, "no document read")
	assert.Contains(t, errs, "a.txt: file too large (2428 bytes, more than 1024) (see -max-file-size)")
	assert.Contains(t, errs, "b.jsonl:1: line too long (more than 1000 bytes): bufio.Scanner: token too long (see -max-line-size)")

	for _, args := range [][]string{{"-max-file-size=lots"}, {"-max-line-size", "0"}, {"-max-file-size=64M"}, {"-max-line-size=-1"}} {
		code, _, errs := runCLI(t, append(args, dir)...)
		assert.Equal(t, 2, code, args)
		flagName, _, _ := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		assert.Contains(t, errs, "invalid value", args)
		assert.Contains(t, errs, "-"+flagName, args)
	}
	code, _, errs = runCLI(t, "-h")
	assert.Equal(t, 0, code)
	for _, s := range []string{"-max-file-size size", "(default 256MiB)", "-max-line-size size", "(default 64MiB)", "-follow-symlinks", "given up"} {
		assert.Contains(t, errs, s)
	}
}

// TestFollowSymlinks: a link to a folder is skipped with a warning naming
// -follow-symlinks, and followed with it.
func TestFollowSymlinks(t *testing.T) {
	dir := t.TempDir()
	seed, err := os.ReadFile("../../testdata/seeds/000_0f95fddf84ee6d2d.txt")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "in"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "out"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "in", "a.txt"), seed, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "out", "b.txt"), seed, 0o644))
	if err := os.Symlink(filepath.Join(dir, "out"), filepath.Join(dir, "in", "link")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	code, _, errs := runCLI(t, "-progress=never", filepath.Join(dir, "in"))
	assert.Equal(t, 1, code, errs)
	assert.Equal(t, "dedupe: warning: corpus: "+filepath.Join(dir, "in", "link")+": symbolic link to a folder not followed (see -follow-symlinks)\n", errs)
	code, out, errs := runCLI(t, "-progress=never", "-format=json", "-follow-symlinks", filepath.Join(dir, "in"))
	assert.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	assert.Contains(t, out, `"a":"a.txt","b":"link/b.txt"`)
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

// TestIntSize: -max-doc-size's value, a size held in an int.
func TestIntSize(t *testing.T) {
	var z optflag.IntSize
	require.NoError(t, z.Set("64MiB"))
	assert.Equal(t, optflag.IntSize(64<<20), z)
	assert.Equal(t, "64MiB", z.String())
	require.NoError(t, z.Set("3GB"))
	assert.Equal(t, optflag.IntSize(3e9), z)
	assert.Error(t, z.Set("-1"))
	assert.Error(t, z.Set("0"))
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
