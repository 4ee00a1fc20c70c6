package cluster

import (
	"cmp"
	"slices"
	"sync"
)

// A Match is a passage two token sequences share: a[AStart:AEnd] was
// aligned with b[BStart:BEnd]. Indexes are token positions; Words is how many
// tokens of a the aligned runs cover, so Words/(AEnd-AStart) is the density
// of the match (1 for a verbatim copy).
type Match struct {
	AStart, AEnd int
	BStart, BEnd int
	Words        int
	// Fragments is the number of fragments a group of fragments joins
	// (see AlignOptions.MinWords), 0 for a passage of one chain of runs.
	Fragments int
}

// Overlaps reports whether m and o share a token on either side.
func (m Match) Overlaps(o Match) bool {
	return m.AStart < o.AEnd && o.AStart < m.AEnd || m.BStart < o.BEnd && o.BStart < m.BEnd
}

// AlignOptions tunes Align. The zero AlignOptions is usable: every zero field
// takes the default given with it.
type AlignOptions struct {
	// SeedK is the length in tokens of the exact runs that seed an
	// alignment; 0 means 3.
	SeedK int
	// MaxGap is the largest number of unmatched tokens, in either text,
	// between two runs of one passage; 0 means 8.
	MaxGap int
	// MinWords is the fewest matched tokens a passage needs; 0 means 20.
	// Shorter chains of runs that would be passages but for their length,
	// fragments, make one passage together when a few of them, in order
	// on both sides and a sentence or two apart, match a quarter more
	// tokens together, one run of half as much again as MinRun among them
	// (groupFragments): a story rewritten from another, a run kept of
	// each of a few of its sentences.
	MinWords int
	// MinDensity is the smallest share of a passage's tokens, on each side,
	// that must be covered by matched runs; 0 means 0.6.
	MinDensity float64
	// MinRun is the length in tokens of the longest exact run a passage
	// must contain; 0 means 8. Two translations of one quote share many
	// short runs but rarely a long one; a copy, even an edited or scanned
	// one, keeps long runs.
	MinRun int
	// MaxRepeat drops seeds whose k-gram occurs more than this many times
	// in either text (lists, tables, repeated refrains); 0 means 16.
	MaxRepeat int
}

func (o AlignOptions) withDefaults() AlignOptions {
	if o.SeedK <= 0 {
		o.SeedK = 3
	}
	if o.MaxGap <= 0 {
		o.MaxGap = 8
	}
	if o.MinWords <= 0 {
		o.MinWords = 20
	}
	if o.MinDensity <= 0 {
		o.MinDensity = 0.6
	}
	if o.MinRun <= 0 {
		o.MinRun = 8
	}
	if o.MaxRepeat <= 0 {
		o.MaxRepeat = 16
	}
	return o
}

// MinPassage returns the fewest matched tokens a passage needs: MinWords,
// or its default.
func (o AlignOptions) MinPassage() int { return o.withDefaults().MinWords }

// Align finds the passages shared by the token sequences a and b, given as
// per-token hashes (shingle.Token.Hash). Passages are located by exact runs
// of SeedK tokens, chained across small gaps (edits, OCR errors, inserted
// or dropped words) and kept when long and dense enough. The result is
// sorted by AStart; passages do not overlap on either side. Align is safe for
// concurrent use. Cost: O(n+m) time for texts of n and m tokens, plus the
// number of seeds. To align one text with many, use an [Aligner].
func Align(a, b []uint16, opts AlignOptions) []Match {
	w := alignerPool.Get().(*Aligner)
	defer putAligner(w)
	w.Reset(a, opts)
	return w.Align(b)
}

// Fragments returns the dense passages of MinRun tokens or more that a
// and b share, each on its own: Align with MinWords lowered to MinRun, so
// that no fragment needs others to make a passage. It parts a group of
// fragments into them.
func Fragments(a, b []uint16, opts AlignOptions) []Match {
	o := opts.withDefaults()
	o.MinWords = max(o.MinRun, o.SeedK)
	return Align(a, b, o)
}

// AlignMasked is Align with the tokens of a at the positions where mask
// (of a's length) is true, and those of b where bmask (of b's length) is,
// matching nothing: they seed no run and break the runs around them. A nil
// mask masks nothing. When too few tokens are left unmasked on either side
// to make a passage (fewer than MinWords, or no unmasked stretch of
// MinRun), it returns nil at once.
func AlignMasked(a []uint16, mask []bool, b []uint16, bmask []bool, opts AlignOptions) []Match {
	return alignMasked(a, mask, b, bmask, opts, true)
}

// AlignMaskedChains is AlignMasked, or Align when both masks are nil, with no
// group of fragments among the passages (see AlignOptions.MinWords): each
// is one chain of runs. What masking leaves of a chain, the words between
// the masked ones, comes in pieces a sentence apart that are no story
// rewritten around them.
func AlignMaskedChains(a []uint16, mask []bool, b []uint16, bmask []bool, opts AlignOptions) []Match {
	return alignMasked(a, mask, b, bmask, opts, false)
}

