package cluster

import (
	"cmp"
	"math/bits"
	"slices"
)

// An Aligner aligns one token sequence with many others: it indexes the
// k-grams of its sequence once, so that each Align call costs time linear
// in the other sequence plus the seeds found, with no sorting of either
// text. A Detector verifying a new document against its candidates builds
// one Aligner for the new document.
//
// The zero Aligner aligns nothing until Reset. An Aligner is not safe for
// concurrent use; it keeps its scratch buffers between calls, so reusing
// one (Reset) costs no allocation once it has grown to the largest input.
type Aligner struct {
	opts  AlignOptions
	a     []uint16
	table []int32 // open addressing, power-of-two length: index in grams + 1, 0 for an empty slot
	shift uint8   // 64 - log2(len(table)), for home
	grams []kgram // the distinct k-grams of a
	next  []int32 // next (lower) position of a with the same k-gram
	gen   uint32  // stamps per-call state in grams

	diag   []int32 // by diagonal j-i+len(a)-1: the run last seen on it (see Align)
	bslot  []int32 // by position of b: its k-gram's index in grams, -1 if absent from a
	runs   []run
	chains []chain

	chainsOnly bool   // no groups of fragments (AlignMaskedChains)
	bmask      []bool // b's tokens that match nothing (AlignMasked), for one Align
}

// A kgram is one distinct k-gram of a. The table holds only indexes of
// kgrams, 4 bytes a slot, and the kgrams are dense: an Aligner for n
// tokens, d distinct k-grams, takes 8n to 16n bytes of table, 24d of
// kgrams and 4n of next, at most 44n, and Align 4 bytes a diagonal and 4 a token of
// b, besides 12 a run; 32-byte slots of key, head and counts in a
// power-of-two table at most half full would take 64n to 128n (4.3 GB for
// a 250 MB document).
type kgram struct {
	h    uint64
	head int32  // highest position of the k-gram in a
	n    int32  // occurrences in a
	bn   int32  // occurrences in b, valid when bgen is the call's gen
	bgen uint32 //
}

// MaxPooled is the most tokens, on either side, for which an Aligner's
// buffers are worth keeping in a pool (see Large).
const MaxPooled = 1 << 20

// Large reports whether w has grown its buffers for texts of more than
// MaxPooled tokens: a pool of Aligners should drop such a one rather than
// keep its memory (some 60 bytes a token) for the rest of a run.
func (w *Aligner) Large() bool {
	return cap(w.next) > MaxPooled || cap(w.diag) > 2*MaxPooled || cap(w.bslot) > MaxPooled
}

// NewAligner returns an Aligner for the token hashes a (see Align).
// a must not be modified while the Aligner is in use.
func NewAligner(a []uint16, opts AlignOptions) *Aligner {
	w := new(Aligner)
	w.Reset(a, opts)
	return w
}

// Reset makes w align a with opts, reusing its memory.
func (w *Aligner) Reset(a []uint16, opts AlignOptions) { w.reset(a, nil, opts) }

