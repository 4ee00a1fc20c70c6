package postings

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchKeys returns n random keys.
func benchKeys(n int, seed uint64) []uint64 {
	r := rand.New(rand.NewPCG(seed, 1))
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = r.Uint64()
	}
	return keys
}

// BenchmarkMapAdd adds n new keys of one ID each to an empty Map, as an
// index fills (an LSH band gets one key a document): ns/key, with the
// tables' growth.
func BenchmarkMapAdd(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			keys := benchKeys(n, 1)
			b.ReportAllocs()
			for b.Loop() {
				var m Map
				for i, k := range keys {
					m.Add(k, uint32(i), false)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
		})
	}
}

// BenchmarkMapWindow adds a new key and drops the oldest of a Map holding
// n keys, an eighth of them with a second ID, as an index under
// Options.Retention does: the steady state, which allocates nothing.
func BenchmarkMapWindow(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			keys := benchKeys(4*n, 2)
			var m Map
			add := func(i int) {
				m.Add(keys[i%len(keys)], uint32(i), false)
				if i%8 == 0 {
					m.Add(keys[i%len(keys)], uint32(i+1), false)
				}
			}
			for i := range n {
				add(i)
			}
			i := n
			b.ReportAllocs()
			for b.Loop() {
				add(i)
				m.Drop(keys[(i-n)%len(keys)])
				i++
			}
		})
	}
}

// BenchmarkMapGet looks up keys of a Map of n keys, half of them present.
func BenchmarkMapGet(b *testing.B) {
	for _, n := range []int{10000, 1000000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			keys := benchKeys(2*n, 3)
			var m Map
			for i, k := range keys[:n] {
				m.Add(k, uint32(i), false)
			}
			sum := 0
			i := 0
			for b.Loop() {
				sum += len(m.Get(keys[(i*7919)%len(keys)]))
				i++
			}
			if sum == 0 {
				b.Fatal("nothing found")
			}
		})
	}
}

// BenchmarkLoader gathers n entries, ten keys of a thousand a document
// shared by two documents on average, and loads them into an empty Map,
// as Open fills the passage index: ns/entry for Add and for Load.
func BenchmarkLoader(b *testing.B) {
	const n = 20_000_000
	keys := benchKeys(n/2, 4)
	var add, load int64
	for b.Loop() {
		var l Loader
		var m Map
		start := time.Now()
		for i := range n {
			l.Add(keys[(i*7919)%len(keys)], uint32(i/10))
		}
		mid := time.Now()
		l.Load(&m)
		add += mid.Sub(start).Nanoseconds()
		load += time.Since(mid).Nanoseconds()
	}
	b.ReportMetric(float64(add)/float64(b.N*n), "add-ns/entry")
	b.ReportMetric(float64(load)/float64(b.N*n), "load-ns/entry")
}
