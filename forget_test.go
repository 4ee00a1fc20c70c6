package dedupe

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallTrim makes the Detectors of a test let go of forgotten documents'
// numbers as soon as 64 are forgotten, restoring trimMin after.
func smallTrim(t *testing.T) {
	old := trimMin
	trimMin = 64
	t.Cleanup(func() { trimMin = old })
}

// samePairs checks that d holds the pairs want, in order.
func samePairs(t *testing.T, want []Pair, d *Detector, msg string) {
	t.Helper()
	got := d.Pairs()
	require.Equal(t, len(want), len(got), msg)
	for i := range want {
		require.Equal(t, want[i].A, got[i].A, "%s: pair %d", msg, i)
		require.Equal(t, want[i].B, got[i].B, "%s: pair %d", msg, i)
		require.Equal(t, want[i].Match, got[i].Match, "%s: pair %d", msg, i)
	}
	require.Equal(t, got, slices.Collect(d.AllPairs()), msg)
	require.Equal(t, len(got), d.Stats().Pairs, msg)
}

// partition returns clusters' members, each as one string, sorted.
func partition(cs []Cluster) []string {
	var out []string
	for _, c := range cs {
		out = append(out, strings.Join(c.Members, " "))
	}
	slices.Sort(out)
	return out
}

// names maps each cluster's members to its name.
func names(cs []Cluster) map[string]string {
	m := map[string]string{}
	for _, c := range cs {
		m[strings.Join(c.Members, " ")] = c.ID
	}
	return m
}

// TestDeleteLast: deleting the document added last leaves what a Detector
// that never saw it holds: the same pairs, clusters of the same members
// (and names, but for the clusters the document had merged, which take
// new names but the first), documents and indexes, so that the rest of
// the stream gives the same matches.
func TestDeleteLast(t *testing.T) {
	docs := storeDocs(60)
	_, res := oracle(t, docs)
	tried, merged := 0, 0
	for n := len(docs) / 4; n < len(docs) && tried < 6; n++ {
		if len(res[n-1].Matches) < 2 {
			continue
		}
		tried++
		d, want := New(Options{}), New(Options{})
		addEach(t, d, docs[:n])
		addEach(t, want, docs[:n-1])
		before := names(d.Clusters())
		require.NoError(t, d.Delete(docs[n-1].ID))
		_, ok := d.Document(docs[n-1].ID)
		require.False(t, ok)
		msg := fmt.Sprintf("deleting document %d", n-1)
		samePairs(t, want.Pairs(), d, msg)
		wc, gc := want.Clusters(), d.Clusters()
		require.Equal(t, partition(wc), partition(gc), msg)
		gotNames := names(gc)
		for ms, name := range names(wc) {
			if gotNames[ms] != name {
				merged++
				assert.NotContains(t, before, ms, "%s: only a part of the cluster split takes a new name", msg)
			}
		}
		ws, gs := want.Stats(), d.Stats()
		assert.Equal(t, 1, gs.Deletes, msg)
		assert.Equal(t, ws.Documents, gs.Documents, msg)
		assert.Equal(t, ws.Clusters, gs.Clusters, msg)
		assert.Equal(t, want.Len(), d.Len(), msg)
		// The indexes hold what they would: the rest of the stream
		// matches the same documents.
		wr, gr := addEach(t, want, docs[n:]), addEach(t, d, docs[n:])
		for i := range wr {
			wr[i].Cluster, gr[i].Cluster = "", ""
		}
		require.Equal(t, wr, gr, msg)
		samePairs(t, want.Pairs(), d, msg+", then the rest")
		require.Equal(t, partition(want.Clusters()), partition(d.Clusters()), msg+", then the rest")
	}
	require.Equal(t, 6, tried)
	t.Logf("%d clusters renamed by a split", merged)
}

