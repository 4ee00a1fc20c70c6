package dedupe

import (
	"sync"
	"testing"

	"github.com/newsreuse/dedupe/synth"
)

// rewrittenCorpora are the corpora of TestNewsRewritten: the news test mix
// with a fifth of the outlet copies rewritten from the wire story
// (synth.KindRewritten) and as many own reports sharing one wire
// quotation (synth.KindQuoted).
func rewrittenCorpora() []synth.Options {
	var out []synth.Options
	for s := uint64(21); s <= 24; s++ {
		out = append(out, synth.Options{Seed: s, Stories: 40, Rewritten: 0.2})
	}
	return out
}

// TestNewsRewritten: at default settings, a newspaper story that keeps a
// run of 8 to 19 words of each of a few paragraphs of a wire story, cut
// and rephrased around them with quotes of its own, is linked to it, in
// the stream (Add, Settle) and by Compare; an own report of the event
// that shares one quotation of 12 to 19 words with the wire story is not.
// The stream runs at each of newsSeeds, its figures pooled.
func TestNewsRewritten(t *testing.T) {
	type score struct{ rewritten, linked, quoted, quotedLinked, cmpLinked, cmpQuoted int }
	opts := rewrittenCorpora()
	scores := make([]score, len(opts))
	errs := make([]error, len(opts))
	var wg sync.WaitGroup
	for i, o := range opts {
		wg.Go(func() {
			c := synth.Generate(o)
			s := &scores[i]
			byID := map[string]*synth.Doc{}
			for j := range c.Docs {
				byID[c.Docs[j].ID] = &c.Docs[j]
			}
			// The stream at each of newsSeeds, pooled; Compare reads no
			// fingerprints, and runs once.
			for _, seed := range newsSeeds {
				pairs, _, err := runNews(c, seed)
				if err != nil {
					errs[i] = err
					return
				}
				found := map[[2]string]bool{}
				for _, p := range pairs {
					if p.found {
						found[[2]string{p.a.ID, p.b.ID}] = true
					}
				}
				for _, r := range c.Reuses {
					if r.Kind == synth.KindRewritten && byID[r.A].Kind == synth.KindWire {
						s.rewritten++
						if found[[2]string{r.A, r.B}] {
							s.linked++
						}
					}
				}
				for q, w := range c.Quoted {
					if w != "" {
						s.quoted++
						if found[[2]string{w, q}] || found[[2]string{q, w}] {
							s.quotedLinked++
						}
					}
				}
			}
			d := New(Options{})
			compare := func(a, b string) bool {
				m := d.Compare(Document{ID: a, Text: []byte(byID[a].Text)}, Document{ID: b, Text: []byte(byID[b].Text)})
				return len(m.Passages) > 0
			}
			for _, r := range c.Reuses {
				if r.Kind == synth.KindRewritten && byID[r.A].Kind == synth.KindWire && compare(r.A, r.B) {
					s.cmpLinked++
				}
			}
			for q, w := range c.Quoted {
				if w != "" && compare(w, q) {
					s.cmpQuoted++
				}
			}
		})
	}
	wg.Wait()
	var sum score
	for i, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
		s := scores[i]
		sum.rewritten += s.rewritten
		sum.linked += s.linked
		sum.quoted += s.quoted
		sum.quotedLinked += s.quotedLinked
		sum.cmpLinked += s.cmpLinked
		sum.cmpQuoted += s.cmpQuoted
	}
	perSeed := sum.rewritten / len(newsSeeds) // Compare's copies, once each
	t.Logf("rewritten copies: %d, linked %d (%.3f) over %d seeds, by Compare %d; quoted reports: %d, linked %d, by Compare %d",
		perSeed, sum.linked, float64(sum.linked)/float64(sum.rewritten), len(newsSeeds), sum.cmpLinked, sum.quoted/len(newsSeeds), sum.quotedLinked, sum.cmpQuoted)
	// A little under what was measured: 0.852 of them in the stream, over
	// the seeds, and 125 of 126 by Compare. The stream misses most of the rest because other reports
	// carry the runs too, and the corpus rules mask them (keepRare): the
	// quoted reports quote the same quotations, and other rewritten
	// copies keep the same runs.
	if float64(sum.linked) < 0.84*float64(sum.rewritten) || float64(sum.cmpLinked) < 0.95*float64(perSeed) {
		t.Errorf("rewritten copies linked %d of %d over the seeds, by Compare %d of %d: want 0.84 and 0.95 of them", sum.linked, sum.rewritten, sum.cmpLinked, perSeed)
	}
	if sum.quotedLinked > 0 || sum.cmpQuoted > 0 {
		t.Errorf("quoted reports linked %d, by Compare %d, of %d: want none", sum.quotedLinked, sum.cmpQuoted, sum.quoted)
	}
}
