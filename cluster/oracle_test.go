package cluster

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The oracle below is the first Align: it sorts the k-grams of both texts,
// merge-joins them into seeds and sorts the seeds by diagonal. It is slow
// (two sorts a call) and obviously right; the Aligner must agree with it.

// sortMergeAlign aligns a and b the slow way.
func sortMergeAlign(a, b []uint16, o AlignOptions) []Match {
	o = o.withDefaults()
	var w oracleAligner
	return w.align(a, b, o)
}

func TestAlignerMatchesSortMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	opts := []AlignOptions{{}, {MaxRepeat: 2}, {SeedK: 2, MinWords: 5, MinRun: 3}, {MaxGap: 20, MinDensity: 0.3, MinRun: 4, MinWords: 10}}
	w := new(Aligner)
	for trial := range 3000 {
		o := opts[trial%len(opts)]
		vocab := 3 + r.IntN(40)
		a := words(r, r.IntN(300), vocab)
		// b: pieces of a (copied, edited) between random words.
		var b []uint16
		for len(b) < 300 && r.IntN(6) > 0 {
			b = append(b, words(r, r.IntN(10), vocab)...)
			if len(a) > 0 {
				s := r.IntN(len(a))
				e := min(len(a), s+r.IntN(80))
				for _, h := range a[s:e] {
					if r.IntN(20) == 0 {
						h = uint16(r.IntN(vocab))
					}
					b = append(b, h)
				}
			}
		}
		want := sortMergeAlign(a, b, o)
		w.Reset(a, o)
		got := w.Align(b)
		require.Equal(t, want, got, "trial %d (|a|=%d |b|=%d, %+v)", trial, len(a), len(b), o)
		require.Equal(t, want, Align(a, b, o), "trial %d", trial)
	}
}

type oracleAligner struct {
	ga, gb []gram
	seeds  []seed
	runs   []run
	chains []chain
}

type gram struct {
	h   uint64
	pos int32
}

type seed struct{ i, j int32 }

func (w *oracleAligner) align(a, b []uint16, o AlignOptions) []Match {
	k := o.SeedK
	if len(a) < k || len(b) < k {
		return nil
	}
	w.ga = grams(w.ga[:0], a, k)
	w.gb = grams(w.gb[:0], b, k)
	w.seeds = join(w.seeds[:0], w.ga, w.gb, o.MaxRepeat)
	if len(w.seeds) == 0 {
		return nil
	}
	w.runs = runs(w.runs[:0], w.seeds, int32(k))
	w.chains = chainAll(w.chains[:0], w.runs, int32(o.MaxGap))
	return passages(w.chains, o, true)
}

// grams appends the hash of every k-gram of toks, with its position, sorted
// by hash then position.
func grams(dst []gram, toks []uint16, k int) []gram {
	for i := 0; i+k <= len(toks); i++ {
		h := uint64(k)
		for _, t := range toks[i : i+k] {
			h = (h ^ uint64(t)) * 0x9E3779B97F4A7C15
			h ^= h >> 29
		}
		dst = append(dst, gram{h: h, pos: int32(i)})
	}
	slices.SortFunc(dst, func(x, y gram) int {
		if c := cmp.Compare(x.h, y.h); c != 0 {
			return c
		}
		return cmp.Compare(x.pos, y.pos)
	})
	return dst
}

// join appends a seed for every pair of equal k-grams of a and b, skipping
// k-grams that repeat more than maxRepeat times on either side. Seeds come
// out sorted by diagonal (j-i), then i.
func join(dst []seed, ga, gb []gram, maxRepeat int) []seed {
	x, y := 0, 0
	for x < len(ga) && y < len(gb) {
		switch {
		case ga[x].h < gb[y].h:
			x++
		case ga[x].h > gb[y].h:
			y++
		default:
			h := ga[x].h
			xe, ye := x, y
			for xe < len(ga) && ga[xe].h == h {
				xe++
			}
			for ye < len(gb) && gb[ye].h == h {
				ye++
			}
			if xe-x <= maxRepeat && ye-y <= maxRepeat {
				for _, p := range ga[x:xe] {
					for _, q := range gb[y:ye] {
						dst = append(dst, seed{p.pos, q.pos})
					}
				}
			}
			x, y = xe, ye
		}
	}
	slices.SortFunc(dst, func(s, t seed) int {
		if c := cmp.Compare(s.j-s.i, t.j-t.i); c != 0 {
			return c
		}
		return cmp.Compare(s.i, t.i)
	})
	return dst
}