// regrouped computes the clusters of d from scratch: every document held,
// in order, joins a new Grouper by the links of its pairs held, as if no
// document had been forgotten.
func regrouped(d *Detector) []string {
	var g cluster.Grouper
	links := map[uint32][]cluster.Link{}
	for _, p := range d.Pairs() {
		links[p.b] = append(links[p.b], p.link())
	}
	for id := d.docs.base; id < d.docs.end(); id++ {
		if *d.docs.at(id) != nil {
			g.Add(id, links[id])
		}
	}
	_, members := g.Clusters()
	var out []string
	for _, ms := range members {
		var ids []string
		for _, m := range ms {
			ids = append(ids, (*d.docs.at(m)).id)
		}
		out = append(out, strings.Join(ids, " "))
	}
	slices.Sort(out)
	return out
}

// TestDeleteEarlier deletes documents at random from a stream: after each
// deletion the pairs are those of the uninterrupted run that name no
// deleted document, the clusters are those a Grouper computes from scratch
// from the pairs left, clusters away from the deleted document keep their
// names, and the counts follow.
func TestDeleteEarlier(t *testing.T) {
	smallTrim(t)
	docs := storeDocs(60)
	d, _ := oracle(t, docs)
	all := d.Pairs()
	r := rand.New(rand.NewPCG(1, 2))
	deleted := map[string]bool{}
	for i := range 40 {
		x := docs[r.IntN(len(docs))].ID
		if i%4 == 0 { // one in a cluster
			cs := d.Clusters()
			c := cs[r.IntN(len(cs))]
			x = c.Members[r.IntN(len(c.Members))]
		}
		if deleted[x] {
			require.ErrorIs(t, d.Delete(x), ErrNotFound)
			continue
		}
		before := d.Clusters()
		require.NoError(t, d.Delete(x))
		deleted[x] = true
		msg := fmt.Sprintf("deleting %s", x)
		var want []Pair
		for _, p := range all {
			if !deleted[p.A] && !deleted[p.B] {
				want = append(want, p)
			}
		}
		samePairs(t, want, d, msg)
		after := d.Clusters()
		require.Equal(t, regrouped(d), partition(after), msg)
		kept := names(after)
		for _, c := range before {
			if !slices.Contains(c.Members, x) {
				assert.Equal(t, c.ID, kept[strings.Join(c.Members, " ")], "%s: a cluster apart keeps its name", msg)
			}
		}
		s := d.Stats()
		assert.Equal(t, len(deleted), s.Deletes)
		assert.Equal(t, len(docs)-len(deleted), s.Documents)
		assert.Equal(t, len(after), s.Clusters)
		assert.Equal(t, len(docs)-len(deleted), d.Len())
		for _, id := range []string{x, docs[r.IntN(len(docs))].ID} {
			info, ok := d.Document(id)
			require.Equal(t, !deleted[id], ok)
			for _, p := range info.Pairs {
				assert.False(t, deleted[p.A] || deleted[p.B], "%s: %s's pairs", msg, id)
			}
		}
	}
	require.ErrorIs(t, d.Delete("no such document"), ErrNotFound)
	// A deleted ID can be added again, and matches what it copies.
	for x := range deleted {
		i := slices.IndexFunc(docs, func(doc Document) bool { return doc.ID == x })
		_, err := d.Add(docs[i])
		require.NoError(t, err)
		_, ok := d.Document(x)
		require.True(t, ok)
	}
	assert.Equal(t, len(docs), d.Len())
}

// TestDeleteAll: deleting every document empties every index, pair and
// cluster.
func TestDeleteAll(t *testing.T) {
	smallTrim(t)
	docs := storeDocs(30)
	d, _ := oracle(t, docs)
	for _, i := range rand.New(rand.NewPCG(3, 4)).Perm(len(docs)) {
		require.NoError(t, d.Delete(docs[i].ID))
	}
	assert.Empty(t, d.Pairs())
	assert.Empty(t, d.Clusters())
	assert.Zero(t, d.Len())
	assert.Zero(t, d.ids.Len())
	assert.Zero(t, d.copies.Len())
	assert.Zero(t, d.lsh.Len())
	assert.Zero(t, d.sims.Len())
	assert.Zero(t, d.byDoc.Len())
	assert.Zero(t, d.weak.Len())
	assert.Zero(t, d.fingerprints)
	assert.Zero(t, d.entryBytes)
	assert.Zero(t, d.passages)
	assert.Zero(t, d.weakLinks)
	for id := d.shared.base; id < d.shared.end(); id++ {
		assert.Zero(t, *d.shared.at(id))
	}
	s := d.Stats()
	assert.Equal(t, Stats{Deletes: len(docs), Unverified: s.Unverified, MemoryBytes: s.MemoryBytes}, s)
	assert.Equal(t, 1, d.pairs.heldChunks(), "every chunk of pairs let go but the last")
	assert.Equal(t, uint32(len(docs))&^63, d.docs.base, "forgotten numbers let go")
	assert.Zero(t, d.groups.Len())
}

