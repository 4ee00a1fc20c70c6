// Package peer is what the two peer runners (cmd/gominhash and
// cmd/minhashlsh) share, so that they differ only in the library that
// signs and indexes: reading the corpus, the shingle sets, checking
// candidates, and writing pairs as JSON lines in dedupe's -format json
// schema.
package peer

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/newsreuse/dedupe/bench/internal/exact"
	"github.com/newsreuse/dedupe/bench/internal/sets"
)

// Verify modes: how candidate pairs from the LSH index are checked before
// they are reported.
const (
	// VerifyExact keeps each document's shingle set and reports a candidate
	// pair when the exact Jaccard similarity reaches the threshold: the
	// same check dedupe makes.
	VerifyExact = "exact"
	// VerifyEstimate reports a candidate pair when the MinHash estimate of
	// the similarity (the share of equal signature values) reaches the
	// threshold: what the libraries themselves offer.
	VerifyEstimate = "estimate"
	// VerifyNone reports every candidate pair, as the minhash-lsh all-pairs
	// command does.
	VerifyNone = "none"
)

// Flags are the command-line flags common to the peer runners.
type Flags struct {
	Threshold float64
	Perms     int
	Verify    string
	Paths     []string
}

// ParseFlags parses the common flags from os.Args; usage names the command.
func ParseFlags(name string) Flags {
	var f Flags
	fs := flag.NewFlagSet(name, flag.ExitOnError)
	fs.Float64Var(&f.Threshold, "threshold", 0.8, "Jaccard similarity of near-duplicates")
	fs.IntVar(&f.Perms, "perms", 128, "MinHash signature size")
	fs.StringVar(&f.Verify, "verify", VerifyExact, "check candidates by: exact (Jaccard of the shingle sets), estimate (MinHash estimate) or none")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: %s [flags] PATH...\n\nPrints the near-duplicate pairs of the documents under PATH as JSON lines.\n\n", name)
		fs.PrintDefaults()
	}
	fs.Parse(os.Args[1:])
	switch f.Verify {
	case VerifyExact, VerifyEstimate, VerifyNone:
	default:
		fmt.Fprintf(os.Stderr, "%s: unknown -verify %q\n", name, f.Verify)
		os.Exit(2)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		os.Exit(2)
	}
	f.Paths = fs.Args()
	return f
}

// Docs reads the documents under paths on a goroutine of its own, shingling
// each, and sends them on the returned channel, which is closed after the
// last one. A reading error ends the process.
func Docs(name string, paths []string) <-chan sets.Doc {
	ch := make(chan sets.Doc, 256)
	go func() {
		defer close(ch)
		// JSON lines decoded on one goroutine per core, as in dedupe.
		if err := sets.Read(paths, runtime.GOMAXPROCS(0), os.Stderr, func(d sets.Doc) { ch <- d }); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(2)
		}
	}()
	return ch
}

// Element returns the bytes a library hashes for one shingle: its 64-bit
// hash, little-endian, in buf.
func Element(buf *[8]byte, h uint64) []byte {
	binary.LittleEndian.PutUint64(buf[:], h)
	return buf[:]
}

// Estimate returns the share of equal values in two signatures.
func Estimate(a, b []uint64) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

// Check reports whether a candidate pair is a near-duplicate under mode,
// and the similarity to report: exact needs the sets, estimate the
// signatures.
func Check(mode string, t float64, setA, setB, sigA, sigB []uint64) (float64, bool) {
	switch mode {
	case VerifyExact:
		j := exact.Jaccard(setA, setB)
		return j, j >= t
	case VerifyEstimate:
		j := Estimate(sigA, sigB)
		return j, j >= t
	}
	return Estimate(sigA, sigB), true
}

// A Writer writes pair and summary records as JSON lines, the subset of
// dedupe's -format json schema the kit reads.
type Writer struct {
	bw    *bufio.Writer
	enc   *json.Encoder
	pairs int
}

type pairRecord struct {
	Type          string  `json:"type"`
	A             string  `json:"a"`
	B             string  `json:"b"`
	Jaccard       float64 `json:"jaccard"`
	NearDuplicate bool    `json:"near_duplicate"`
}

type summaryRecord struct {
	Type      string `json:"type"`
	Documents int    `json:"documents"`
	Bytes     int64  `json:"bytes"`
	Pairs     int    `json:"pairs"`
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &Writer{bw: bw, enc: json.NewEncoder(bw)}
}

// Pair writes a pair of documents: a is the earlier one.
func (w *Writer) Pair(a, b string, j float64) {
	w.pairs++
	w.enc.Encode(pairRecord{Type: "pair", A: a, B: b, Jaccard: float64(int64(j*10000+0.5)) / 10000, NearDuplicate: true})
}

type reuseRecord struct {
	Type          string `json:"type"`
	A             string `json:"a"`
	B             string `json:"b"`
	NearDuplicate bool   `json:"near_duplicate"`
	Kind          string `json:"kind"`
}

// Reuse writes a pair of documents that share text, of the given kind,
// not claimed to be near-duplicates.
func (w *Writer) Reuse(a, b, kind string) {
	w.pairs++
	w.enc.Encode(reuseRecord{Type: "pair", A: a, B: b, Kind: kind})
}

// Close writes the summary record and flushes.
func (w *Writer) Close(docs int, bytes int64) error {
	w.enc.Encode(summaryRecord{Type: "summary", Documents: docs, Bytes: bytes, Pairs: w.pairs})
	return w.bw.Flush()
}