// alignMasked is AlignMasked, with groups of fragments if groups is set.
func alignMasked(a []uint16, mask []bool, b []uint16, bmask []bool, opts AlignOptions, groups bool) []Match {
	if !LeavesPassage(mask, opts) || !LeavesPassage(bmask, opts) {
		return nil
	}
	w := alignerPool.Get().(*Aligner)
	defer putAligner(w)
	w.reset(a, mask, opts)
	w.chainsOnly = !groups
	w.bmask = bmask
	defer func() { w.bmask = nil }()
	return w.Align(b)
}

// LeavesPassage reports whether mask (nil: nothing masked) leaves what
// a passage needs unmasked: MinWords tokens and a stretch of MinRun (and
// SeedK). When it does not, AlignMasked finds nothing.
func LeavesPassage(mask []bool, opts AlignOptions) bool {
	if mask == nil {
		return true
	}
	o := opts.withDefaults()
	left, longest := Unmasked(mask)
	return left >= o.MinWords && longest >= max(o.MinRun, o.SeedK)
}

// Unmasked returns how many tokens mask leaves (false), and the longest
// stretch of them.
func Unmasked(mask []bool) (left, longest int) {
	stretch := 0
	for _, m := range mask {
		if m {
			stretch = 0
			continue
		}
		left++
		stretch++
		longest = max(longest, stretch)
	}
	return left, longest
}

var alignerPool = sync.Pool{New: func() any { return new(Aligner) }}

// putAligner returns w to alignerPool, emptied first if it grew past
// MaxPooled tokens: one huge text must not pin its buffers for the rest
// of a run.
func putAligner(w *Aligner) {
	if w.Large() {
		*w = Aligner{}
	}
	alignerPool.Put(w)
}

// A run is a maximal exact match of n tokens: a[i0:i0+n] == b[j0:j0+n].
// 12 bytes: two texts can share hundreds of millions of runs.
type run struct{ i0, j0, n int32 }

func (r run) i1() int32 { return r.i0 + r.n }
func (r run) j1() int32 { return r.j0 + r.n }

type chain struct {
	i0, i1, j0, j1 int32
	words          int32
	longest        int32 // longest run
}

// chainRuns links runs, in order of a, into chains whose consecutive runs
// are at most maxGap tokens apart in both texts. A run joins the open chain
// it continues most closely (smallest combined gap, preferring the same
// diagonal); small steps backwards in b (a moved phrase) are allowed.
// Chains that can no longer be extended are dropped as soon as they are
// found too sparse to be passages or to lack a run of MinRun (o, see
// fragment), so that dst holds the passages, the fragments and the open
// chains, not a chain for each stray run: two unrelated 60 MB texts made
// 0.6 GB of chains.
func chainRuns(dst []chain, runs []run, maxGap int32, o AlignOptions) []chain {
	kept := 0 // dst[:kept] are closed chains that are passages
	open := 0 // chains in dst[open:] may still be extended; dst[kept:open] is free
	for _, r := range runs {
		ri1, rj1 := r.i1(), r.j1()
		for open < len(dst) && dst[open].i1+maxGap < r.i0 {
			if dst[open].fragment(o) {
				dst[kept] = dst[open]
				kept++
			}
			open++
		}
		if free := open - kept; free >= 256 && free >= len(dst)-open {
			n := copy(dst[kept:], dst[open:])
			dst, open = dst[:kept+n], kept
		}
		best, bestCost := -1, int32(1<<30)
		for c := open; c < len(dst); c++ {
			ch := &dst[c]
			ga := r.i0 - ch.i1
			gb := r.j0 - ch.j1
			if ga > maxGap || gb > maxGap || gb < -maxGap || rj1 <= ch.j1 && ri1 <= ch.i1 {
				continue
			}
			if ri1 <= ch.i1 || rj1 <= ch.j0 {
				continue
			}
			cost := max(ga, 0) + max(gb, 0) + abs32(ga-gb)
			if cost < bestCost {
				best, bestCost = c, cost
			}
		}
		if best < 0 {
			dst = append(dst, chain{r.i0, ri1, r.j0, rj1, ri1 - r.i0, ri1 - r.i0})
			continue
		}
		ch := &dst[best]
		// A run's tokens count once on each side: a phrase that the
		// chain's side in b holds once, repeated in a (a court's name,
		// thrice in one paragraph), steps back in b to the same tokens,
		// which must not count again.
		covered := min(ri1-max(r.i0, ch.i1), rj1-max(r.j0, ch.j1))
		ch.words += max(covered, 0)
		ch.i1 = max(ch.i1, ri1)
		ch.j0 = min(ch.j0, r.j0)
		ch.j1 = max(ch.j1, rj1)
		ch.longest = max(ch.longest, ri1-r.i0)
	}
	for _, c := range dst[open:] {
		if c.fragment(o) {
			dst[kept] = c
			kept++
		}
	}
	return dst[:kept]
}

