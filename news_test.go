package dedupe

import (
	"errors"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/newsreuse/dedupe/synth"
)

// newsPair is a pair of documents of a synthetic corpus: the ground
// truth's shared byteSpan, if any, and what the Detector found.
type newsPair struct {
	a, b     *synth.Doc
	truth    *synth.Reuse
	found    bool
	passages []Passage
	// per side (a, b): share of the true span's words inside passages, and
	// how many words the passages start or end away from the true span
	cov      [2]float64
	startErr [2]int
	endErr   [2]int
}

// newsSeeds are the hash seeds (Options.Seed) at which the news tests
// run each corpus, their figures pooled. In corpora of a few hundred
// documents a handful of borderline pairs are decided by which shingles
// winnowing makes fingerprints, so that any change to word hashes moves
// one seed's figures by a pair or three: at one seed, the bounds would
// test the seed's luck as much as the Detector.
var newsSeeds = []uint32{0, 1, 2, 3, 4, 5, 6, 7}

// newsRuns runs the Detector over every corpus of the news tests at each
// of newsSeeds, concurrently, for the tests to share: mixed corpora first
// (newsCorpora), then unrelatedCorpora; each run's pairs are those of
// every seed.
var newsRuns = sync.OnceValues(func() ([][]newsPair, error) {
	opts := append(newsCorpora(), unrelatedCorpora()...)
	runs := make([][]newsPair, len(opts))
	errs := make([]error, len(opts))
	var wg sync.WaitGroup
	for i, o := range opts {
		wg.Go(func() {
			c := synth.Generate(o)
			for _, seed := range newsSeeds {
				pairs, _, err := runNews(c, seed)
				runs[i], errs[i] = append(runs[i], pairs...), errors.Join(errs[i], err)
			}
		})
	}
	wg.Wait()
	return runs, errors.Join(errs...)
})

// runNews adds a corpus to a new Detector of hash seed seed in order,
// settles it (Detector.Settle) and pairs its findings with the ground
// truth; it returns the clusters too.
func runNews(c *synth.Corpus, seed uint32) ([]newsPair, []Cluster, error) {
	d := New(Options{Seed: seed})
	byID := map[string]*synth.Doc{}
	for i := range c.Docs {
		doc := &c.Docs[i]
		byID[doc.ID] = doc
		if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}); err != nil {
			return nil, nil, err
		}
	}
	// The corpus is complete: its short links are judged again by the
	// whole corpus, as the command dedupe does.
	if _, err := d.Settle(); err != nil {
		return nil, nil, err
	}
	type key struct{ a, b string }
	pairs := map[key]*newsPair{}
	for i := range c.Reuses {
		r := &c.Reuses[i]
		pairs[key{r.A, r.B}] = &newsPair{a: byID[r.A], b: byID[r.B], truth: r}
	}
	for _, p := range d.Pairs() {
		k := key{p.A, p.B}
		np := pairs[k]
		if np == nil {
			np = &newsPair{a: byID[p.A], b: byID[p.B]}
			pairs[k] = np
		}
		np.found, np.passages = true, p.Match.Passages
	}
	var out []newsPair
	for _, np := range pairs {
		if np.truth != nil && np.found {
			var as, bs []byteSpan
			for _, p := range np.passages {
				as = append(as, byteSpan{p.OtherStart, p.OtherEnd})
				bs = append(bs, byteSpan{p.Start, p.End})
			}
			np.cov[0], np.startErr[0], np.endErr[0] = locate(np.a.Text, byteSpan{np.truth.AStart, np.truth.AEnd}, as)
			np.cov[1], np.startErr[1], np.endErr[1] = locate(np.b.Text, byteSpan{np.truth.BStart, np.truth.BEnd}, bs)
		}
		out = append(out, *np)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].a.ID != out[j].a.ID {
			return out[i].a.ID < out[j].a.ID
		}
		return out[i].b.ID < out[j].b.ID
	})
	return out, d.Clusters(), nil
}

type byteSpan struct{ start, end int }

// locate compares passages found in text with the true span: it returns
// the share of the span's words inside passages, and how many words the
// first passage overlapping the span starts, and the last one ends, away
// from the span's start and end.
func locate(text string, truth byteSpan, found []byteSpan) (cov float64, startErr, endErr int) {
	words := wordStarts([]byte(text))
	count := func(lo, hi int) int { // words starting in [lo, hi)
		return sort.SearchInts(words, hi) - sort.SearchInts(words, lo)
	}
	var hit []byteSpan
	for _, f := range found {
		if f.start < truth.end && truth.start < f.end {
			hit = append(hit, f)
		}
	}
	if len(hit) == 0 {
		return 0, -1, -1
	}
	in := 0
	for _, f := range hit {
		in += count(max(f.start, truth.start), min(f.end, truth.end))
	}
	s, e := hit[0].start, hit[len(hit)-1].end
	return float64(in) / float64(max(1, count(truth.start, truth.end))),
		count(min(s, truth.start), max(s, truth.start)),
		count(min(e, truth.end), max(e, truth.end))
}

