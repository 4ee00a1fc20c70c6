package dedupe

import (
	"cmp"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/synth"
)

// messyCorpora are the corpora of TestNewsMessy: the news test mix with
// most copies of the messy kinds (synth.MessyKinds), and a third of the
// wire originals left out, so that their copies are tied only copy to
// copy; two of them from three outlets of one chain.
func messyCorpora() []synth.Options {
	var out []synth.Options
	for s := uint64(11); s <= 15; s++ {
		o := synth.Options{Seed: s, Stories: 40, Messy: 0.7, NoOriginal: 0.3}
		if s%2 == 0 {
			o.Outlets = 3
		}
		out = append(out, o)
	}
	return out
}

type messyRun struct {
	c        *synth.Corpus
	pairs    []newsPair
	clusters []Cluster
}

var messyRuns = sync.OnceValues(func() ([]messyRun, error) {
	opts := messyCorpora()
	runs := make([]messyRun, len(opts)*len(newsSeeds))
	errs := make([]error, len(runs))
	var wg sync.WaitGroup
	for i, o := range opts {
		wg.Go(func() {
			c := synth.Generate(o)
			for j, seed := range newsSeeds {
				r := &runs[i*len(newsSeeds)+j]
				r.c = c
				r.pairs, r.clusters, errs[i*len(newsSeeds)+j] = runNews(c, seed)
			}
		})
	}
	wg.Wait()
	return runs, errors.Join(errs...)
})

// messyScore is what TestNewsMessy measures over its corpora.
type messyScore struct {
	kinds map[string]*messyTally // by kind, and "copy-to-copy"
	// pairs: true pairs of 30 words or more, those found; found pairs,
	// those true (any length)
	truePairs, foundTrue, found, foundRight int
	// reused bytes, per document: in true spans, in passages, in both
	truthBytes, foundBytes, bothBytes int
	ari                               []float64 // per corpus
}

type messyTally struct{ n, found, located int }

// copyToCopy is the messyScore.kinds key of pairs of two copies.
const copyToCopy = "copy-to-copy"

func scoreMessy(runs []messyRun) *messyScore {
	s := &messyScore{kinds: map[string]*messyTally{}}
	tally := func(k string) *messyTally {
		if s.kinds[k] == nil {
			s.kinds[k] = &messyTally{}
		}
		return s.kinds[k]
	}
	for _, run := range runs {
		truth := map[string][]byteSpan{}
		found := map[string][]byteSpan{}
		for _, p := range run.pairs {
			if p.found {
				s.found++
				if p.truth != nil {
					s.foundRight++
				}
				for _, x := range p.passages {
					found[p.a.ID] = append(found[p.a.ID], byteSpan{x.OtherStart, x.OtherEnd})
					found[p.b.ID] = append(found[p.b.ID], byteSpan{x.Start, x.End})
				}
			}
			if p.truth == nil {
				continue
			}
			truth[p.a.ID] = append(truth[p.a.ID], byteSpan{p.truth.AStart, p.truth.AEnd})
			truth[p.b.ID] = append(truth[p.b.ID], byteSpan{p.truth.BStart, p.truth.BEnd})
			if p.wordsIn() < 30 {
				continue
			}
			s.truePairs++
			ks := []string{p.truth.Kind}
			if p.a.Kind != synth.KindWire {
				ks = append(ks, copyToCopy)
			}
			located := p.found && min(p.cov[0], p.cov[1]) >= 0.9 && max(p.startErr[0], p.startErr[1], p.endErr[0], p.endErr[1]) <= 25
			for _, k := range ks {
				t := tally(k)
				t.n++
				if p.found {
					t.found++
				}
				if located {
					t.located++
				}
			}
			if p.found {
				s.foundTrue++
			}
		}
		for _, d := range run.c.Docs {
			tb, fb := union(truth[d.ID]), union(found[d.ID])
			s.truthBytes += spansLen(tb)
			s.foundBytes += spansLen(fb)
			s.bothBytes += overlapLen(tb, fb)
		}
		s.ari = append(s.ari, runARI(run))
	}
	return s
}

