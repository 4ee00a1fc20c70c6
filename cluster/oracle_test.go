package cluster

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

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
	w.chains = chainRuns(w.chains[:0], w.runs, int32(o.MaxGap), o)
	return passages(w.chains, o)
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
