// Command synthpairs prints the ground truth of a generated corpus: every
// pair of documents that share wire text (synth's Corpus.Reuses, pairs of
// copies included), as JSON lines in the schema of dedupe -format json,
// with "near_duplicate" false, then a summary. The corpus is the one
// synth.Write writes for the same -seed and -bytes; it is built in memory
// (about 3 times its size).
//
// Usage:
//
//	synthpairs -seed 1 -bytes 100000000
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/newsreuse/dedupe/bench/internal/peer"
	"github.com/newsreuse/dedupe/synth"
)

func main() {
	seed := flag.Uint64("seed", 1, "corpus seed")
	size := flag.Int64("bytes", 0, "corpus size in bytes of JSON lines (synth.Options.TargetBytes)")
	flag.Parse()
	if *size <= 0 {
		fmt.Fprintln(os.Stderr, "usage: synthpairs -seed N -bytes N")
		os.Exit(2)
	}
	c := synth.Generate(synth.Options{Seed: *seed, TargetBytes: *size})
	out := peer.NewWriter(os.Stdout)
	var nbytes int64
	for _, d := range c.Docs {
		nbytes += int64(len(d.Text))
	}
	for _, r := range c.Reuses {
		out.Reuse(r.A, r.B, r.Kind)
	}
	if err := out.Close(len(c.Docs), nbytes); err != nil {
		fmt.Fprintf(os.Stderr, "synthpairs: %v\n", err)
		os.Exit(2)
	}
}