// TestDeleteStore: deletions on a persistent Detector are durable: closed
// and reopened, it holds what an in-memory Detector given the same adds
// and deletions holds, cluster names included, and the rest of the stream
// gives the same results.
func TestDeleteStore(t *testing.T) {
	smallTrim(t)
	docs := storeDocs(60)
	dir := filepath.Join(t.TempDir(), "index")
	want := New(Options{})
	r := rand.New(rand.NewPCG(5, 6))
	cuts := []int{0, len(docs) / 3, 2 * len(docs) / 3}
	for i := 1; i < len(cuts); i++ {
		d, err := Open(dir, Options{}, StoreOptions{})
		require.NoError(t, err)
		part := docs[cuts[i-1]:cuts[i]]
		addEach(t, want, part)
		addAllTo(t, d, part)
		for range 8 {
			x := docs[r.IntN(cuts[i])].ID
			werr := want.Delete(x)
			require.Equal(t, werr, d.Delete(x), "deleting %s", x)
		}
		require.NoError(t, d.Close())
		require.ErrorIs(t, d.Delete(docs[0].ID), ErrClosed)
	}
	d, err := Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err)
	defer d.Close()
	sameState(t, want, d)
	require.Positive(t, d.Stats().Deletes)
	rest := docs[cuts[len(cuts)-1]:]
	sameResults(t, addEach(t, want, rest), addEach(t, d, rest), "the rest of the stream")
	sameState(t, want, d)
}

// TestDeleteRecord: a deletion record naming a document the log does not
// hold is refused on Open.
func TestDeleteRecord(t *testing.T) {
	docs := storeDocs(5)
	d := New(Options{})
	addEach(t, d, docs[:3])
	x, id, err := decodeDelete(appendDelete(nil, 2, docs[2].ID))
	require.NoError(t, err)
	assert.Equal(t, uint32(2), x)
	assert.Equal(t, docs[2].ID, id)
	_, _, err = decodeDelete(append(appendDelete(nil, 2, "x"), 0))
	assert.ErrorIs(t, err, errRecord)
	restore := func(seq uint64, rec []byte) error {
		_, err := d.restore(seq, rec, nil, func(uint32, laterIndexes) {})
		return err
	}
	assert.ErrorContains(t, restore(4, appendDelete(nil, 2, "other")), "not a document held")
	assert.ErrorContains(t, restore(4, appendDelete(nil, 7, docs[2].ID)), "not a document held")
	require.NoError(t, restore(4, appendDelete(nil, 2, docs[2].ID)))
	assert.ErrorContains(t, restore(5, appendDelete(nil, 2, docs[2].ID)), "not a document held")
}

// retained returns a stream for the tests of Options.Retention: generated
// news over about 20 hours.
func retained(t testing.TB) []Document {
	docs := storeDocs(120)
	require.Greater(t, docs[len(docs)-1].Time.Sub(docs[0].Time), 10*time.Hour)
	return docs
}

// evictModel is the rule of Options.Retention, kept by brute force: which
// documents of a stream are held after each is added, and the cutoff its
// candidates were held to.
type evictModel struct {
	window  time.Duration
	newest  time.Time
	ages    []time.Time // by document
	held    []bool
	evicted int
}

// add applies the rule as document i, of time tm, is added, and returns
// the cutoff.
func (m *evictModel) add(tm time.Time) time.Time {
	age := m.newest
	if !tm.IsZero() {
		age = tm
		if tm.After(m.newest) {
			m.newest = tm
		}
	}
	cutoff := m.newest.Add(-m.window)
	for range evictPerAdd {
		oldest := -1
		for j, ok := range m.held {
			if ok && m.ages[j].Before(cutoff) && (oldest < 0 || m.ages[j].Before(m.ages[oldest])) {
				oldest = j
			}
		}
		if oldest < 0 {
			break
		}
		m.held[oldest] = false
		m.evicted++
	}
	m.ages = append(m.ages, age)
	m.held = append(m.held, true)
	return cutoff
}