// passage reports whether the chain c is long and dense enough to be a
// passage.
func (c *chain) passage(o AlignOptions) bool {
	return int(c.words) >= o.MinWords && c.fragment(o)
}

// fragment reports whether the chain c would be a passage but for its
// length: dense, with a run of MinRun. Fragments close to each other make
// a passage together (groupFragments).
func (c *chain) fragment(o AlignOptions) bool {
	la, lb := int(c.i1-c.i0), int(c.j1-c.j0)
	return float64(c.words) >= o.MinDensity*float64(max(la, lb)) && int(c.longest) >= o.MinRun
}

func abs32(x int32) int32 {
	if x < 0 {
		return -x
	}
	return x
}

// resolveOverlaps keeps, of passages that overlap on either side, the one
// with more matched words, and returns the survivors sorted by AStart.
func resolveOverlaps(ms []Match) []Match {
	if len(ms) < 2 {
		return ms
	}
	byWords(ms)
	return keepSorted(ms)
}

// resolveRanked is resolveOverlaps of first and then of second: of
// passages that overlap, one of first is kept before any of second.
func resolveRanked(first, second []Match) []Match {
	byWords(first)
	byWords(second)
	return keepSorted(append(first, second...))
}

// byWords sorts ms by matched words, most first, then by AStart.
func byWords(ms []Match) {
	slices.SortStableFunc(ms, func(x, y Match) int {
		if c := cmp.Compare(y.Words, x.Words); c != 0 {
			return c
		}
		return cmp.Compare(x.AStart, y.AStart)
	})
}

// keepSorted keeps, in order, each match of ms that overlaps none kept
// before it on either side, and returns them sorted by AStart.
func keepSorted(ms []Match) []Match {
	var kept []Match
	if len(ms) <= scanOverlaps {
		kept = keepScanning(ms)
	} else {
		kept = keepIndexed(ms)
	}
	slices.SortFunc(kept, func(x, y Match) int { return cmp.Compare(x.AStart, y.AStart) })
	return kept
}

// scanOverlaps is the most passages resolveOverlaps compares with each
// other one by one; beyond, it indexes them (two identical 250 MB texts
// give 350,000 passages: 57 s of comparisons).
const scanOverlaps = 64

// keepScanning keeps, in order, each match of ms that overlaps none kept
// before it on either side, comparing it with each. Cost: O(n²).
func keepScanning(ms []Match) []Match {
	kept := ms[:0]
	for _, m := range ms {
		ok := true
		for _, k := range kept {
			if m.Overlaps(k) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, m)
		}
	}
	return kept
}

// keepIndexed is keepScanning in O(n log n): a kept match k overlaps m on
// side A when k.AStart < m.AEnd and k.AEnd > m.AStart, that is when the
// largest AEnd of the kept matches that start before m.AEnd exceeds
// m.AStart; a Fenwick tree over the ranks of the starts gives that
// prefix maximum. The same on side B.
func keepIndexed(ms []Match) []Match {
	a := newMaxTree(ms, func(m Match) (int, int) { return m.AStart, m.AEnd })
	b := newMaxTree(ms, func(m Match) (int, int) { return m.BStart, m.BEnd })
	kept := ms[:0]
	for _, m := range ms {
		if a.overlaps(m.AStart, m.AEnd) || b.overlaps(m.BStart, m.BEnd) {
			continue
		}
		a.add(m.AStart, m.AEnd)
		b.add(m.BStart, m.BEnd)
		kept = append(kept, m)
	}
	return kept
}

// A maxTree holds intervals [start, end) and tells whether one overlaps
// any of them: a Fenwick tree of the largest end by rank of start, among
// the starts it may be given.
type maxTree struct {
	starts []int // the possible starts, sorted and distinct
	max    []int // Fenwick tree: 1-based, prefix maxima of ends; -1 for none
}

func newMaxTree(ms []Match, side func(Match) (int, int)) *maxTree {
	t := &maxTree{starts: make([]int, len(ms))}
	for i, m := range ms {
		t.starts[i], _ = side(m)
	}
	slices.Sort(t.starts)
	t.starts = slices.Compact(t.starts)
	t.max = make([]int, len(t.starts)+1)
	for i := range t.max {
		t.max[i] = -1
	}
	return t
}

// add adds the interval [start, end); start must be one of t's starts.
func (t *maxTree) add(start, end int) {
	i, _ := slices.BinarySearch(t.starts, start)
	for i++; i < len(t.max); i += i & -i {
		t.max[i] = max(t.max[i], end)
	}
}

// overlaps reports whether [start, end) overlaps an interval of t.
func (t *maxTree) overlaps(start, end int) bool {
	n, _ := slices.BinarySearch(t.starts, end) // starts before end
	m := -1
	for i := n; i > 0; i -= i & -i {
		m = max(m, t.max[i])
	}
	return m > start
}
