package main

import (
	"bytes"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

// adviseHugePages advises transparent huge pages for the heap a run over
// paths will fill (see hugepages.go), when the kernel gives them only on
// advice. It does nothing when the kernel gives them anyway or never, when
// it keeps a strict account of committed memory, when the program's
// memory is limited (GOMEMLIMIT) or when GODEBUG=disablethp=1 asks for no
// huge pages. Cost: a stat of each input file, and for a large input the
// allocation of the region (0.7–1.6 ms for Reuters' 83 MiB) and one
// collection of a still tiny heap, beside the run's start.
func adviseHugePages(paths []string) {
	if math.MaxInt == math.MaxInt32 { // a region could exhaust the address space
		return
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || thpMode(mode) != "madvise" {
		return
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || string(bytes.TrimSpace(b)) == "2" {
		return
	}
	if debug.SetMemoryLimit(-1) != math.MaxInt64 || strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return
	}
	meminfo, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return
	}
	avail := memAvailable(meminfo)
	if n := hugeRegion(inputEstimate(paths, avail/2/heapPerText), avail); n > 0 {
		reserveHugePages(int(n))
	}
}

// reserveHugePages makes the next n bytes of heap the program allocates
// eligible for transparent huge pages, and returns the region's address:
// it allocates them as one block of fresh memory (mapped but untouched),
// advises MADV_HUGEPAGE on the block and starts a collection, which frees
// the range while the run starts (waiting for it took 3–5 ms, on the
// critical path of a short run; what is allocated meanwhile lands past
// the range). It does nothing and returns 0 when the heap already
// holds n bytes of free pages: the block could then take pages used
// before, which the runtime would clear first (touching them all). Early
// in a process, the heap has next to nothing free.
func reserveHugePages(n int) (uintptr, error) {
	spare := []metrics.Sample{{Name: "/memory/classes/heap/free:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(spare)
	var free uint64
	for _, s := range spare {
		if s.Value.Kind() != metrics.KindUint64 {
			return 0, nil
		}
		free += s.Value.Uint64()
	}
	if free >= uint64(n) {
		return 0, nil
	}
	b := make([]byte, n)
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	err := syscall.Madvise(b, syscall.MADV_HUGEPAGE)
	go runtime.GC() // b is dead here: this frees its range
	return addr, err
}

// thpMode returns the selected mode in the contents of
// /sys/kernel/mm/transparent_hugepage/enabled ("always [madvise] never"),
// or "" if none is marked.
func thpMode(b []byte) string {
	for _, f := range strings.Fields(string(b)) {
		if len(f) > 2 && f[0] == '[' && f[len(f)-1] == ']' {
			return f[1 : len(f)-1]
		}
	}
	return ""
}

// memAvailable returns MemAvailable from the contents of /proc/meminfo, in
// bytes, or 0 if it is not there.
func memAvailable(b []byte) int64 {
	for line := range strings.Lines(string(b)) {
		rest, ok := strings.CutPrefix(line, "MemAvailable:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || kb < 0 || kb > math.MaxInt64>>10 {
			return 0
		}
		return kb << 10
	}
	return 0
}
