package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Huge pages. A run's memory is nearly all the Detector's, touched once,
// page by page, as it grows; each first touch of a 4 KiB page is a page
// fault, which on the benchmark machine (a VM) costs about 9 µs: a tenth
// of the CPU time of a run, 410,000 faults on a 1 GB corpus. Backed by
// 2 MiB pages the same heap takes about 1/500 of the faults, and the
// indexes' random probes miss the TLB less.
//
// Linux gives anonymous memory transparent huge pages when its mode is
// "always", or, in the usual "madvise" mode, where the program asks for
// them with madvise(MADV_HUGEPAGE). The Go runtime no longer asks (since
// Go 1.21.1: in long-running servers the kernel's compaction on such
// faults stalled, golang/go#61718, #64332), and it maps heap memory as it
// needs it, so an advice given once would not cover later growth. The
// command therefore advises a region before it fills it: it allocates one
// large block, which the runtime maps fresh and leaves untouched, advises
// it, and has it collected at once; the heap's next objects are placed in
// that freed range (the runtime's page allocator takes the lowest free
// addresses first), and the advice stays on the mapping. The region is
// sized from the input (heapPerText), so that small runs, where the
// allocation and the collection that frees it would cost more than they
// save, skip it.
//
// This is the command's choice, not the library's: a program embedding a
// Detector owns its process and its memory policy.

// heapPerText is the peak heap a byte of input text comes to, rounded up
// from measurements: 1.6 (1 GB generated corpus, full analysis) to 3.6
// (Reuters-21578, full analysis; 2.2 with -near-only).
const heapPerText = 4

// compressedRatio is how many bytes of text a byte of a compressed input
// file is taken for (Reuters-21578's JSON lines: 2.9 with gzip).
const compressedRatio = 3

// minHugeRegion is the smallest region worth advising: below it the
// allocation and collection that advise it cost more (a tiny input's run
// took 6 ms longer with a 64 MiB region) than the faults they save.
const minHugeRegion = 64 << 20

// sampledFiles is how many files of the input inputEstimate reads the
// size of; beyond them, a file counts as their mean. Reading every size
// cost 4 µs a file, 0.4 s of a 3.4 s run over 100,000 small files.
const sampledFiles = 1024

// inputEstimate returns an estimate of the bytes of text under paths: the
// sizes of their regular files (a folder's, recursively), compressed ones
// (.gz, .zst, .zstd) counted compressedRatio times; past sampledFiles
// files, each further one counts as the mean of those. It stops counting
// once the estimate reaches limit. Paths that cannot be read count as
// nothing: the reader reports them.
func inputEstimate(paths []string, limit int64) int64 {
	var total, sampled int64
	files := 0
	add := func(name string, size func() (int64, bool)) bool {
		files++
		if files > sampledFiles {
			total += sampled / sampledFiles
			return total < limit
		}
		n, ok := size()
		if !ok {
			n = 0
		}
		if compressedName(name) {
			n *= compressedRatio
		}
		total += n
		sampled += n
		return total < limit
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		switch {
		case err != nil:
			continue
		case !info.IsDir():
			if !add(p, func() (int64, bool) { return info.Size(), true }) {
				return total
			}
			continue
		}
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			size := func() (int64, bool) {
				info, err := d.Info()
				if err != nil {
					return 0, false
				}
				return info.Size(), true
			}
			if !add(path, size) {
				return fs.SkipAll
			}
			return nil
		})
		if total >= limit {
			return total
		}
	}
	return total
}

// compressedName reports whether a file's name says it is compressed.
func compressedName(name string) bool {
	name = strings.ToLower(name)
	for _, ext := range []string{".gz", ".zst", ".zstd"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// hugeRegion returns the size of the region to advise for inputs of about
// text bytes, with avail bytes of memory available: heapPerText times the
// text, at most half the available memory (the region is only mapped, but
// a mapping larger than the memory could be refused, which the Go runtime
// cannot survive), or 0 when that is below minHugeRegion.
func hugeRegion(text, avail int64) int64 {
	n := min(text*heapPerText, avail/2)
	if n < minHugeRegion {
		return 0
	}
	return n
}
