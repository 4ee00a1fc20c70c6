package main

import (
	"bufio"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTHPMode(t *testing.T) {
	for in, want := range map[string]string{
		"always [madvise] never\n": "madvise",
		"[always] madvise never\n": "always",
		"always madvise [never]":   "never",
		"always madvise never":     "",
		"[]":                       "",
		"":                         "",
	} {
		assert.Equal(t, want, thpMode([]byte(in)), "%q", in)
	}
}

func TestMemAvailable(t *testing.T) {
	for in, want := range map[string]int64{
		"MemTotal:       24683716 kB\nMemFree:        23116148 kB\nMemAvailable:   24227216 kB\nBuffers: 1 kB\n": 24227216 << 10,
		"MemTotal:       24683716 kB\n":             0,
		"MemAvailable:   12 MB\n":                   0,
		"MemAvailable:   -5 kB\n":                   0,
		"MemAvailable:   99999999999999999999 kB\n": 0,
		"": 0,
	} {
		assert.Equal(t, want, memAvailable([]byte(in)), "%q", in)
	}
}

// TestReserveHugePages checks what adviseHugePages rests on: that the
// advice outlives the block it was given on, and that the heap's next
// objects are placed in the freed range. It needs a fresh heap, as the
// command has when it advises, so it runs in a process of its own.
func TestReserveHugePages(t *testing.T) {
	if os.Getenv("DEDUPE_TEST_HUGE_PAGES") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestReserveHugePages$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "DEDUPE_TEST_HUGE_PAGES=1")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		if s := string(out); strings.Contains(s, "--- SKIP") {
			t.Skip(s)
		}
		return
	}
	const size = 64 << 20
	start, err := reserveHugePages(size)
	if err != nil {
		t.Skipf("madvise(MADV_HUGEPAGE): %v (a kernel without transparent huge pages)", err)
	}
	require.NotZero(t, start, "a fresh heap has no 64 MiB free")
	runtime.GC() // waits for the collection reserveHugePages started
	assert.Contains(t, vmFlags(t, start), "hg", "the freed range is still advised")

	// The first blocks may fill holes lower in the heap, left by the
	// garbage of packages' initialization (the Prometheus client's, under
	// -race); once one lands in the range, the rest follow it there.
	// No collection in the loop: one would free pages below the range,
	// holes that later blocks would fill.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var in, holes int
	keep := make([][]byte, 64)
	for i := range keep {
		keep[i] = make([]byte, 256<<10)
		if p := uintptr(unsafe.Pointer(unsafe.SliceData(keep[i]))); start <= p && p < start+size {
			in++
		} else if in == 0 {
			holes++
		}
	}
	assert.Equal(t, len(keep)-holes, in, "blocks allocated next in the advised range, after %d in holes", holes)
	assert.Less(t, holes, len(keep)/4, "blocks allocated in holes before the advised range")

	// Now 48 MiB of the range are free: a region that size would take
	// them, clearing them first, so none is made.
	again, err := reserveHugePages(size / 2)
	assert.NoError(t, err)
	assert.Zero(t, again, "no region made in a heap with that much free")
}

// vmFlags returns the VmFlags of the mapping holding addr, from
// /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) []string {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no mapping flags to read: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		if r, _, ok := strings.Cut(line, " "); ok && strings.Contains(r, "-") && !strings.HasSuffix(line, ":") {
			lo, hi, _ := strings.Cut(r, "-")
			l, err1 := strconv.ParseUint(lo, 16, 64)
			h, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				inside = uint64(l) <= uint64(addr) && uint64(addr) < h
				continue
			}
		}
		if rest, ok := strings.CutPrefix(line, "VmFlags:"); ok && inside {
			return strings.Fields(rest)
		}
	}
	require.NoError(t, sc.Err())
	t.Fatalf("no mapping holds %#x", addr)
	return nil
}
