// Command gominhash finds near-duplicate documents with
// github.com/dgryski/go-minhash, doing the work the dedupe command does in
// -near-only mode: read the corpus, shingle each document (dedupe's
// 5-word shingles), sign it with a 128-value MinWise signature, look it up
// in an LSH banding table, check the candidates, report the pairs, and
// add it to the table.
//
// go-minhash has no LSH index, so this command has the banding table every
// user of it writes: b bands of r rows (dedupe's minhash.Params for the
// threshold and size, 9×13 for 0.8 and 128), each band's r values hashed
// to one 64-bit key. The hash functions are those of go-minhash's own
// tests (SpookyHash and MetroHash).
//
// Usage:
//
//	gominhash [-threshold 0.8] [-perms 128] [-verify exact|estimate|none] PATH...
package main

import (
	"fmt"
	"os"

	metro "github.com/dgryski/go-metro"
	minwise "github.com/dgryski/go-minhash"
	spooky "github.com/dgryski/go-spooky"
	"github.com/newsreuse/dedupe/bench/internal/peer"
	"github.com/newsreuse/dedupe/bench/internal/sets"
	"github.com/newsreuse/dedupe/minhash"
)

func mhash(b []byte) uint64 { return metro.Hash64(b, 0) }

func main() {
	f := peer.ParseFlags("gominhash")
	out := peer.NewWriter(os.Stdout)
	docs, nbytes := find(f, peer.Docs("gominhash", f.Paths), out)
	if err := out.Close(docs, nbytes); err != nil {
		fmt.Fprintf(os.Stderr, "gominhash: %v\n", err)
		os.Exit(2)
	}
}

// find reports the near-duplicate pairs among docs to out, each document
// checked against the earlier ones as it arrives, and returns the number
// of documents and their text bytes.
func find(f peer.Flags, in <-chan sets.Doc, out *peer.Writer) (docs int, nbytes int64) {
	bands, rows := minhash.Params(f.Threshold, f.Perms)
	fmt.Fprintf(os.Stderr, "gominhash: %d bands × %d rows, verify %s\n", bands, rows, f.Verify)
	var (
		ids     []string
		setsOf  [][]uint64 // kept for -verify exact
		sigs    [][]uint64 // kept for -verify estimate and none
		tables  = make([]map[uint64][]int32, bands)
		seen    []int32 // seen[c] == doc+1: c already a candidate of doc
		cands   []int32
		keys    = make([]uint64, bands)
		elem    [8]byte
		keepSet = f.Verify == peer.VerifyExact
	)
	for i := range tables {
		tables[i] = make(map[uint64][]int32)
	}
	for d := range in {
		docs++
		nbytes += int64(d.Bytes)
		if len(d.Set) == 0 {
			continue // no words: matches nothing, as in dedupe
		}
		mw := minwise.NewMinWise(spooky.Hash64, mhash, f.Perms)
		for _, h := range d.Set {
			mw.Push(peer.Element(&elem, h))
		}
		sig := mw.Signature()

		id := int32(len(ids))
		seen = append(seen, 0)
		cands = cands[:0]
		for b := range bands {
			keys[b] = bandKey(sig[b*rows : (b+1)*rows])
			for _, c := range tables[b][keys[b]] {
				if seen[c] != id+1 {
					seen[c] = id + 1
					cands = append(cands, c)
				}
			}
		}
		ids = append(ids, d.ID)
		if keepSet {
			setsOf = append(setsOf, d.Set)
		} else {
			sigs = append(sigs, sig)
		}
		for _, c := range cands {
			var j float64
			var ok bool
			if keepSet {
				j, ok = peer.Check(f.Verify, f.Threshold, setsOf[c], d.Set, nil, nil)
			} else {
				j, ok = peer.Check(f.Verify, f.Threshold, nil, nil, sigs[c], sig)
			}
			if ok {
				out.Pair(ids[c], d.ID, j)
			}
		}
		for b := range bands {
			tables[b][keys[b]] = append(tables[b][keys[b]], id)
		}
	}
	return docs, nbytes
}

// bandKey hashes one band of a signature to a table key. Unequal bands
// that collide only add candidates, which checking removes.
func bandKey(band []uint64) uint64 {
	h := uint64(len(band))
	for _, v := range band {
		h ^= v
		h *= 0x9E3779B97F4A7C15
		h ^= h >> 29
	}
	return h
}
