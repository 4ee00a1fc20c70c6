package dedupe

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/newsreuse/dedupe/internal/postings"
	"github.com/newsreuse/dedupe/synth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// generated returns the documents of a generated corpus of the given
// number of stories.
func generated(seed uint64, stories int) []Document {
	c := synth.Generate(synth.Options{Seed: seed, Stories: stories})
	docs := make([]Document, 0, len(c.Docs))
	for _, d := range c.Docs {
		docs = append(docs, Document{ID: d.ID, Text: []byte(d.Text), Time: d.Time})
	}
	return docs
}

// addAll adds docs to a new Detector and returns it with the results.
func addAll(t testing.TB, opts Options, docs []Document) (*Detector, []Result) {
	d := New(opts)
	var res []Result
	d.AddAll(slices.Values(docs), 2, func(r Result, err error) bool {
		require.NoError(t, err)
		res = append(res, r)
		return true
	})
	return d, res
}

// TestReaders checks the iterators against Pairs and Clusters, the lookup
// of every document against a scan of Pairs and Clusters, and Stats
// against the counts, on a generated corpus in both modes.
func TestReaders(t *testing.T) {
	docs := generated(1, 200)
	for i := range 40 { // near-duplicates, for near-only pairs too
		doc := docs[i%5*50]
		doc.ID = fmt.Sprintf("%s-copy%d", doc.ID, i)
		docs = append(docs, doc)
	}
	for _, opts := range []Options{{}, {NearOnly: true}} {
		t.Run(fmt.Sprintf("near-only=%v", opts.NearOnly), func(t *testing.T) {
			d, res := addAll(t, opts, docs)
			pairs, clusters := d.Pairs(), d.Clusters()
			require.NotEmpty(t, pairs)
			require.NotEmpty(t, clusters)
			assert.Equal(t, pairs, slices.Collect(d.AllPairs()))
			assert.Equal(t, clusters, slices.Collect(d.AllClusters()))

			// The brute force: every pair and cluster scanned for each
			// document.
			clusterOf := map[string]string{}
			for _, c := range clusters {
				for _, m := range c.Members {
					clusterOf[m] = c.ID
				}
			}
			withPairs := 0
			for i, doc := range docs {
				got, ok := d.Document(doc.ID)
				require.True(t, ok, doc.ID)
				var want []Pair
				for _, p := range pairs {
					if p.A == doc.ID || p.B == doc.ID {
						want = append(want, p)
					}
				}
				if len(want) > 0 {
					withPairs++
				}
				assert.Equal(t, DocumentInfo{ID: doc.ID, Time: doc.Time, Words: res[i].Words, Cluster: clusterOf[doc.ID], Pairs: want}, got)
			}
			if !opts.NearOnly {
				assert.Greater(t, withPairs, len(docs)/4)
			}
			_, ok := d.Document("no such document")
			assert.False(t, ok)

			unverified := 0
			for _, r := range res {
				unverified += r.Unverified
			}
			s := d.Stats()
			assert.Equal(t, Stats{Documents: len(docs), Clusters: len(clusters), Pairs: len(pairs), Unverified: unverified, MemoryBytes: s.MemoryBytes}, s)
			assert.Equal(t, d.Len(), s.Documents)
		})
	}
}

// TestStatsUnverified: copies of one text beyond maxCopies are left
// unverified, and Stats counts them as the results do.
func TestStatsUnverified(t *testing.T) {
	text := readSeeds(t)[0].Text
	d := New(Options{})
	unverified := 0
	for i := range 3 * maxCopies {
		res, err := d.Add(Document{ID: fmt.Sprint(i), Text: text})
		require.NoError(t, err)
		unverified += res.Unverified
	}
	require.Positive(t, unverified)
	s := d.Stats()
	assert.Equal(t, unverified, s.Unverified)
	assert.Equal(t, 1, s.Clusters)
	assert.Equal(t, len(d.Pairs()), s.Pairs)
}

// TestReadersWhileAdding reads a Detector while documents are added, by
// another goroutine and by the loops' bodies: each use of an iterator
// yields the pairs found before it started, a prefix of the pairs found
// in the end.
func TestReadersWhileAdding(t *testing.T) {
	docs := generated(2, 60)
	d := New(Options{})
	half := len(docs) / 2
	for _, doc := range docs[:half/2] {
		_, err := d.Add(doc)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, doc := range docs[half/2 : half] {
			_, err := d.Add(doc)
			assert.NoError(t, err)
		}
	})
	var seen [][]Pair
	for i := half; i < len(docs); {
		var got []Pair
		for p := range d.AllPairs() {
			got = append(got, p)
			if i < len(docs) && len(got)%7 == 0 {
				_, err := d.Add(docs[i])
				require.NoError(t, err)
				i++
			}
		}
		seen = append(seen, got)
		for c := range d.AllClusters() {
			require.GreaterOrEqual(t, len(c.Members), 2)
			if i < len(docs) {
				_, err := d.Add(docs[i])
				require.NoError(t, err)
				i++
			}
		}
		if info, ok := d.Document(docs[i-1].ID); ok {
			assert.Equal(t, docs[i-1].ID, info.ID)
		}
	}
	wg.Wait()
	all := d.Pairs()
	for _, got := range seen {
		require.LessOrEqual(t, len(got), len(all))
		assert.Equal(t, all[:len(got)], got)
	}
}

// TestDocumentIndexBytes measures what the per-document index of pairs
// (Detector.byDoc) costs a pair, built as commit builds it from the pairs
// of a generated corpus, and bounds it.
func TestDocumentIndexBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("adds a generated corpus")
	}
	if raceEnabled {
		t.Skip("the race detector changes what allocates")
	}
	d, _ := addAll(t, Options{}, generated(1, 1200))
	pairs := d.Pairs()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC() // and the pools' victims
	runtime.ReadMemStats(&before)
	var m postings.Map
	for i, p := range pairs {
		m.Add(uint64(p.a), uint32(i), false)
		m.Add(uint64(p.b), uint32(i), false)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(d)
	runtime.KeepAlive(pairs)
	perPair := float64(after.HeapAlloc-before.HeapAlloc) / float64(len(pairs))
	t.Logf("%d pairs of %d documents: %.1f bytes a pair", len(pairs), d.Len(), perPair)
	assert.Less(t, perPair, 1.5*pairIndexBytes)
	runtime.KeepAlive(&m)
}

// TestStatsMemory compares Stats' estimate of memory with the heap a
// Detector holds after a generated corpus.
func TestStatsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("adds a generated corpus")
	}
	if raceEnabled {
		t.Skip("the race detector changes what allocates")
	}
	docs := generated(1, 1200)
	for _, opts := range []Options{{}, {NearOnly: true}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&before)
		d, _ := addAll(t, opts, docs)
		runtime.GC()
		runtime.GC() // and the pools' victims
		runtime.ReadMemStats(&after)

		heap := float64(after.HeapAlloc - before.HeapAlloc)
		est := float64(d.Stats().MemoryBytes)
		t.Logf("near-only=%v: %d documents, %d pairs: heap %.1f MB, estimate %.1f MB (%.2f)", opts.NearOnly, d.Len(), d.Stats().Pairs, heap/1e6, est/1e6, est/heap)
		assert.InDelta(t, 1, est/heap, 0.35)
		runtime.KeepAlive(d)
	}
}