// TestRetention: with a window of two hours, on a stream in the order
// generated (times out of order: reprints come days later) and on one in
// order of time, documents are evicted as the rule says (evictModel): no
// other is held, no pair or cluster names an evicted one, no document is
// matched to one older than its cutoff, the counts follow, and adding one
// at a time or by AddAll gives the same results. In order of time, no
// document older than the window is left at the end, and a later copy of
// an evicted story is not matched to it.
func TestRetention(t *testing.T) {
	smallTrim(t)
	const window = 2 * time.Hour
	opts := Options{Retention: window}
	byTime := slices.Clone(retained(t))
	slices.SortStableFunc(byTime, func(a, b Document) int { return a.Time.Compare(b.Time) })
	for _, docs := range [][]Document{retained(t), byTime} {
		d := New(opts)
		res := addEach(t, d, docs)
		batch := New(opts)
		sameResults(t, res, addAllTo(t, batch, docs), "AddAll")
		samePairs(t, d.Pairs(), batch, "AddAll")
		require.Equal(t, d.Clusters(), batch.Clusters())
		require.Equal(t, d.Stats(), batch.Stats())

		m := evictModel{window: window}
		index := map[string]int{}
		for i, doc := range docs {
			index[doc.ID] = i
			cutoff := m.add(doc.Time)
			for _, x := range res[i].Matches {
				require.False(t, m.ages[index[x.ID]].Before(cutoff), "%s matched to %s, older than its cutoff", doc.ID, x.ID)
			}
		}
		require.Positive(t, m.evicted)
		held := map[string]bool{}
		for i, doc := range docs {
			_, ok := d.Document(doc.ID)
			require.Equal(t, m.held[i], ok, "document %d, of %v", i, doc.Time)
			held[doc.ID] = ok
		}
		s := d.Stats()
		assert.Equal(t, m.evicted, s.Evictions)
		assert.Equal(t, len(docs)-m.evicted, s.Documents)
		assert.Equal(t, len(docs)-m.evicted, d.Len())
		for _, p := range d.Pairs() {
			require.True(t, held[p.A] && held[p.B], "pair %s %s", p.A, p.B)
		}
		for _, c := range d.Clusters() {
			for _, x := range c.Members {
				require.True(t, held[x], "member %s", x)
			}
		}
		if &docs[0] != &byTime[0] {
			continue
		}
		assert.Positive(t, d.docs.base, "forgotten numbers let go")
		last := docs[len(docs)-1].Time
		for i, doc := range docs {
			require.Equal(t, !doc.Time.Before(last.Add(-window)), m.held[i], "in order of time, document %d of %v", i, doc.Time)
		}
		// A copy of the first document's text, now: matched to it without a
		// window, not with one.
		cp := Document{ID: "copy", Text: docs[0].Text, Time: last}
		r, err := d.Add(cp)
		require.NoError(t, err)
		for _, x := range r.Matches {
			assert.NotEqual(t, docs[0].ID, x.ID, "matched to an evicted document")
		}
		all, _ := oracle(t, docs)
		r, err = all.Add(cp)
		require.NoError(t, err)
		assert.True(t, slices.ContainsFunc(r.Matches, func(x Match) bool { return x.ID == docs[0].ID }), "matched without a window")
		// An evicted ID can be added again.
		_, err = d.Add(docs[0])
		require.NoError(t, err)
	}
}