// wordsIn counts the words of the true span on side b.
func (p *newsPair) wordsIn() int {
	return len(wordStarts([]byte(p.b.Text[p.truth.BStart:p.truth.BEnd])))
}

// newsCorpora are the corpora of the news tests: the default mix of
// copies, local and template stories over 24 outlets, and the same with
// only three outlets of one chain, so that chrome recurs far more.
func newsCorpora() []synth.Options {
	out := []synth.Options{{Seed: 1, Stories: 40}, {Seed: 4, Stories: 40, Outlets: 3}}
	for s := uint64(2); s <= 3; s++ {
		out = append(out, synth.Options{Seed: s, Stories: 40})
	}
	return append(out, synth.Options{Seed: 5, Stories: 40, Outlets: 3})
}

// unrelatedCorpora are corpora of unrelated documents only, from three
// outlets of one chain: every document shares chrome with all others and
// templates recur most.
func unrelatedCorpora() []synth.Options {
	var out []synth.Options
	for s := uint64(1); s <= 3; s++ {
		out = append(out, synth.Options{Seed: s, Stories: 150, Unrelated: 1, Outlets: 3})
	}
	return out
}

// TestNewsReuseFound: syndicated copies (under a new headline, byline,
// dateline and credit line, within the outlet's chrome), copies trimmed
// from the bottom, lightly edited, with OCR noise, and wire paragraphs
// embedded in a local story are found, with their passages located.
//
// A pair counts when its true shared span has at least 30 words: the
// Detector needs 20 matched words, and a one-paragraph embed shares as few
// as 13. A found pair is located when its passages cover at least 90% of
// the true span on both sides and start and end within headSlack words of
// it: the span is the wire paragraphs, while the wire's byline and
// dateline before them and the copyright line some outlets keep after
// them are shared too and may be taken along. How many are located within
// 5 words is logged.
func TestNewsReuseFound(t *testing.T) {
	const headSlack = 25
	type tally struct{ n, found, located, exact int }
	kinds := map[string]*tally{}
	runs, err := newsRuns()
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range runs[:len(newsCorpora())] {
		for _, p := range run {
			if p.truth == nil || p.wordsIn() < 30 {
				continue
			}
			k := kinds[p.truth.Kind]
			if k == nil {
				k = &tally{}
				kinds[p.truth.Kind] = k
			}
			k.n++
			if !p.found {
				continue
			}
			k.found++
			errs := max(p.startErr[0], p.startErr[1], p.endErr[0], p.endErr[1])
			if min(p.cov[0], p.cov[1]) >= 0.9 && errs >= 0 && errs <= headSlack {
				k.located++
				if errs <= 5 {
					k.exact++
				}
			}
		}
	}
	// Bounds a little under what was measured on these corpora (found,
	// located; within 5 words): reprint 1.0 .967 .595, trim .990 .972 .572,
	// edit 1.0 .937 .580, ocr .996 .939 .459, embed .993 .916 .868. Most
	// of what is not located runs on into the footer of an outlet of the
	// same chain, early in the stream, before the footer is common.
	for _, want := range []struct {
		kind           string
		found, located float64
		minCases       int // per corpus
	}{
		{synth.KindReprint, 0.98, 0.94, 30},
		{synth.KindTrim, 0.98, 0.95, 30},
		{synth.KindEdit, 0.99, 0.92, 30},
		{synth.KindOCR, 0.98, 0.92, 30},
		{synth.KindEmbed, 0.97, 0.90, 30},
	} {
		k := kinds[want.kind]
		if k == nil || k.n < want.minCases*len(newsCorpora())*len(newsSeeds) {
			t.Errorf("%s: too few cases: %+v", want.kind, k)
			continue
		}
		found, located := float64(k.found)/float64(k.n), float64(k.located)/float64(k.n)
		t.Logf("%-8s %4d pairs: found %.3f, located %.3f (within 5 words %.3f)", want.kind, k.n, found, located, float64(k.exact)/float64(k.n))
		if found < want.found || located < want.located {
			t.Errorf("%s: found %.3f (want >= %.2f), located %.3f (want >= %.2f)", want.kind, found, want.found, located, want.located)
		}
	}
}

