// Package testcorpus makes small corpora with near-duplicates at known
// places, for the kit's tests.
package testcorpus

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/newsreuse/dedupe/bench/internal/sets"
	"github.com/newsreuse/dedupe/synth"
)

// Docs returns generated news documents (package synth) followed by copies
// of some of them: exact copies, and copies with a share of their words
// replaced, from 0.5 % to 15 %, so that their Jaccard similarity with the
// original falls on both sides of 0.8. It is deterministic for a seed.
func Docs(seed uint64, stories int) []sets.Doc {
	c := synth.Generate(synth.Options{Seed: seed, Stories: stories})
	r := rand.New(rand.NewPCG(seed, 7))
	var texts, ids []string
	for _, d := range c.Docs {
		texts = append(texts, d.Text)
		ids = append(ids, d.ID)
	}
	n := len(texts)
	for i := 0; i < n; i += 3 {
		words := strings.Fields(texts[i])
		rate := []float64{0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.15}[r.IntN(8)]
		for k := range words {
			if r.Float64() < rate {
				words[k] = fmt.Sprintf("w%d", r.IntN(1e6))
			}
		}
		texts = append(texts, strings.Join(words, " "))
		ids = append(ids, fmt.Sprintf("%s-copy%.3f", ids[i], rate))
	}
	texts = append(texts, "", "Too short.", "too   SHORT") // no words; one shingle of fewer than 5 words, twice
	ids = append(ids, "empty", "short-1", "short-2")
	var b sets.Builder
	docs := make([]sets.Doc, len(texts))
	for i, t := range texts {
		docs[i] = sets.Doc{ID: ids[i], Bytes: len(t), Set: b.Set([]byte(t))}
	}
	return docs
}

// Chan sends docs on a closed channel, as the peer runners receive them.
func Chan(docs []sets.Doc) <-chan sets.Doc {
	ch := make(chan sets.Doc, len(docs))
	for _, d := range docs {
		ch <- d
	}
	close(ch)
	return ch
}
