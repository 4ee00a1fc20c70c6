package dedupe

import (
	"github.com/newsreuse/dedupe/cluster"
)

// A Pair is two documents that are near-duplicates or share passages:
// B was added after A. Match describes A as seen from B: its passages'
// Start and End are offsets into B, OtherStart and OtherEnd into A.
type Pair struct {
	A, B  string
	a, b  uint32
	Match Match
}

// A Cluster is a group of documents that reuse the same text.
type Cluster struct {
	ID      string
	Members []string // in the order they were added
	// Source is the likely original: the earliest member when every
	// member has a time, otherwise the member holding the most shared text.
	Source string
}

// Pairs returns every pair found so far, in the order found. The slice is
// the caller's; the Matches inside are shared and must not be modified.
func (d *Detector) Pairs() []Pair {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	return d.pairs.appendTo(nil)
}

// Clusters returns every cluster of two or more documents, ordered by
// cluster name number.
func (d *Detector) Clusters() []Cluster {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	d.mu.RLock()
	defer d.mu.RUnlock()
	nums, members := d.groups.Clusters()
	out := make([]Cluster, 0, len(nums))
	for i, n := range nums {
		c := Cluster{ID: clusterName(n)}
		ms := make([]cluster.Member, 0, len(members[i]))
		for _, id := range members[i] {
			p := d.docs[id]
			c.Members = append(c.Members, p.id)
			ms = append(ms, cluster.Member{ID: id, Time: p.time, Shared: d.shared[id]})
		}
		if src, ok := cluster.Source(ms); ok {
			c.Source = d.docs[src].id
		}
		out = append(out, c)
	}
	return out
}

// Len returns the number of documents added.
func (d *Detector) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return len(d.docs)
}