// TestNewsBoilerplateLinksNothing: outlets' chrome (navigation headers,
// footers shared across a chain), stock phrases and formulaic stories
// from one template (earnings, sports results, forecasts) link no pair
// that shares no wire text. Corpora of unrelated documents only from three
// outlets, where every document shares chrome with a third of the others
// and templates recur most; and the mixed corpora of TestNewsReuseFound.
//
// Not zero: a stock sentence of 20 words or more is, on its first two or
// three recurrences, all the Detector has seen of it, and as good as a
// short embedded quote; once it recurs in documents outside a pair's
// cluster it is masked, and Settle drops the early links of those that
// turn out common across the corpus. What is left are template lines with
// slots (a weather page's header, a notice's dates) that recur in fewer
// documents. The bounds are a little over what was measured.
func TestNewsBoilerplateLinksNothing(t *testing.T) {
	runs, err := newsRuns()
	if err != nil {
		t.Fatal(err)
	}
	count := func(runs [][]newsPair) (false int) {
		for _, run := range runs {
			for _, p := range run {
				if p.truth == nil && p.found {
					false++
					t.Logf("%s (%s) linked to %s (%s)", p.b.ID, p.b.Kind, p.a.ID, p.a.Kind)
				}
			}
		}
		return false
	}
	// At most three false pairs per corpus of unrelated documents and seed
	// (measured 29 in 3 corpora at 8 seeds; 36 with words hashed as
	// spelled) and two and a half per mixed corpus of about 200 documents
	// (measured 80 in 5 at 8 seeds, 56 as spelled: the stock sentence of
	// anonymous officials, a court's name and the wire's copyright line
	// most of them, each linked at some seeds and not at others).
	mixed, seeds := len(newsCorpora()), len(newsSeeds)
	n := count(runs[mixed:])
	t.Logf("unrelated only: %d false pairs in %d corpora at %d seeds", n, len(runs[mixed:]), seeds)
	if n > 3*len(runs[mixed:])*seeds {
		t.Errorf("unrelated only: %d false pairs in %d corpora at %d seeds", n, len(runs[mixed:]), seeds)
	}
	n = count(runs[:mixed])
	t.Logf("mixed: %d false pairs in %d corpora at %d seeds", n, mixed, seeds)
	if 2*n > 5*mixed*seeds {
		t.Errorf("mixed: %d false pairs in %d corpora at %d seeds", n, mixed, seeds)
	}
}

// TestNewsSource: without times, and with every time equal, a cluster's
// source is a wire original whenever one is in the cluster (a stock
// phrase may join two stories' clusters early in a stream):
// the copies, trims and embedded paragraphs are parts of it (cluster.Source,
// Member.Held).
func TestNewsSource(t *testing.T) {
	for _, same := range []bool{false, true} {
		right, n := 0, 0
		for _, o := range newsCorpora() {
			c := synth.Generate(o)
			d := New(Options{})
			kind := map[string]string{}
			t0 := c.Docs[0].Time
			for _, doc := range c.Docs {
				kind[doc.ID] = doc.Kind
				var tm = doc.Time
				if tm = (time.Time{}); same {
					tm = t0
				}
				if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: tm}); err != nil {
					t.Fatal(err)
				}
			}
			for _, cl := range d.Clusters() {
				wires := 0
				for _, m := range cl.Members {
					if kind[m] == synth.KindWire {
						wires++
					}
				}
				if wires == 0 {
					continue
				}
				n++
				if kind[cl.Source] == synth.KindWire {
					right++
				} else {
					t.Logf("same times %v: %s named %s (%s)", same, cl.ID, cl.Source, kind[cl.Source])
				}
			}
		}
		share := float64(right) / float64(n)
		t.Logf("same times %v: the wire original named in %d of %d clusters (%.3f)", same, right, n, share)
		if share < 0.97 {
			t.Errorf("same times %v: the wire original named in %.3f of clusters, want >= 0.97", same, share)
		}
	}
}

// TestChromeSeeds: site chrome links no unrelated pages whatever the hash
// seed. A long footer links an outlet's first pages before it recurs
// elsewhere, and whether it does depends on which shingles winnowing
// keeps; those links must not make a cluster that hides the footer from
// the corpus rule (finish). At most three false pairs per corpus of
// unrelated documents at seeds 1 and 7, as at the default seed (measured
// 2 and 5 in three corpora; 1,888 and 3,075 when such links were strong).
func TestChromeSeeds(t *testing.T) {
	for _, seed := range []uint32{1, 7} {
		n, corpora := 0, unrelatedCorpora()
		for _, o := range corpora {
			c := synth.Generate(o)
			d := New(Options{Seed: seed})
			for _, doc := range c.Docs {
				if _, err := d.Add(Document{ID: doc.ID, Text: []byte(doc.Text), Time: doc.Time}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := d.Settle(); err != nil {
				t.Fatal(err)
			}
			n += len(d.Pairs())
		}
		if n > 3*len(corpora) {
			t.Errorf("seed %d: %d pairs among the unrelated documents of %d corpora", seed, n, len(corpora))
		}
	}
}
