// Command minhashlsh finds near-duplicate documents with
// github.com/ekzhu/minhash-lsh, doing the work the dedupe command does in
// -near-only mode, the way the library's own all-pairs command
// (cmd/minhash-lsh-all-pair) does it: read the corpus, shingle each
// document (dedupe's 5-word shingles), sign it with the library's
// Minhash, add all signatures to a MinhashLSH (the library picks its bands
// and rows for the threshold), Index, then Query each signature and report
// the pairs after checking them.
//
// Usage:
//
//	minhashlsh [-threshold 0.8] [-perms 128] [-verify exact|estimate|none] PATH...
package main

import (
	"fmt"
	"os"

	minhashlsh "github.com/ekzhu/minhash-lsh"
	"github.com/newsreuse/dedupe/bench/internal/peer"
	"github.com/newsreuse/dedupe/bench/internal/sets"
)

// seed is the Minhash seed; 42 is the all-pairs command's default.
const seed = 42

func main() {
	f := peer.ParseFlags("minhashlsh")
	out := peer.NewWriter(os.Stdout)
	docs, nbytes := find(f, peer.Docs("minhashlsh", f.Paths), out)
	if err := out.Close(docs, nbytes); err != nil {
		fmt.Fprintf(os.Stderr, "minhashlsh: %v\n", err)
		os.Exit(2)
	}
}

// find reports the near-duplicate pairs among docs to out, after indexing
// all of them, and returns the number of documents and their text bytes.
func find(f peer.Flags, in <-chan sets.Doc, out *peer.Writer) (docs int, nbytes int64) {
	lsh := minhashlsh.NewMinhashLSH(f.Perms, f.Threshold)
	k, l := lsh.Params()
	fmt.Fprintf(os.Stderr, "minhashlsh: %d bands × %d rows, verify %s\n", l, k, f.Verify)

	var (
		ids    []string
		setsOf [][]uint64
		sigs   [][]uint64
		elem   [8]byte
	)
	for d := range in {
		docs++
		nbytes += int64(d.Bytes)
		if len(d.Set) == 0 {
			continue // no words: matches nothing, as in dedupe
		}
		mh := minhashlsh.NewMinhash(seed, f.Perms)
		for _, h := range d.Set {
			mh.Push(peer.Element(&elem, h))
		}
		sig := mh.Signature()
		lsh.Add(len(ids), sig)
		ids = append(ids, d.ID)
		sigs = append(sigs, sig)
		if f.Verify == peer.VerifyExact {
			setsOf = append(setsOf, d.Set)
		}
	}
	lsh.Index()
	for b, sig := range sigs {
		for _, key := range lsh.Query(sig) {
			a := key.(int)
			if a >= b {
				continue // each pair once, earlier document first
			}
			var setA, setB []uint64
			if setsOf != nil {
				setA, setB = setsOf[a], setsOf[b]
			}
			if j, ok := peer.Check(f.Verify, f.Threshold, setA, setB, sigs[a], sig); ok {
				out.Pair(ids[a], ids[b], j)
			}
		}
	}
	return docs, nbytes
}