// runs merges seeds on one diagonal whose k-grams touch or overlap into
// maximal exact runs, sorted by start in a.
func runs(dst []run, seeds []seed, k int32) []run {
	cur := run{seeds[0].i, seeds[0].j, k}
	for _, s := range seeds[1:] {
		if s.j-s.i == cur.j0-cur.i0 && s.i <= cur.i1() {
			cur.n = max(cur.n, s.i+k-cur.i0)
			continue
		}
		dst = append(dst, cur)
		cur = run{s.i, s.j, k}
	}
	dst = append(dst, cur)
	slices.SortFunc(dst, func(x, y run) int {
		if c := cmp.Compare(x.i0, y.i0); c != 0 {
			return c
		}
		return cmp.Compare(x.j0, y.j0)
	})
	return dst
}

// chainAll is chainRuns keeping every chain to the end, as passages then
// filters them: the oracle of chainRuns' dropping of closed chains.
func chainAll(dst []chain, runs []run, maxGap int32) []chain {
	open := 0 // chains before dst[open] can no longer be extended
	for _, r := range runs {
		for open < len(dst) && dst[open].i1+maxGap < r.i0 {
			open++
		}
		best, bestCost := -1, int32(1<<30)
		for c := open; c < len(dst); c++ {
			ch := &dst[c]
			ga := r.i0 - ch.i1
			gb := r.j0 - ch.j1
			if ga > maxGap || gb > maxGap || gb < -maxGap || r.j1() <= ch.j1 && r.i1() <= ch.i1 {
				continue
			}
			if r.i1() <= ch.i1 || r.j1() <= ch.j0 {
				continue
			}
			cost := max(ga, 0) + max(gb, 0) + abs32(ga-gb)
			if cost < bestCost {
				best, bestCost = c, cost
			}
		}
		if best < 0 {
			dst = append(dst, chain{r.i0, r.i1(), r.j0, r.j1(), r.n, r.n})
			continue
		}
		ch := &dst[best]
		ch.words += max(min(r.i1()-max(r.i0, ch.i1), r.j1()-max(r.j0, ch.j1)), 0)
		ch.i1 = max(ch.i1, r.i1())
		ch.j0 = min(ch.j0, r.j0)
		ch.j1 = max(ch.j1, r.j1())
		ch.longest = max(ch.longest, r.n)
	}
	return dst
}

// TestAlignerLarge: an Aligner grown for more than MaxPooled tokens says
// so, and one for a news-sized text does not.
func TestAlignerLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	small := NewAligner(words(r, 1000, 50000), AlignOptions{})
	small.Align(words(r, 1000, 50000))
	assert.False(t, small.Large())
	big := NewAligner(words(r, MaxPooled+10, 50000), AlignOptions{})
	assert.True(t, big.Large())
}

// TestChainRunsDropsOnlyNonPassages: chainRuns, which drops closed chains
// as it goes and compacts what is left, keeps exactly the chains of
// chainAll that are passages, in order, over runs enough to compact many
// times.
func TestChainRunsDropsOnlyNonPassages(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	kept := 0
	for trial := range 200 {
		o := AlignOptions{MinWords: 1 + r.IntN(30), MinRun: 1 + r.IntN(8), MaxGap: 1 + r.IntN(12)}.withDefaults()
		runs := make([]run, 100+r.IntN(5000))
		for i := range runs {
			i0 := int32(r.IntN(20000))
			runs[i] = run{i0, i0 + int32(r.IntN(200)-100), int32(3 + r.IntN(10))}
			if runs[i].j0 < 0 {
				runs[i].j0 = 0
			}
		}
		slices.SortFunc(runs, func(x, y run) int {
			if c := cmp.Compare(x.i0, y.i0); c != 0 {
				return c
			}
			return cmp.Compare(x.j0, y.j0)
		})
		var want []chain
		for _, c := range chainAll(nil, runs, int32(o.MaxGap)) {
			if c.fragment(o) {
				want = append(want, c)
			}
		}
		got := chainRuns(nil, runs, int32(o.MaxGap), o)
		require.Equal(t, len(want), len(got), "trial %d", trial)
		if len(want) > 0 {
			require.Equal(t, want, got, "trial %d", trial)
		}
		kept += len(got)
	}
	assert.Greater(t, kept, 1000, "the trials keep passages")
}