// TestRetentionStore: an index with a window, closed and reopened in the
// middle of the stream (and of a batch), evicts on replay what it evicted
// when the documents were added: it holds what an in-memory Detector with
// the same window holds, and the rest of the stream gives the same
// results. An index is reopened with its own Retention only.
func TestRetentionStore(t *testing.T) {
	smallTrim(t)
	docs := retained(t)
	opts := Options{Retention: 2 * time.Hour}
	want := New(opts)
	dir := filepath.Join(t.TempDir(), "index")
	cuts := []int{0, len(docs) / 3, len(docs) / 2, 3 * len(docs) / 4}
	for i := 1; i < len(cuts); i++ {
		d, err := Open(dir, opts, StoreOptions{})
		require.NoError(t, err)
		sameState(t, want, d)
		if i == 2 { // a document deleted, and added again
			x := docs[cuts[i-1]-1]
			for _, det := range []*Detector{want, d} {
				require.NoError(t, det.Delete(x.ID))
				_, err := det.Add(x)
				require.NoError(t, err)
			}
		}
		part := docs[cuts[i-1]:cuts[i]]
		sameResults(t, addEach(t, want, part), addAllTo(t, d, part), "a part of the stream")
		require.NoError(t, d.Close())
	}
	d, err := Open(dir, opts, StoreOptions{})
	require.NoError(t, err)
	sameState(t, want, d)
	rest := docs[cuts[len(cuts)-1]:]
	sameResults(t, addEach(t, want, rest), addEach(t, d, rest), "the rest of the stream")
	sameState(t, want, d)
	require.Positive(t, d.Stats().Evictions)
	require.NoError(t, d.Close())
	_, err = Open(dir, Options{Retention: time.Hour}, StoreOptions{})
	assert.ErrorContains(t, err, "Options.Retention 2h0m0s, not 1h0m0s")
	d, err = Open(dir, Options{}, StoreOptions{})
	require.NoError(t, err, "Retention 0: the index's own")
	sameState(t, want, d)
	require.NoError(t, d.Close())
}

// TestDeleteRace deletes documents while others are added by AddAll and
// the pairs and clusters are read: for the race detector, and for what is
// left: no pair or cluster names a deleted document.
func TestDeleteRace(t *testing.T) {
	smallTrim(t)
	docs := storeDocs(40)
	for _, opts := range []Options{{}, {Retention: time.Hour}} {
		d := New(opts)
		addEach(t, d, docs[:len(docs)/2])
		var wg sync.WaitGroup
		deleted := make(chan string, len(docs))
		wg.Add(2)
		go func() {
			defer wg.Done()
			addAllTo(t, d, docs[len(docs)/2:])
		}()
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(7, 8))
			for range 30 {
				x := docs[r.IntN(len(docs))].ID
				if d.Delete(x) == nil {
					deleted <- x
				}
				for p := range d.AllPairs() {
					_ = p.A
				}
				for c := range d.AllClusters() {
					_ = c.Members
				}
			}
		}()
		wg.Wait()
		close(deleted)
		gone := map[string]bool{}
		for x := range deleted {
			gone[x] = true
		}
		for _, p := range d.Pairs() {
			require.False(t, gone[p.A] || gone[p.B], "pair %s %s", p.A, p.B)
		}
		for _, c := range d.Clusters() {
			for _, m := range c.Members {
				require.False(t, gone[m], "member %s", m)
			}
		}
		assert.Equal(t, len(gone), d.Stats().Deletes)
	}
}

// TestRetentionCommonLine streams documents that all end with one credit
// line, a second apart, through Detectors keeping half an hour: the line's
// fingerprints have more carriers than the corpus rules read
// (maxCarriers), and while AddAll runs, documents admitted earlier are
// judged with carriers evicted since put back. AddAll must give Add's
// answers.
func TestRetentionCommonLine(t *testing.T) {
	if testing.Short() {
		t.Skip("2,500 documents")
	}
	const credit = "\n\nCopyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed without permission.\n"
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var docs []Document
	for i, d := range storeDocs(1100) {
		if i == 2500 {
			break
		}
		docs = append(docs, Document{ID: d.ID, Text: append(d.Text, credit...), Time: base.Add(time.Duration(i) * time.Second)})
	}
	require.Len(t, docs, 2500)
	opts := Options{Retention: 30 * time.Minute}
	d := New(opts)
	res := addEach(t, d, docs)
	batch := New(opts)
	sameResults(t, res, addAllTo(t, batch, docs), "AddAll")
	samePairs(t, d.Pairs(), batch, "AddAll")
	require.Equal(t, d.Clusters(), batch.Clusters())
	require.Equal(t, d.Stats(), batch.Stats())
	require.Equal(t, 2500-1801, d.Stats().Evictions)
}
