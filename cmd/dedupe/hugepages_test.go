package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInputEstimate(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, make([]byte, size), 0o644))
		return p
	}
	a := write("a.txt", 1000)
	write("sub/b.jsonl.gz", 200)
	write("sub/deeper/c.txt.ZST", 10)
	write("sub/d.md", 7)
	missing := filepath.Join(dir, "missing.txt")

	folder := int64(1000 + 200*compressedRatio + 10*compressedRatio + 7)
	assert.Equal(t, int64(1000), inputEstimate([]string{a}, 1<<40), "one file")
	assert.Equal(t, folder, inputEstimate([]string{dir}, 1<<40), "a folder, recursively, compressed files scaled")
	assert.Equal(t, folder+1000, inputEstimate([]string{dir, missing, a}, 1<<40), "a missing path counts as nothing")
	// Counting stops once the limit is reached, within a folder too.
	assert.Equal(t, int64(1000), inputEstimate([]string{a, dir}, 1000))
	got := inputEstimate([]string{dir}, 1001)
	assert.GreaterOrEqual(t, got, int64(1001))
	assert.Less(t, got, folder, "the walk goes on past the limit")
}

// TestInputEstimateSample: past sampledFiles files, a file counts as the
// mean of the sampled ones, whatever its size (folders are walked in
// lexical order).
func TestInputEstimateSample(t *testing.T) {
	dir := t.TempDir()
	const more = 100
	for i := range sampledFiles + more {
		size := 10
		if i >= sampledFiles {
			size = 1000 // not read
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.txt", i)), make([]byte, size), 0o644))
	}
	assert.Equal(t, int64(10*(sampledFiles+more)), inputEstimate([]string{dir}, 1<<40))
}

func TestHugeRegion(t *testing.T) {
	const gib = 1 << 30
	for _, c := range []struct{ text, avail, want int64 }{
		{100 << 20, 16 * gib, 100 << 20 * heapPerText},
		{4 * gib, 16 * gib, 8 * gib},                 // half the memory at most
		{minHugeRegion/heapPerText - 1, 16 * gib, 0}, // small input: not worth it
		{100 << 20, minHugeRegion, 0},                // little memory
		{0, 0, 0},
	} {
		assert.Equal(t, c.want, hugeRegion(c.text, c.avail), "text %d, avail %d", c.text, c.avail)
	}
}