// union returns the spans merged, in order.
func union(spans []byteSpan) []byteSpan {
	slices.SortFunc(spans, func(x, y byteSpan) int { return cmp.Compare(x.start, y.start) })
	var out []byteSpan
	for _, x := range spans {
		if n := len(out); n > 0 && x.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, x.end)
			continue
		}
		out = append(out, x)
	}
	return out
}

func spansLen(xs []byteSpan) int {
	n := 0
	for _, x := range xs {
		n += x.end - x.start
	}
	return n
}

// overlapLen returns the bytes in both of two unions.
func overlapLen(a, b []byteSpan) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		n += max(0, min(a[i].end, b[j].end)-max(a[i].start, b[j].start))
		if a[i].end < b[j].end {
			i++
		} else {
			j++
		}
	}
	return n
}

// runARI is the adjusted Rand index of the clusters found against the
// true ones (the documents joined by shared wire text), every other
// document a cluster of its own.
func runARI(run messyRun) float64 {
	docs := run.c.Docs
	idx := map[string]int{}
	for i, d := range docs {
		idx[d.ID] = i
	}
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, r := range run.c.Reuses {
		parent[root(idx[r.A])] = root(idx[r.B])
	}
	found := make([]int, len(docs))
	for i := range found {
		found[i] = -1 - i
	}
	for ci, c := range run.clusters {
		for _, m := range c.Members {
			found[idx[m]] = ci
		}
	}
	type cell struct{ t, f int }
	cells, ts, fs := map[cell]int{}, map[int]int{}, map[int]int{}
	for i := range docs {
		t := root(i)
		cells[cell{t, found[i]}]++
		ts[t]++
		fs[found[i]]++
	}
	c2 := func(n int) float64 { return float64(n) * float64(n-1) / 2 }
	var index, a, b float64
	for _, n := range cells {
		index += c2(n)
	}
	for _, n := range ts {
		a += c2(n)
	}
	for _, n := range fs {
		b += c2(n)
	}
	expected := a * b / c2(len(docs))
	return (index - expected) / ((a+b)/2 - expected)
}

// aloneDocs counts, by kind into kinds, the documents of run that share
// wire text with another yet are in no cluster found, and returns how
// many of them share fewer words with any document than a passage needs
// at the default options (words as strings.Fields splits them).
func aloneDocs(run messyRun, kinds map[string]int) (short int) {
	in := map[string]bool{}
	for _, c := range run.clusters {
		for _, m := range c.Members {
			in[m] = true
		}
	}
	longest := map[string]int{}
	text := map[string]string{}
	for _, d := range run.c.Docs {
		text[d.ID] = d.Text
	}
	for _, r := range run.c.Reuses {
		w := len(strings.Fields(text[r.A][r.AStart:r.AEnd]))
		longest[r.A] = max(longest[r.A], w)
		longest[r.B] = max(longest[r.B], w)
	}
	for _, d := range run.c.Docs {
		if w, shares := longest[d.ID]; shares && !in[d.ID] {
			kinds[d.Kind]++
			if w < (cluster.AlignOptions{}).MinPassage() {
				short++
			}
		}
	}
	return short
}

