// Package exact finds every pair of sets whose exact Jaccard similarity
// reaches a threshold: the ground truth the kit scores each tool's pairs
// against.
//
// [Pairs] is an inverted index over set prefixes (prefix filtering, as in
// Bayardo, Ma and Srikant 2007, "Scaling Up All Pairs Similarity Search"):
// elements are ranked rarest first, and two sets with Jaccard ≥ t must share
// an element among the first n-⌈t·n⌉+1 of each (n the set's size). Every
// candidate so found is verified by merging the two sets, so the result is
// exact, not an estimate; [BruteForce] compares every pair and is the
// reference the tests hold Pairs to.
package exact

import (
	"cmp"
	"math"
	"slices"
)

// A Pair is two sets, by index with A < B, and their Jaccard similarity.
type Pair struct {
	A, B    int
	Jaccard float64
}

// Jaccard returns |a∩b| / |a∪b| for sorted distinct sets, computed as
// dedupe computes it; 0 if either is empty.
func Jaccard(a, b []uint64) float64 {
	inter := overlap(a, b)
	if inter == 0 {
		return 0
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func overlap[T cmp.Ordered](a, b []T) int {
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return inter
}

// BruteForce returns the pairs of sets (sorted distinct) with Jaccard ≥ t by
// comparing all of them: O(n²) merges. Empty sets pair with nothing.
func BruteForce(sets [][]uint64, t float64) []Pair {
	var out []Pair
	for b := range sets {
		for a := range b {
			if len(sets[a]) == 0 || len(sets[b]) == 0 {
				continue
			}
			if j := Jaccard(sets[a], sets[b]); j >= t {
				out = append(out, Pair{A: a, B: b, Jaccard: j})
			}
		}
	}
	sortPairs(out)
	return out
}

// Pairs returns the same pairs as BruteForce(sets, t), sorted by (A, B), for
// 0 < t ≤ 1. It holds every set once more as ranks (4 bytes an element)
// and, while ranking, a sorted copy of all elements.
func Pairs(sets [][]uint64, t float64) []Pair {
	if !(t > 0 && t <= 1) {
		panic("exact: threshold out of (0, 1]")
	}
	// Rank elements rarest first (ties by value, for determinism): sort all
	// elements, count each distinct one, sort the distinct ones by count.
	total := 0
	for _, s := range sets {
		total += len(s)
	}
	all := make([]uint64, 0, total)
	for _, s := range sets {
		all = append(all, s...)
	}
	slices.Sort(all)
	type elem struct {
		v  uint64
		df int32
	}
	nd := 0
	for i := range all {
		if i == 0 || all[i] != all[i-1] {
			nd++
		}
	}
	elems := make([]elem, 0, nd)
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		elems = append(elems, elem{all[i], int32(j - i)})
		i = j
	}
	all = nil
	distinct := make([]uint64, len(elems)) // sorted by value
	for i, e := range elems {
		distinct[i] = e.v
	}
	order := make([]int32, len(elems)) // indexes into distinct, rarest first
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := cmp.Compare(elems[x].df, elems[y].df); c != 0 {
			return c
		}
		return cmp.Compare(x, y)
	})
	rank := make([]uint32, len(elems)) // by index into distinct
	for r, i := range order {
		rank[i] = uint32(r)
	}
	elems, order = nil, nil
	ranked := make([][]uint32, len(sets))
	for i, s := range sets {
		r := make([]uint32, len(s))
		lo := 0 // s is sorted, so each element is at or after the last
		for k, e := range s {
			at, _ := slices.BinarySearch(distinct[lo:], e)
			lo += at
			r[k] = rank[lo]
		}
		slices.Sort(r)
		ranked[i] = r
	}

	index := make([][]int32, len(distinct)) // by rank: the sets with it in their prefix
	seen := make([]int32, len(sets))        // seen[a] == b+1: a already a candidate of b
	var out []Pair
	for b, rb := range ranked {
		n := len(rb)
		if n == 0 {
			continue
		}
		for _, e := range rb[:prefix(n, t)] {
			for _, a := range index[e] {
				if seen[a] == int32(b+1) {
					continue
				}
				seen[a] = int32(b + 1)
				ra := ranked[a]
				small, large := min(len(ra), n), max(len(ra), n)
				if float64(small) < t*float64(large)*(1-1e-12) {
					continue // J ≤ small/large < t
				}
				inter := overlap(ra, rb)
				if j := float64(inter) / float64(len(ra)+n-inter); j >= t {
					out = append(out, Pair{A: int(a), B: b, Jaccard: j})
				}
			}
			index[e] = append(index[e], int32(b))
		}
	}
	sortPairs(out)
	return out
}

// prefix returns how many of a set's n rarest elements must be indexed so
// that any set with Jaccard ≥ t shares one of them: n - ⌈t·n⌉ + 1. The
// ceiling is taken slightly low, which only lengthens the prefix, so
// floating-point rounding can never lose a pair.
func prefix(n int, t float64) int {
	need := max(int(math.Ceil(t*float64(n)-1e-9)), 1)
	return min(n-need+1, n)
}

func sortPairs(ps []Pair) {
	slices.SortFunc(ps, func(x, y Pair) int {
		if c := cmp.Compare(x.A, y.A); c != 0 {
			return c
		}
		return cmp.Compare(x.B, y.B)
	})
}
