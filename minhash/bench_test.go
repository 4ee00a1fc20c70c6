package minhash

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func randomHashes(n int, seed uint64) []uint64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	return hs
}

// BenchmarkSum signs sets of 3000 element hashes, the shingles of a 15 KB
// news text, and smaller sets (a short wire story has about 100) that
// leave bins empty to densify. Bytes are the 8 bytes of each element hash.
// Each round signs the next of 256 different sets of the size: signing one
// set over and over lets the branch predictor learn it.
func BenchmarkSum(b *testing.B) {
	for _, k := range []int{64, 128, 256} {
		for _, n := range []int{3000, 500, 100, 30, 10} {
			b.Run(fmt.Sprintf("k=%d/n=%d", k, n), func(b *testing.B) {
				h := New(k, 1)
				var sets [256][]uint64
				for i := range sets {
					sets[i] = randomHashes(n, uint64(i))
				}
				dst := make([]uint64, 0, k)
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					dst = h.Sum(dst[:0], sets[i%len(sets)])
					i++
				}
			})
		}
	}
}

func BenchmarkSumSeq(b *testing.B) {
	h := New(128, 1)
	hs := randomHashes(3000, 2)
	dst := make([]uint64, 0, 128)
	b.SetBytes(8 * 3000)
	b.ReportAllocs()
	for b.Loop() {
		dst = h.SumSeq(dst[:0], func(yield func(uint64) bool) {
			for _, x := range hs {
				if !yield(x) {
					return
				}
			}
		})
	}
}

func BenchmarkJaccard(b *testing.B) {
	for _, k := range []int{64, 128, 256} {
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			h := New(k, 1)
			s := Signature(h.Sum(nil, randomHashes(1000, 1)))
			t := Signature(h.Sum(nil, randomHashes(1000, 2)))
			b.ReportAllocs()
			var sum float64
			for b.Loop() {
				sum += s.Jaccard(t)
			}
			_ = sum
		})
	}
}

// lshCorpus returns signatures of 1000 stories in 10 variants each.
func lshCorpus(b *testing.B) []Signature {
	b.Helper()
	return corpus(New(128, 1), 1000, 10, rand.New(rand.NewPCG(1, 2)))
}

// BenchmarkLSHAdd adds 10,000 signatures to a fresh index per iteration
// (b = 9, r = 13, the parameters for threshold 0.8); ns/add is per signature.
func BenchmarkLSHAdd(b *testing.B) {
	sigs := lshCorpus(b)
	bands, rows := Params(0.8, 128)
	b.ReportAllocs()
	for b.Loop() {
		l := NewLSH(bands, rows)
		for i, s := range sigs {
			l.Add(uint32(i), s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sigs)), "ns/add")
}

// BenchmarkLSHQuery queries an index of 10,000 signatures in which each
// query has about 10 near-duplicates.
func BenchmarkLSHQuery(b *testing.B) {
	sigs := lshCorpus(b)
	l := NewLSH(Params(0.8, 128))
	for i, s := range sigs {
		l.Add(uint32(i), s)
	}
	dst := make([]uint32, 0, 64)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		dst = l.AppendCandidates(dst[:0], sigs[i])
		i = (i + 1) % len(sigs)
	}
}