// TestNewsMessy scores the Detector at default settings on messyCorpora:
// pair recall and precision, per kind and copy to copy, reused-byte
// precision and recall, and the adjusted Rand index of the clusters. A
// pair counts for recall when its true span has 30 words or more, as in
// TestNewsReuseFound; every pair found counts for precision.
func TestNewsMessy(t *testing.T) {
	runs, err := messyRuns()
	if err != nil {
		t.Fatal(err)
	}
	s := scoreMessy(runs)
	keys := append(slices.Clone(synth.MessyKinds), synth.KindReprint, synth.KindTrim, synth.KindEdit, synth.KindOCR, synth.KindEmbed, copyToCopy)
	for _, k := range keys {
		if tl := s.kinds[k]; tl != nil {
			t.Logf("%-12s %4d pairs: found %.3f, located %.3f", k, tl.n, float64(tl.found)/float64(tl.n), float64(tl.located)/float64(tl.n))
		}
	}
	recall := float64(s.foundTrue) / float64(s.truePairs)
	precision := float64(s.foundRight) / float64(s.found)
	bp, br := float64(s.bothBytes)/float64(s.foundBytes), float64(s.bothBytes)/float64(s.truthBytes)
	t.Logf("pairs: recall %.3f (%d of %d), precision %.4f (%d of %d)", recall, s.foundTrue, s.truePairs, precision, s.foundRight, s.found)
	t.Logf("reused bytes: precision %.3f, recall %.3f", bp, br)
	t.Logf("ARI per corpus and seed %.3f", s.ari)
	kinds, short := map[string]int{}, 0
	for _, run := range runs {
		short += aloneDocs(run, kinds)
	}
	t.Logf("documents sharing wire text in no cluster, by kind: %v; %d of them share fewer than %d words", kinds, short, (cluster.AlignOptions{}).MinPassage())
	// Bounds a little under what was measured; heavy OCR noise and heavy
	// rewording leave few runs of exact words for the fingerprints.
	for k, want := range messyBounds {
		if tl := s.kinds[k]; tl == nil || float64(tl.found) < want*float64(tl.n) {
			t.Errorf("%s: found %+v, want a share >= %.2f", k, tl, want)
		}
	}
	// Measured over the corpora at newsSeeds: recall 0.980, precision
	// 0.9972, reused bytes 0.960 and 0.971 (with words hashed as spelled:
	// 0.907, 0.9829, 0.960, 0.905). Most false pairs are two stories
	// sharing a stock line early in the stream; Settle drops the early
	// links of those that turn out common across the corpus.
	if recall < 0.96 || precision < 0.99 || bp < 0.95 || br < 0.95 {
		t.Errorf("pairs: recall %.3f, precision %.4f; bytes: precision %.3f, recall %.3f", recall, precision, bp, br)
	}
	// The clusters: ARI 0.966 on average (0.93 with words hashed as
	// spelled, and without masking common text on both sides of a pair).
	// In a run here and there a false link joins two large clusters (0.86
	// in one of the 40): the mean is bounded.
	mean := 0.0
	for _, a := range s.ari {
		mean += a / float64(len(s.ari))
	}
	t.Logf("ARI: mean %.3f, lowest %.3f", mean, slices.Min(s.ari))
	if mean < 0.94 {
		t.Errorf("ARI: mean %.3f", mean)
	}
}

// messyBounds are the shares of true pairs TestNewsMessy must find, by
// kind, over the corpora at newsSeeds: a little under what was measured.
// Reworded copies: 0.852 (0.782 when a reworded passage's moved names
// made it a template: isTemplate). Restyled copies: 0.992 (0.962 when
// a long copy's aligned figures were judged at any rate: alignedSigns). Heavy OCR: 0.983, of
// which 0.565 with words hashed as spelled, without reading OCR's
// misreadings as one letter (package shingle, ocrFold). Copy to copy:
// 0.976 (0.884 as spelled). A single embedded paragraph: 1.000 (0.952
// with each document of a story counted as a carrier of its text:
// commonOutside).
var messyBounds = map[string]float64{
	synth.KindHeavyOCR: 0.95, synth.KindReword: 0.82, synth.KindTrimEdit: 0.98,
	synth.KindNewTop: 0.95, synth.KindEmbedOne: 0.9, synth.KindRestyle: 0.98,
	synth.KindOpening: 0.98, synth.KindWrapped: 0.98, synth.KindUnwrap: 0.98,
	copyToCopy: 0.94,
}
