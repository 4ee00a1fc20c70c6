package cluster

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
