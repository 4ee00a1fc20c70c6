package exact

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/newsreuse/dedupe/bench/internal/testcorpus"
)

// randomSets returns sets drawn from a small universe, many of them
// perturbed copies of earlier ones, so that every similarity occurs.
func randomSets(r *rand.Rand, n int) [][]uint64 {
	var out [][]uint64
	for range n {
		var s []uint64
		if len(out) > 0 && r.IntN(2) == 0 {
			base := out[r.IntN(len(out))]
			for _, e := range base {
				if r.IntN(10) > 0 {
					s = append(s, e)
				}
			}
			for range r.IntN(3) {
				s = append(s, uint64(r.IntN(400)))
			}
		} else {
			for range r.IntN(40) {
				s = append(s, uint64(r.IntN(400)))
			}
		}
		slices.Sort(s)
		out = append(out, slices.Compact(s))
	}
	return out
}

func TestPairsMatchesBruteForce(t *testing.T) {
	docs := testcorpus.Docs(3, 40)
	var corpus [][]uint64
	for _, d := range docs {
		corpus = append(corpus, d.Set)
	}
	r := rand.New(rand.NewPCG(1, 2))
	inputs := map[string][][]uint64{"synth": corpus}
	for i := range 20 {
		inputs[string(rune('a'+i))] = randomSets(r, 60)
	}
	for name, sets := range inputs {
		for _, th := range []float64{0.1, 0.3, 0.5, 0.75, 0.8, 0.9, 1} {
			want := BruteForce(sets, th)
			got := Pairs(sets, th)
			if !slices.Equal(got, want) {
				t.Fatalf("%s, t=%v: Pairs found %d pairs, BruteForce %d\ngot  %v\nwant %v", name, th, len(got), len(want), got, want)
			}
			if name == "synth" && th == 0.8 && len(want) < 20 {
				t.Errorf("synth corpus has only %d pairs at 0.8; the test needs more", len(want))
			}
		}
	}
}

func TestPairsEdgeCases(t *testing.T) {
	sets := [][]uint64{nil, {1}, {1}, {}, {1, 2, 3, 4, 5}, {1, 2, 3, 4}, {2, 3, 4, 5}}
	got := Pairs(sets, 0.8)
	want := []Pair{{1, 2, 1}, {4, 5, 0.8}, {4, 6, 0.8}}
	if !slices.Equal(got, want) {
		t.Errorf("Pairs = %v, want %v", got, want)
	}
}

// TestPrefix checks the prefix-filtering bound: a set of n elements shares
// at least ⌈t·n⌉ with any set at Jaccard ≥ t, so a prefix of n-⌈t·n⌉+1
// elements must be indexed, no fewer.
func TestPrefix(t *testing.T) {
	for _, th := range []float64{0.05, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1} {
		for n := 1; n <= 2000; n++ {
			p := prefix(n, th)
			// The largest overlap that still fails Jaccard ≥ t for a set of n
			// against any set is found by counting, not by Ceil.
			need := 0
			for need < n && float64(need)/float64(n) < th {
				need++
			}
			if p < 1 || p > n || p < n-need+1 {
				t.Fatalf("prefix(%d, %v) = %d, want >= %d", n, th, p, n-need+1)
			}
		}
	}
}

func TestJaccard(t *testing.T) {
	for _, c := range []struct {
		a, b []uint64
		want float64
	}{
		{nil, nil, 0},
		{[]uint64{1}, nil, 0},
		{[]uint64{1, 2}, []uint64{2, 3}, 1.0 / 3},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 1},
	} {
		if got := Jaccard(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
