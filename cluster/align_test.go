package cluster

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// words returns n random token hashes from a vocabulary of size v.
func words(r *rand.Rand, n, v int) []uint16 {
	out := make([]uint16, n)
	for i := range out {
		out[i] = uint16(r.IntN(min(v, 60000))) + 1
	}
	return out
}

func TestAlignVerbatim(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < 100; trial++ {
		shared := words(r, 20+r.IntN(200), 1<<20)
		pa, pb := words(r, r.IntN(300), 1<<20), words(r, r.IntN(300), 1<<20)
		a := slices.Concat(pa, shared, words(r, r.IntN(300), 1<<20))
		b := slices.Concat(pb, shared, words(r, r.IntN(300), 1<<20))
		got := Align(a, b, AlignOptions{})
		require.Len(t, got, 1, "trial %d", trial)
		assert.Equal(t, Match{AStart: len(pa), AEnd: len(pa) + len(shared), BStart: len(pb), BEnd: len(pb) + len(shared), Words: len(shared)}, got[0])
	}
}

// TestAlignEdited plants a copy with one substituted, inserted or deleted
// word every 12 to 30 words and expects one passage covering it.
func TestAlignEdited(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	for trial := 0; trial < 100; trial++ {
		src := words(r, 60+r.IntN(200), 1<<20)
		var cp []uint16
		next := 12 + r.IntN(18)
		for i := 0; i < len(src); i++ {
			if i == next && i < len(src)-10 {
				next += 12 + r.IntN(18)
				switch r.IntN(3) {
				case 0:
					cp = append(cp, uint16(60000+r.IntN(5000))) // substitution
					continue
				case 1:
					cp = append(cp, uint16(60000+r.IntN(5000))) // insertion
				case 2:
					continue // deletion
				}
			}
			cp = append(cp, src[i])
		}
		pa, pb := words(r, 50, 1<<20), words(r, 80, 1<<20)
		a := slices.Concat(pa, src, words(r, 50, 1<<20))
		b := slices.Concat(pb, cp, words(r, 50, 1<<20))
		got := Align(a, b, AlignOptions{})
		require.Len(t, got, 1, "trial %d", trial)
		m := got[0]
		assert.InDelta(t, len(pa), m.AStart, 1)
		assert.InDelta(t, len(pa)+len(src), m.AEnd, 1)
		assert.InDelta(t, len(pb), m.BStart, 1)
		assert.InDelta(t, len(pb)+len(cp), m.BEnd, 1)
		assert.Greater(t, m.Words, len(src)*8/10)
	}
}

func TestAlignRejects(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	// Unrelated texts over a small vocabulary share many short runs.
	for trial := 0; trial < 50; trial++ {
		a, b := words(r, 2000, 300), words(r, 2000, 300)
		assert.Empty(t, Align(a, b, AlignOptions{}), "trial %d", trial)
	}
	// A shared run shorter than MinWords is not a passage.
	shared := words(r, 15, 1<<20)
	a := slices.Concat(words(r, 100, 1<<20), shared, words(r, 100, 1<<20))
	b := slices.Concat(words(r, 100, 1<<20), shared, words(r, 100, 1<<20))
	assert.Empty(t, Align(a, b, AlignOptions{}))
	assert.Len(t, Align(a, b, AlignOptions{MinWords: 10}), 1)
	// Many short runs (two translations of one quote) are not a passage.
	var qa, qb []uint16
	for range 8 {
		run := words(r, 5, 1<<20)
		qa = append(append(qa, run...), words(r, 2, 1<<20)...)
		qb = append(append(qb, run...), words(r, 2, 1<<20)...)
	}
	assert.Empty(t, Align(qa, qb, AlignOptions{}))
	assert.Empty(t, Align(nil, b, AlignOptions{}))
}

