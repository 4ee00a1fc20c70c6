package minhash_test

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"

	"github.com/newsreuse/dedupe/minhash"
)

// shingles hashes the word 3-grams of text with FNV-1a, standing in for the
// shingle package.
func shingles(text string) []uint64 {
	words := strings.Fields(strings.ToLower(text))
	var hs []uint64
	for i := 0; i+3 <= len(words); i++ {
		f := fnv.New64a()
		f.Write([]byte(strings.Join(words[i:i+3], " ")))
		hs = append(hs, f.Sum64())
	}
	return hs
}

func ExampleHasher_Sum() {
	wire := "The central bank raised its benchmark interest rate by a quarter point on Tuesday, " +
		"citing persistent inflation in services and a tight labour market, and signalled " +
		"that further increases were possible if price pressures did not ease by the summer."
	rewrite := "The central bank raised its benchmark interest rate by a quarter point on Tuesday, " +
		"citing persistent inflation in services and a tight labour market. Officials said " +
		"further increases were possible if price pressures did not ease by the summer."

	h := minhash.New(128, 2024)
	// One arena holds both signatures; Sum appends.
	arena := make([]uint64, 0, 2*h.Size())
	arena = h.Sum(arena, shingles(wire))
	arena = h.Sum(arena, shingles(rewrite))
	a, b := minhash.Signature(arena[:128]), minhash.Signature(arena[128:])

	fmt.Printf("estimated Jaccard %.2f\n", a.Jaccard(b))
	fmt.Printf("exact Jaccard     %.2f\n", exactJaccard(shingles(wire), shingles(rewrite)))
	// Output:
	// estimated Jaccard 0.73
	// exact Jaccard     0.74
}

func exactJaccard(a, b []uint64) float64 {
	in := map[uint64]bool{}
	for _, x := range a {
		in[x] = true
	}
	union, shared := len(in), 0
	seen := map[uint64]bool{}
	for _, x := range b {
		if seen[x] {
			continue
		}
		seen[x] = true
		if in[x] {
			shared++
		} else {
			union++
		}
	}
	return float64(shared) / float64(union)
}

func ExampleParams() {
	b, r := minhash.Params(0.8, 128)
	fmt.Println("bands", b, "rows", r)
	for _, s := range []float64{0.5, 0.7, 0.8, 0.9} {
		p := 1 - math.Pow(1-math.Pow(s, float64(r)), float64(b))
		fmt.Printf("P(candidate | J=%.1f) = %.3f\n", s, p)
	}
	// Output:
	// bands 9 rows 13
	// P(candidate | J=0.5) = 0.001
	// P(candidate | J=0.7) = 0.084
	// P(candidate | J=0.8) = 0.399
	// P(candidate | J=0.9) = 0.929
}

func ExampleLSH() {
	h := minhash.New(128, 1)
	docs := []string{
		"storm closes schools across the region as forecasters warn of more snow overnight and icy roads",
		"storm closes schools across the region as forecasters warn of more snow overnight and icy roads tomorrow",
		"parliament passes the budget after a long night of debate over spending on health and defence",
	}
	index := minhash.NewLSH(minhash.Params(0.5, h.Size()))
	sigs := make([]minhash.Signature, len(docs))
	for i, d := range docs {
		sigs[i] = h.Sum(nil, shingles(d))
		index.Add(uint32(i), sigs[i])
	}
	for i, s := range sigs {
		var pairs []string
		for _, c := range index.AppendCandidates(nil, s) {
			if c != uint32(i) { // the index returns the query itself too
				pairs = append(pairs, fmt.Sprintf("%d (J≈%.2f)", c, s.Jaccard(sigs[c])))
			}
		}
		fmt.Println(i, "->", pairs)
	}
	// Output:
	// 0 -> [1 (J≈0.94)]
	// 1 -> [0 (J≈0.94)]
	// 2 -> []
}
