package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIndex(t *testing.T) {
	var ix Index
	ix.Add(0, []uint64{1, 2, 3, 4})
	ix.Add(1, []uint64{3, 4, 5})
	ix.Add(2, []uint64{4, 5, 6})
	assert.Equal(t, 3, ix.Docs())
	assert.Equal(t, 3, ix.DF(4))
	got, _ := ix.AppendCandidates(nil, []uint64{3, 4, 5, 9}, 10, 2, nil)
	assert.Equal(t, []Candidate{{0, 2}, {1, 3}, {2, 2}}, got)
	// Fingerprint 4 is in 3 documents: with maxDF 2 it is frequent, and
	// counts only for documents sharing half the query (2 of 3).
	got, _ = ix.AppendCandidates(nil, []uint64{3, 4, 5}, 2, 2, nil)
	assert.Equal(t, []Candidate{{0, 2}, {1, 3}, {2, 2}}, got)
	got, _ = ix.AppendCandidates(nil, []uint64{3, 4, 5, 9, 10}, 2, 2, nil)
	assert.Equal(t, []Candidate{{1, 3}}, got, "a frequent fingerprint and one rare one do not make 2")
	ix.Remove(1, []uint64{3, 4, 5})
	assert.Equal(t, 2, ix.Docs())
	assert.Equal(t, 2, ix.DF(4))
	assert.Equal(t, 0, ix.DF(99))
	got, _ = ix.AppendCandidates(nil, []uint64{3, 4, 5}, 10, 1, nil)
	assert.Equal(t, []Candidate{{0, 2}, {2, 2}}, got)
}

// TestIndexFrequentRecent: a fingerprint in more than maxDF documents
// yields only its RecentPostings most recent documents, and only when it
// is half the query.
func TestIndexFrequentRecent(t *testing.T) {
	var ix Index
	n := RecentPostings + 5
	for id := range n {
		ix.Add(uint32(id), []uint64{7, 100 + uint64(id)})
	}
	got, _ := ix.AppendCandidates(nil, []uint64{7}, n-1, 1, nil)
	var want []Candidate
	for id := n - RecentPostings; id < n; id++ {
		want = append(want, Candidate{uint32(id), 1})
	}
	assert.Equal(t, want, got)
	got, _ = ix.AppendCandidates(nil, []uint64{7}, n, 1, nil)
	assert.Len(t, got, n, "at maxDF every document is a candidate")
	got, _ = ix.AppendCandidates(nil, []uint64{7, 1000, 1001}, n-1, 1, nil)
	assert.Empty(t, got, "one frequent fingerprint of three")
}

// TestIndexModel runs random adds and removes against a plain map of
// posting lists.
func TestIndexModel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var ix Index
	model := map[uint64][]uint32{}
	added := map[uint32][]uint64{}
	for id := uint32(0); id < 400; id++ {
		var fps []uint64
		for range r.IntN(12) {
			fps = append(fps, uint64(r.IntN(60)))
		}
		fps = append(fps, fps...) // duplicates are recorded once
		ix.Add(id, fps)
		added[id] = fps
		for _, fp := range fps {
			if l := model[fp]; len(l) == 0 || l[len(l)-1] != id {
				model[fp] = append(l, id)
			}
		}
		if r.IntN(4) == 0 { // remove an earlier document
			old := uint32(r.IntN(int(id) + 1))
			ix.Remove(old, added[old])
			for _, fp := range added[old] {
				if i, ok := slices.BinarySearch(model[fp], old); ok {
					model[fp] = slices.Delete(model[fp], i, i+1)
				}
			}
			added[old] = nil
		}
		for fp := range uint64(61) {
			want := model[fp]
			if len(want) == 0 {
				want = nil
			}
			got := ix.Postings(fp)
			if len(got) == 0 {
				got = nil
			}
			require.Equal(t, want, slices.Clone(got), "fp %d after doc %d", fp, id)
			require.Equal(t, len(want), ix.DF(fp))
		}
	}
}

// TestAppendCandidatesBruteForce holds AppendCandidates to a direct count
// over every document.
func TestAppendCandidatesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var ix Index
	docs := map[uint32]map[uint64]bool{}
	found, frequent := 0, 0
	for id := uint32(0); id < 300; id++ {
		fps := make([]uint64, 0, 20)
		docs[id] = map[uint64]bool{}
		for range 1 + r.IntN(20) {
			fp := uint64(r.IntN(80))
			fps = append(fps, fp)
			docs[id][fp] = true
		}
		ix.Add(id, fps)
		if r.IntN(5) == 0 {
			old := uint32(r.IntN(int(id) + 1))
			var olds []uint64
			for fp := range docs[old] {
				olds = append(olds, fp)
			}
			ix.Remove(old, olds)
			delete(docs, old)
		}
		query := make([]uint64, 0, 30)
		for fp := range uint64(80) {
			if r.IntN(8) == 0 {
				query = append(query, fp)
			}
		}
		maxDF, minShared := 1+r.IntN(12), 1+r.IntN(3)
		// Brute force: a frequent fingerprint counts for its most recent
		// RecentPostings documents only, and not as rare.
		var want []Candidate
		for d := range id + 1 {
			if docs[d] == nil {
				continue
			}
			shared, rare := 0, 0
			for _, fp := range query {
				if !docs[d][fp] {
					continue
				}
				var post []uint32
				for e := range id + 1 {
					if docs[e][fp] {
						post = append(post, e)
					}
				}
				if len(post) <= maxDF {
					shared, rare = shared+1, rare+1
				} else if slices.Contains(post[len(post)-min(len(post), RecentPostings):], d) {
					shared++
					frequent++
				}
			}
			if rare >= minShared || shared > 0 && shared >= max(minShared, (len(query)+1)/2) {
				want = append(want, Candidate{ID: d, Shared: shared})
			}
		}
		found += len(want)
		got, _ := ix.AppendCandidates(nil, query, maxDF, minShared, nil)
		require.Equal(t, want, got, "doc %d", id)
	}
	require.Greater(t, found, 1000)
	require.Greater(t, frequent, 1000)
}

// TestLoader checks an Index loaded at once against one made by Add and
// Remove, document by document, with documents removed along the way.
func TestLoader(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var want, got Index
	var l Loader
	docs := map[uint32][]uint64{}
	for id := range uint32(3000) {
		fps := make([]uint64, 30)
		for i := range fps {
			fps[i] = uint64(r.IntN(20000))
		}
		slices.Sort(fps)
		fps = slices.Compact(fps)
		want.Add(id, fps)
		l.Add(id, fps)
		docs[id] = fps
		if id%7 == 3 {
			x := id - uint32(r.IntN(int(id)+1))
			if docs[x] != nil {
				want.Remove(x, docs[x])
				l.Remove(x)
				docs[x] = nil
			}
		}
	}
	l.Load(&got)
	assert.Equal(t, want.Docs(), got.Docs())
	for fp := range uint64(20000) {
		require.Equal(t, want.Postings(fp), got.Postings(fp), "fingerprint %d", fp)
	}
}