func TestAlignTwoPassages(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	p1, p2 := words(r, 40, 1<<20), words(r, 60, 1<<20)
	// b holds the passages in the opposite order.
	a := slices.Concat(words(r, 30, 1<<20), p1, words(r, 100, 1<<20), p2)
	b := slices.Concat(p2, words(r, 70, 1<<20), p1, words(r, 10, 1<<20))
	got := Align(a, b, AlignOptions{})
	require.Len(t, got, 2)
	assert.Equal(t, Match{AStart: 30, AEnd: 70, BStart: 130, BEnd: 170, Words: 40}, got[0])
	assert.Equal(t, Match{AStart: 170, AEnd: 230, BStart: 0, BEnd: 60, Words: 60}, got[1])
}

func FuzzAlign(f *testing.F) {
	f.Add([]byte("abcdefghijabcdefghijabcdefghij"), []byte("xxabcdefghijabcdefghijabcdefghijyy"), uint8(2))
	f.Fuzz(func(t *testing.T, x, y []byte, gap uint8) {
		a, b := make([]uint16, len(x)), make([]uint16, len(y))
		for i, c := range x {
			a[i] = uint16(c % 16)
		}
		for i, c := range y {
			b[i] = uint16(c % 16)
		}
		opts := AlignOptions{MinWords: 3, MinRun: 3, MaxGap: int(gap%16) + 1}
		got := Align(a, b, opts)
		if want := sortMergeAlign(a, b, opts); !slices.Equal(got, want) {
			t.Fatalf("Align = %+v, the sort-merge oracle gives %+v", got, want)
		}
		for _, m := range got {
			if m.AStart < 0 || m.AEnd > len(a) || m.AStart >= m.AEnd || m.BStart < 0 || m.BEnd > len(b) || m.BStart >= m.BEnd {
				t.Fatalf("bad match %+v for lengths %d, %d", m, len(a), len(b))
			}
			if m.Words > m.AEnd-m.AStart || m.Words < opts.MinWords {
				t.Fatalf("bad word count in %+v", m)
			}
		}
	})
}

// TestAlignMasked holds AlignMasked to its definition: Align with each
// masked token of a and of b replaced by a token found nowhere else, so
// that it matches nothing. Masks of every density, on one side or both,
// on texts sharing planted passages, exercise the early return too.
func TestAlignMasked(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	found := 0
	randomMask := func(n int) []bool {
		mask := make([]bool, n)
		density := r.Float64() * 0.5
		for i := 0; i < len(mask); {
			n := 1 + r.IntN(12)
			on := r.Float64() < density
			for ; n > 0 && i < len(mask); n, i = n-1, i+1 {
				mask[i] = on
			}
		}
		return mask
	}
	unique := func(ws []uint16, mask []bool, from int) []uint16 {
		u := slices.Clone(ws)
		for i, m := range mask {
			if m {
				u[i] = uint16(from + i) // words draws below 50001
			}
		}
		return u
	}
	for trial := 0; trial < 600; trial++ {
		shared := words(r, 10+r.IntN(120), 50000)
		a := slices.Concat(words(r, r.IntN(60), 50000), shared, words(r, r.IntN(60), 50000))
		b := slices.Concat(words(r, r.IntN(60), 50000), shared, words(r, r.IntN(60), 50000))
		mask := randomMask(len(a))
		var bmask []bool
		if trial%2 == 1 {
			bmask = randomMask(len(b))
		}
		o := AlignOptions{MinWords: 5 + r.IntN(30), MinRun: 3 + r.IntN(10)}
		want := Align(unique(a, mask, 50001), unique(b, bmask, 50300), o)
		got := AlignMasked(a, mask, b, bmask, o)
		require.Equal(t, want, got, "trial %d", trial)
		require.True(t, LeavesPassage(mask, o) && LeavesPassage(bmask, o) || len(got) == 0, "trial %d: a passage where the masks leave none", trial)
		found += len(got)
	}
	require.Greater(t, found, 100, "the planted passages should often survive their masks")
}

