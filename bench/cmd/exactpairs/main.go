// Command exactpairs prints every pair of documents whose sets of 5-word
// shingles (dedupe's shingle package) have Jaccard similarity at or above
// the threshold: the exact truth the kit scores the tools against. It
// writes JSON lines in the schema of dedupe -format json (pair records,
// then a summary).
//
// It is a separate process so that the kit itself stays small: a child
// process started by a large parent can inherit the parent's peak RSS in
// its own rusage on Linux, which would spoil the tools' figures.
//
// Usage:
//
//	exactpairs [-threshold 0.8] [-load-only] PATH...
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/newsreuse/dedupe/bench/internal/exact"
	"github.com/newsreuse/dedupe/bench/internal/peer"
	"github.com/newsreuse/dedupe/bench/internal/sets"
)

func main() {
	t := flag.Float64("threshold", 0.8, "Jaccard similarity of near-duplicates")
	loadOnly := flag.Bool("load-only", false, "only read and shingle the documents, on one goroutine (the floor every tool here pays), and print the summary")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: exactpairs [-threshold 0.8] PATH...")
		os.Exit(2)
	}
	c, err := sets.Load(flag.Args(), os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "exactpairs: %v\n", err)
		os.Exit(2)
	}
	out := peer.NewWriter(os.Stdout)
	if !*loadOnly {
		for _, p := range exact.Pairs(c.Sets, *t) {
			out.Pair(c.IDs[p.A], c.IDs[p.B], p.Jaccard)
		}
	}
	if err := out.Close(len(c.IDs), c.Bytes); err != nil {
		fmt.Fprintf(os.Stderr, "exactpairs: %v\n", err)
		os.Exit(2)
	}
}