// reset is Reset with the tokens of a where mask is true (if mask is not
// nil) left out of every seed, so that they match nothing.
func (w *Aligner) reset(a []uint16, mask []bool, opts AlignOptions) {
	w.opts = opts.withDefaults()
	w.a = a
	w.chainsOnly = false
	k := w.opts.SeedK
	n := len(a) - k + 1
	if n <= 0 {
		w.table, w.grams = w.table[:0], w.grams[:0]
		return
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	w.table = grow(w.table, size)
	clear(w.table)
	w.grams = w.grams[:0]
	if n <= MaxPooled { // no growing as k-grams are added; a huge text's are fewer than n
		w.grams = slices.Grow(w.grams, n)
	}
	w.next = grow(w.next, n)
	slotMask := uint64(size - 1)
	w.shift = uint8(64 - bits.Len64(slotMask))
	clean := 0 // unmasked tokens ending at i+k-1
	for i := range k - 1 {
		clean = cleanRun(clean, mask, i)
	}
	for i := range n {
		if clean = cleanRun(clean, mask, i+k-1); clean < k {
			w.next[i] = -1
			continue
		}
		h := gramKey(a[i : i+k])
		s := w.home(h)
		for w.table[s] != 0 && w.grams[w.table[s]-1].h != h {
			s = (s + 1) & slotMask
		}
		if w.table[s] == 0 {
			w.grams = append(w.grams, kgram{h: h, head: -1})
			w.table[s] = int32(len(w.grams))
		}
		g := &w.grams[w.table[s]-1]
		w.next[i] = g.head
		g.head = int32(i)
		g.n++
	}
}

// cleanRun returns the number of consecutive unmasked tokens ending at
// position i, given the number ending at i-1.
func cleanRun(clean int, mask []bool, i int) int {
	if mask != nil && mask[i] {
		return 0
	}
	return clean + 1
}

// grow returns s resliced to length n, reallocated if its capacity is
// smaller.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// gramKey returns the key of a k-gram of token hashes: the tokens
// themselves, packed, when they fit in 64 bits (k <= 4), so that equal
// keys are equal k-grams; a hash of them for longer k-grams.
func gramKey(toks []uint16) uint64 {
	var h uint64
	if len(toks) <= 4 {
		for _, t := range toks {
			h = h<<16 | uint64(t)
		}
		return h
	}
	for _, t := range toks {
		h = (h ^ uint64(t)) * 0x9E3779B97F4A7C15
		h ^= h >> 29
	}
	return h
}

// home returns the slot where the search for key h starts: Fibonacci
// hashing, the top bits of h times 2⁶⁴/φ.
func (w *Aligner) home(h uint64) uint64 { return (h * 0x9E3779B97F4A7C15) >> w.shift }

// lookup returns the index in grams of k-gram key h, or -1.
func (w *Aligner) lookup(h uint64) int32 {
	mask := uint64(len(w.table) - 1)
	for s := w.home(h); w.table[s] != 0; s = (s + 1) & mask {
		if g := w.table[s] - 1; w.grams[g].h == h {
			return g
		}
	}
	return -1
}

// Align returns the passages the Aligner's sequence (a) shares with b,
// exactly as the function Align(a, b, opts) would. The result is newly
// allocated and owned by the caller.
func (w *Aligner) Align(b []uint16) []Match {
	o := w.opts
	k := o.SeedK
	a := w.a
	if len(a) < k || len(b) < k || len(w.grams) == 0 {
		return nil
	}
	w.gen++
	if w.gen == 0 { // wrapped: old stamps could look current
		for i := range w.grams {
			w.grams[i].bgen = 0
		}
		w.gen = 1
	}
	gen := w.gen
	m := len(b) - k + 1
	w.bslot = grow(w.bslot, m)
	hit := false
	clean := 0 // unmasked tokens of b ending at j+k-1
	for j := range k - 1 {
		clean = cleanRun(clean, w.bmask, j)
	}
	for j := range m {
		if clean = cleanRun(clean, w.bmask, j+k-1); clean < k {
			w.bslot[j] = -1
			continue
		}
		s := w.lookup(gramKey(b[j : j+k]))
		w.bslot[j] = s
		if s < 0 {
			continue
		}
		hit = true
		g := &w.grams[s]
		if g.bgen != gen {
			g.bgen, g.bn = gen, 0
		}
		g.bn++
	}
	if !hit {
		return nil
	}
	w.diag = grow(w.diag, len(a)+len(b))
	off := int32(len(a) - 1)
	kk := int32(k)
	maxRepeat := int32(o.MaxRepeat)
	w.runs = w.runs[:0]
	// A diagonal's entry is current when it names a run of this call on
	// that diagonal: such a run, when made, set it. The last seed on it is
	// then at the run's end less k. 4 bytes a diagonal, where the seed's
	// position and a stamp would take 12.
	for j, s := range w.bslot {
		if s < 0 {
			continue
		}
		g := &w.grams[s]
		if g.n > maxRepeat || g.bn > maxRepeat {
			continue
		}
		j := int32(j)
		for i := g.head; i >= 0; i = w.next[i] {
			d := &w.diag[j-i+off]
			if r := *d; r < int32(len(w.runs)) && w.runs[r].j0-w.runs[r].i0 == j-i && i-w.runs[r].i1() <= 0 {
				// i-(i1-k) <= k: the seed overlaps or adjoins the run.
				w.runs[r].n = i + kk - w.runs[r].i0 // on r's diagonal: j+kk-j0 is the same
			} else {
				*d = int32(len(w.runs))
				w.runs = append(w.runs, run{i, j, kk})
			}
		}
	}
	slices.SortFunc(w.runs, func(x, y run) int {
		if c := cmp.Compare(x.i0, y.i0); c != 0 {
			return c
		}
		return cmp.Compare(x.j0, y.j0)
	})
	w.chains = chainRuns(w.chains[:0], w.runs, int32(o.MaxGap), o)
	return passages(w.chains, o, !w.chainsOnly)
}

// passages returns the chains long and dense enough to be passages, and,
// if groups is set, the groups of fragments that make passages together
// (groupFragments), with overlaps resolved: a group only where no passage
// is.
func passages(chains []chain, o AlignOptions, groups bool) []Match {
	var out []Match
	for i := range chains {
		if c := &chains[i]; c.passage(o) {
			out = append(out, Match{AStart: int(c.i0), AEnd: int(c.i1), BStart: int(c.j0), BEnd: int(c.j1), Words: int(c.words)})
		}
	}
	if !groups {
		return resolveOverlaps(out)
	}
	gs := groupFragments(chains, o)
	if len(gs) == 0 {
		return resolveOverlaps(out)
	}
	return resolveRanked(out, gs)
}

// A fragGroup is a run of fragments in order on both sides.
type fragGroup struct {
	i0, i1, j0, j1 int32
	words, n       int32 // matched words, fragments
	longest        int32 // longest run
}

// The rules of a group of fragments (groupFragments), at the default
// AlignOptions. A group is weaker evidence than a passage of as many
// matched words, its own words in between, and the stock phrases of news
// ("Anyone with information is asked to call the", "is expected to begin
// in May and wrap up by", 8 to 11 words) come two to a few sentences
// apart in stories that share nothing else; so a group needs a run of
// 12 words, the run the Detector's passage index is sure to see (Window +
// Shingle - 1) and what a paper keeps of a sentence it rewrites, and a
// quarter more matched words than a passage. Measured with the Detector
// at default settings (false pairs in TestNewsBoilerplateLinksNothing's
// unrelated and mixed corpora, 6 and 5 with no groups; rewritten copies
// linked in TestNewsRewritten, 26 of 126 with none; TestNewsMessy's
// pairs found, 1082 of 1089 true with none): groups of two fragments
// with any run and 20 words gave 15 and 15 false pairs, 115 linked, 1083
// of 1096; a run of 12, 8 and 6, 113, 1083 of 1090; a run of 12 and 25
// words, 6 and 5, 110, 1082 of 1089; 30 words, 6 and 5, 106; three
// fragments with any run and 20 words, 6 and 11, 103; a run of 10 and 25
// words, 7 and 6, 112.
const (
	// fragmentGap is the most tokens, on either side, between two
	// fragments of one group: about two sentences of news (wire
	// sentences have 20 to 25 words), so that a paper that keeps a
	// clause of each of a few sentences of a story, rephrasing the rest
	// and weaving in quotes of its own, shares a passage with it. (With a
	// run of 12 and 25 words: 32 tokens linked 107 rewritten copies, 48
	// 110, 64 and 80 111, with one false pair more.)
	fragmentGap = 48
	// minFragments is how many fragments a group needs: one shared
	// run, such as a quotation two reports of one event both carry, is
	// no passage however long, unless it is one by itself (MinWords).
	minFragments = 2
)

// groupRun and groupWords return the longest run and the matched words
// a group of fragments needs under o: 12 and 25 at the defaults (see
// fragmentGap), in proportion to MinRun and MinWords otherwise.
func groupRun(o AlignOptions) int32   { return int32(o.MinRun + o.MinRun/2) }
func groupWords(o AlignOptions) int32 { return int32(o.MinWords + o.MinWords/4) }

// groupFragments returns the groups of fragments of chains (in order of
// i0) that make a passage: at least minFragments fragments, in order on
// both sides, at most fragmentGap tokens apart on each, with a run of
// groupRun and groupWords matched words together. A fragment joins the
// open group it continues most closely, as a run joins a chain
// (chainRuns). Cost: O(f·g) for f fragments and g groups open at once,
// those that end within fragmentGap tokens of a fragment's start.
func groupFragments(chains []chain, o AlignOptions) []Match {
	var out []Match
	var open []fragGroup
	run, words := groupRun(o), groupWords(o)
	emit := func(g fragGroup) {
		if g.n >= minFragments && g.longest >= run && g.words >= words {
			out = append(out, Match{AStart: int(g.i0), AEnd: int(g.i1), BStart: int(g.j0), BEnd: int(g.j1), Words: int(g.words), Fragments: int(g.n)})
		}
	}
	for i := range chains {
		c := &chains[i]
		if !c.fragment(o) || c.passage(o) {
			continue
		}
		kept := open[:0]
		for _, g := range open {
			if g.i1+fragmentGap < c.i0 {
				emit(g)
				continue
			}
			kept = append(kept, g)
		}
		open = kept
		best, bestCost := -1, int32(1<<30)
		for k := range open {
			g := &open[k]
			ga, gb := c.i0-g.i1, c.j0-g.j1
			if ga < 0 || gb < 0 || ga > fragmentGap || gb > fragmentGap {
				continue
			}
			if cost := ga + gb + abs32(ga-gb); cost < bestCost {
				best, bestCost = k, cost
			}
		}
		if best < 0 {
			open = append(open, fragGroup{c.i0, c.i1, c.j0, c.j1, c.words, 1, c.longest})
			continue
		}
		g := &open[best]
		g.i1, g.j1 = c.i1, c.j1
		g.words += c.words
		g.n++
		g.longest = max(g.longest, c.longest)
	}
	for _, g := range open {
		emit(g)
	}
	return out
}