// TestKeepIndexedMatchesScanning: the indexed resolution of overlaps keeps
// exactly what comparing every pair keeps.
func TestKeepIndexedMatchesScanning(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for trial := range 500 {
		n := 1 + r.IntN(300)
		span := 10 + r.IntN(3000)
		ms := make([]Match, n)
		for i := range ms {
			a, b := r.IntN(span), r.IntN(span)
			ms[i] = Match{AStart: a, AEnd: a + 1 + r.IntN(40), BStart: b, BEnd: b + 1 + r.IntN(40), Words: 1 + r.IntN(30)}
		}
		slices.SortStableFunc(ms, func(x, y Match) int {
			if c := cmp.Compare(y.Words, x.Words); c != 0 {
				return c
			}
			return cmp.Compare(x.AStart, y.AStart)
		})
		want := keepScanning(slices.Clone(ms))
		got := keepIndexed(slices.Clone(ms))
		require.Equal(t, want, got, "trial %d", trial)
	}
}

// TestAlignGroups: runs of fewer than MinWords tokens a sentence or two
// apart on both sides, in order, make one passage when one of them has 12
// tokens and they match 25 together; one run alone does not, however
// close to MinWords, nor runs with none of 12, nor runs too far apart.
// AlignMaskedChains finds no group. A group's Fragments counts its runs.
func TestAlignGroups(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	// build interleaves runs of the given lengths with gap tokens of each
	// text's own: a rewritten story, a run kept of each of a few
	// sentences.
	build := func(lens []int, gap int) (a, b []uint16, want Match) {
		a, b = words(r, 30, 1<<20), words(r, 40, 1<<20)
		want = Match{AStart: len(a), BStart: len(b)}
		for i, n := range lens {
			if i > 0 {
				a = append(a, words(r, gap, 1<<20)...)
				b = append(b, words(r, gap+3, 1<<20)...)
			}
			run := words(r, n, 1<<20)
			a, b = append(a, run...), append(b, run...)
			want.Words += n
		}
		want.AEnd, want.BEnd, want.Fragments = len(a), len(b), len(lens)
		return append(a, words(r, 30, 1<<20)...), append(b, words(r, 20, 1<<20)...), want
	}
	for _, c := range []struct {
		lens []int
		gap  int
		ok   bool
	}{
		{[]int{12, 9, 10}, 25, true},
		{[]int{9, 16}, 40, true},
		{[]int{19, 8}, 20, true},
		{[]int{19}, 0, false},          // one quotation
		{[]int{11, 10, 9}, 20, false},  // no run of 12
		{[]int{12, 9}, 20, false},      // 21 tokens
		{[]int{14, 14}, 60, false},     // too far apart
		{[]int{12, 10, 11}, 60, false}, // too far apart
	} {
		a, b, want := build(c.lens, c.gap)
		got := Align(a, b, AlignOptions{})
		if !c.ok {
			assert.Empty(t, got, "%v, %d apart", c.lens, c.gap)
			continue
		}
		assert.Equal(t, []Match{want}, got, "%v, %d apart", c.lens, c.gap)
		assert.Empty(t, AlignMaskedChains(a, nil, b, nil, AlignOptions{}), "%v, %d apart", c.lens, c.gap)
		w := NewAligner(a, AlignOptions{})
		assert.Equal(t, got, w.Align(b))
	}
}

// TestAlignCountsRepeatOnce: a phrase that one text repeats a few words
// apart ("the 9th U.S. Circuit Court of Appeals", thrice in a paragraph)
// and the other holds once matches the same tokens of the other each
// time; the chain that steps back to them counts them once, and 9 tokens
// make no passage (counted each time, 25 did).
func TestAlignCountsRepeatOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	p := words(r, 9, 1<<20)
	a := append(words(r, 30, 1<<20), p...)
	for range 2 { // the phrase again without its first word, a step back of 8 in b
		a = append(a, words(r, 3, 1<<20)...)
		a = append(a, p[1:]...)
	}
	a = append(a, words(r, 30, 1<<20)...)
	b := append(append(words(r, 30, 1<<20), p...), words(r, 30, 1<<20)...)
	assert.Empty(t, Align(a, b, AlignOptions{}))
	assert.Empty(t, Align(b, a, AlignOptions{}))
}
